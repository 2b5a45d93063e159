// The configuration loader shared by the CLI and the server: pyproject/YAML/TOML/INI, type checks, discovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  findBanditIni,
  findPyprojectConfig,
  normaliseBanditTable,
  onConfigWarning,
  readBanditIni,
  readBanditYaml,
  readConfigFile,
  readPyproject,
  selectRules,
  validatePluginBlock,
  checkPerFileSkips,
  fileSkipIds,
  withoutIds,
} from '../server/src/engine/config';
import { project } from './helpers/cli';

function configError(fn: () => unknown, file: RegExp, key: string | undefined, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.file, file);
    assert.equal(e.key, key);
    assert.match(e.message, message);
    return true;
  });
}

/** Runs `fn`, returning its result and the configuration warnings it gave (`file [key]: message`). */
function warnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const out: string[] = [];
  onConfigWarning((file, key, message) => out.push(`${file}${key ? ` [${key}]` : ''}: ${message}`));
  try {
    return { result: fn(), warnings: out };
  } finally {
    onConfigWarning(() => {});
  }
}

test('pyproject: [tool.bandit] keys and every per-plugin block, typed', () => {
  const dir = project({
    'pyproject.toml': `[tool.bandit]
tests = ["B101", "B602"]
skips = ["B404"]
exclude_dirs = ["tests", "build"]

[tool.bandit.assert_used]
skips = ["*_test.py", "*/test_*.py"]
[tool.bandit.hardcoded_tmp_directory]
tmp_dirs = ["/tmp", "/scratch"]
[tool.bandit.try_except_pass]
check_typed_exception = true
[tool.bandit.try_except_continue]
check_typed_exception = false
[tool.bandit.ssl_with_bad_version]
bad_protocol_versions = ["PROTOCOL_SSLv2"]
[tool.bandit.weak_cryptographic_key]
weak_key_size_rsa_high = 1024
weak_key_size_rsa_medium = 2048
weak_key_size_dsa_high = 1024
weak_key_size_dsa_medium = 2048
weak_key_size_ec_high = 160
weak_key_size_ec_medium = 224
[tool.bandit.shell_injection]
subprocess = ["subprocess.Popen"]
shell = ["os.system"]
no_shell = ["os.execl"]
[tool.bandit.markupsafe_xss]
extend_markup_names = ["webhelpers.html.literal"]
allowed_calls = ["bleach.clean"]
`,
  });
  const cfg = readPyproject(path.join(dir, 'pyproject.toml'))!;
  assert.deepEqual(cfg.tests, ['B101', 'B602']);
  assert.deepEqual(cfg.skips, ['B404']);
  assert.deepEqual(cfg.excludeDirs, ['tests', 'build']);
  assert.deepEqual(cfg.plugins.assert_used, { skips: ['*_test.py', '*/test_*.py'] });
  assert.equal(cfg.plugins.try_except_pass!.check_typed_exception, true);
  assert.equal(cfg.plugins.weak_cryptographic_key!.weak_key_size_ec_medium, 224);
  assert.deepEqual(cfg.plugins.shell_injection, { subprocess: ['subprocess.Popen'], shell: ['os.system'], no_shell: ['os.execl'] });
  assert.deepEqual(cfg.plugins.markupsafe_xss!.allowed_calls, ['bleach.clean']);
  // No [tool.bandit]: undefined (keeps looking upwards).
  const none = project({ 'pyproject.toml': '[project]\nname = "x"\n' });
  assert.equal(readPyproject(path.join(none, 'pyproject.toml')), undefined);
});

test('bad values name the file and the dotted key', () => {
  const f = '/x/pyproject.toml';
  configError(() => normaliseBanditTable({ skips: 5 }, f, 'tool.bandit.'), /pyproject/, 'tool.bandit.skips', /expected a list of strings, got number 5/);
  configError(() => normaliseBanditTable({ skips: ['B1', 2] }, f), /pyproject/, 'skips', /list of strings/);
  configError(() => normaliseBanditTable({ assert_used: { skips: 'x' } }, f), /pyproject/, 'assert_used.skips', /list of strings/);
  configError(() => normaliseBanditTable({ assert_used: ['x'] }, f), /pyproject/, 'assert_used', /expected a table/);
  configError(() => normaliseBanditTable({ weak_cryptographic_key: { weak_key_size_rsa_high: -1 } }, f), /pyproject/, 'weak_cryptographic_key.weak_key_size_rsa_high', /positive integer/);
  configError(() => normaliseBanditTable({ weak_cryptographic_key: { weak_key_size_rsa_high: 1.5 } }, f), /pyproject/, 'weak_cryptographic_key.weak_key_size_rsa_high', /positive integer/);
  configError(() => normaliseBanditTable({ try_except_continue: { check_typed_exception: 'true' } }, f), /pyproject/, 'try_except_continue.check_typed_exception', /true or false/);
  configError(() => normaliseBanditTable({ include: 3 }, f), /pyproject/, 'include', /list of strings/);
  configError(() => normaliseBanditTable({ log_format: [] }, f), /pyproject/, 'log_format', /expected a string/);
  // bandit-config-generator's blocks (named after plugin functions) are accepted and type-checked.
  assert.deepEqual(validatePluginBlock('subprocess_popen_with_shell_equals_true', { shell: ['os.system'] }, f), { shell: ['os.system'] });
  configError(() => validatePluginBlock('ssl_with_bad_defaults', { bad_protocol_versions: 'x' }, f), /pyproject/, 'ssl_with_bad_defaults.bad_protocol_versions', /list/);
  // Comma strings are Bandit's CLI/INI form and are accepted for tests/skips.
  assert.deepEqual(normaliseBanditTable({ skips: 'B101, B102' }, f).skips, ['B101', 'B102']);
});

test('unknown keys and plugin blocks are warnings, as Bandit ignores them; the rest of the file applies', () => {
  const f = '/x/pyproject.toml';
  const a = warnings(() => normaliseBanditTable({ skips: ['B101'], assert_used: { skip: ['x'], skips: ['*_test.py'] }, shell_injections: {}, recursive: true }, f, 'tool.bandit.'));
  assert.deepEqual(a.result.skips, ['B101']);
  assert.deepEqual(a.result.plugins, { assert_used: { skips: ['*_test.py'] } });
  assert.equal(a.warnings.length, 3, a.warnings.join('\n'));
  assert.match(a.warnings[0]!, /^\/x\/pyproject\.toml \[tool\.bandit\.assert_used\.skip\]: unknown key, ignored \(expected one of skips\)/);
  assert.match(a.warnings[1]!, /\[tool\.bandit\.shell_injections\]: unknown key, ignored/);
  assert.match(a.warnings[2]!, /\[tool\.bandit\.recursive\]: unknown key, ignored/);
  // A shell_injection or weak_cryptographic_key block replaces Bandit's defaults whole: each key it leaves out
  // is named (the rule fixtures' fixture_partial.py files show what the rules then report, as Bandit 1.6.2 does).
  const partial = warnings(() => normaliseBanditTable({ shell_injection: { shell: ['os.system'] }, weak_cryptographic_key: { weak_key_size_rsa_high: 2048, weak_key_size_rsa_medium: 4096, weak_key_size_dsa_high: 1024, weak_key_size_dsa_medium: 2048, weak_key_size_ec_high: 160 } }, f, 'tool.bandit.'));
  assert.deepEqual(partial.result.plugins.shell_injection, { shell: ['os.system'] });
  assert.deepEqual(partial.warnings.map((w) => /\[(.*?)\]/.exec(w)![1]), ['tool.bandit.shell_injection.subprocess', 'tool.bandit.shell_injection.no_shell', 'tool.bandit.weak_cryptographic_key.weak_key_size_ec_medium']);
  assert.match(partial.warnings[0]!, /missing: a configured block replaces Bandit's defaults \(no merge\)/);
  assert.match(partial.warnings[2]!, /B505 reports nothing/);
  // Each warning is given once per file and key, however often the file is read.
  const again = warnings(() => [normaliseBanditTable({ recursive: true }, f), normaliseBanditTable({ recursive: true }, f)]);
  assert.equal(again.warnings.length, 1);
});

test('invalid TOML / unreadable files are ConfigErrors naming the file', () => {
  const dir = project({ 'pyproject.toml': '[tool.bandit\nskips = 1\n' });
  configError(() => readPyproject(path.join(dir, 'pyproject.toml')), /pyproject\.toml$/, undefined, /invalid TOML/);
  configError(() => readConfigFile(path.join(dir, 'nope.yaml')), /nope\.yaml$/, undefined, /cannot read: no such file/);
  const t = project({ 'pyproject.toml': '[tool]\nbandit = 3\n' });
  configError(() => readPyproject(path.join(t, 'pyproject.toml')), /pyproject/, 'tool.bandit', /must be a table/);
});

test('YAML (-c): the default schema constructs no objects; a !!python/object tag is rejected', () => {
  const dir = project({
    'ok.yaml': 'tests: [B101, B602]\nskips: [B404]\nshell_injection:\n  shell: [os.system, os.popen]\n',
    'evil.yaml': 'tests: !!python/object/apply:os.system ["touch pwned"]\n',
    'evil2.yaml': 'x: !!python/object:__main__.Foo {a: 1}\n',
    'js.yaml': 'x: !!js/function "function () { return 1 }"\n',
    'list.yaml': '- a\n- b\n',
    'empty.yaml': '',
    'dup.yaml': 'tests: [B101]\ntests: [B102]\n',
  });
  const ok = readBanditYaml(path.join(dir, 'ok.yaml'));
  assert.deepEqual(ok.tests, ['B101', 'B602']);
  assert.deepEqual(ok.plugins.shell_injection, { shell: ['os.system', 'os.popen'] });
  for (const f of ['evil.yaml', 'evil2.yaml', 'js.yaml']) configError(() => readConfigFile(path.join(dir, f)), new RegExp(f), undefined, /invalid YAML: unknown tag/);
  assert.ok(!fs.existsSync(path.join(dir, 'pwned')));
  configError(() => readBanditYaml(path.join(dir, 'list.yaml')), /list\.yaml/, undefined, /mapping at the top level/);
  configError(() => readBanditYaml(path.join(dir, 'dup.yaml')), /dup\.yaml/, undefined, /duplicated mapping key/);
  assert.deepEqual(readBanditYaml(path.join(dir, 'empty.yaml')).plugins, {});
});

test('-c TOML reads [tool.bandit]; absent table = empty config', () => {
  const dir = project({ 'a.toml': '[tool.bandit]\nskips = ["B101"]\n', 'b.toml': '[tool.other]\nx = 1\n' });
  assert.deepEqual(readConfigFile(path.join(dir, 'a.toml')).skips, ['B101']);
  assert.deepEqual(readConfigFile(path.join(dir, 'b.toml')), { file: path.join(dir, 'b.toml'), plugins: {} });
});

test('nearest pyproject.toml with [tool.bandit], upwards from a directory', () => {
  const dir = project({
    'pyproject.toml': '[tool.bandit]\nskips = ["B101"]\n',
    'a/pyproject.toml': '[project]\nname = "no bandit table"\n',
    'a/b/pyproject.toml': '[tool.bandit]\nskips = ["B102"]\n',
    'a/b/c/x.py': '',
  });
  assert.deepEqual(findPyprojectConfig(path.join(dir, 'a/b/c'))?.skips, ['B102']);
  assert.deepEqual(findPyprojectConfig(path.join(dir, 'a'))?.skips, ['B101'], 'a pyproject without [tool.bandit] is passed over');
  assert.equal(findPyprojectConfig(path.join(dir, 'a'), path.join(dir, 'a')), undefined, 'stopAt bounds the walk');
});

test('.bandit INI: configparser syntax, Bandit keys, discovery under the targets', () => {
  const dir = project({
    'p/.bandit': '[bandit]\n# comment\ntargets: src,lib\nexclude = /tests/,*.pyi\nskips: B101, B102\ntests = B602\nlevel = MEDIUM\nconfidence: high\nrecursive = true\nignore-nosec = false\nformat: json\n',
    'p/src/a.py': '',
  });
  const ini = readBanditIni(path.join(dir, 'p/.bandit'));
  assert.deepEqual(ini.targets, ['src', 'lib']);
  assert.deepEqual(ini.exclude, ['/tests/', '*.pyi']);
  assert.deepEqual(ini.skips, ['B101', 'B102']);
  assert.deepEqual(ini.tests, ['B602']);
  assert.equal(ini.level, 'medium');
  assert.equal(ini.confidence, 'high');
  assert.equal(ini.ignoreNosec, false);
  assert.equal(ini.format, 'json');
  assert.equal(findBanditIni([path.join(dir, 'p')]), path.join(dir, 'p/.bandit'));
  assert.equal(findBanditIni([path.join(dir, 'p/src/a.py')]), undefined, 'file targets are not searched');
  fs.mkdirSync(path.join(dir, 'p/src/deep'));
  fs.writeFileSync(path.join(dir, 'p/src/deep/.bandit'), '[bandit]\n');
  configError(() => findBanditIni([path.join(dir, 'p')]), /\.bandit/, undefined, /more than one \.bandit/);
  const bad = project({ '.bandit': '[bandit]\nlevle = LOW\nSkips = B101\n', 'x/.bandit': '[bandit]\nquiet = maybe\n' });
  // configparser lower-cases keys (`Skips` is `skips`); an unknown key is a warning.
  const unknown = warnings(() => readBanditIni(path.join(bad, '.bandit')));
  assert.deepEqual(unknown.result.skips, ['B101']);
  assert.equal(unknown.warnings.length, 1);
  assert.match(unknown.warnings[0]!, /\.bandit \[bandit\.levle\]: unknown key, ignored/);
  configError(() => readBanditIni(path.join(bad, 'x/.bandit')), /\.bandit/, 'bandit.quiet', /true or false/);
  // Files Bandit's parse_ini_file cannot use (it warns and goes on): YAML written as .bandit, another section
  // name, an unreadable --ini path. The file is ignored, with a warning.
  const odd = project({ 'y/.bandit': 'skips: ["B101"]\n', 'u/.bandit': '[BANDIT]\nskips = B101\n' });
  for (const file of [path.join(odd, 'y/.bandit'), path.join(odd, 'u/.bandit'), path.join(odd, 'missing.ini')]) {
    const r = warnings(() => readBanditIni(file));
    assert.deepEqual(r.result, { file });
    assert.equal(r.warnings.length, 1, file);
    assert.match(r.warnings[0]!, /the file is ignored, as Bandit ignores it/);
  }
});

test('selectRules: tests only, skips only, both; B001 = all blacklists; unknown and conflicting ids', () => {
  const all = ['B101', 'B301', 'B403', 'B506'];
  const bl = ['B301', 'B403'];
  assert.deepEqual([...selectRules(all, bl, undefined, undefined)].sort(), all);
  assert.deepEqual([...selectRules(all, bl, ['B101'], undefined)], ['B101']);
  assert.deepEqual([...selectRules(all, bl, undefined, ['B001'])].sort(), ['B101', 'B506']);
  assert.deepEqual([...selectRules(all, bl, ['B001', 'B506'], ['B403'])].sort(), ['B301', 'B506']);
  configError(() => selectRules(all, bl, ['B999'], undefined, 'cfg.yaml'), /cfg\.yaml/, 'tests', /unknown test id 'B999'/);
  configError(() => selectRules(all, bl, ['B101'], ['B101'], 'cfg.yaml'), /cfg\.yaml/, 'tests', /in both/);
});

test('per_file_skips: .gitignore patterns relative to the config file, B001, bad values and unknown ids', () => {
  const dir = project({
    'pyproject.toml': '[tool.bandit]\nskips = ["B506"]\n[tool.bandit.per_file_skips]\n"tests/" = ["B101", "B105"]\n"test_*.py" = "B101"\n"/setup.py" = ["B001"]\n"docs/**/*.py" = []\n',
    'cfg.yaml': 'per_file_skips:\n  "*.py": [B403]\n',
  });
  const toml = readPyproject(path.join(dir, 'pyproject.toml'))!;
  assert.deepEqual(toml.perFileSkips, [
    { pattern: 'tests/', ids: ['B101', 'B105'] },
    { pattern: 'test_*.py', ids: ['B101'] },
    { pattern: '/setup.py', ids: ['B001'] },
    { pattern: 'docs/**/*.py', ids: [] },
  ]);
  const all = ['B101', 'B105', 'B301', 'B403', 'B506'];
  const bl = ['B301', 'B403'];
  const rules = { ids: all, blacklist: bl };
  const at = (rel: string) => fileSkipIds(toml, path.join(dir, ...rel.split('/')), rules);
  assert.deepEqual(at('tests/a.py'), ['B101', 'B105']);
  assert.deepEqual(at('tests/unit/test_a.py'), ['B101', 'B105']);
  assert.deepEqual(at('pkg/test_b.py'), ['B101']);
  assert.deepEqual(at('pkg/tests_b.py'), []);
  assert.deepEqual(at('pkg/tests/c.py'), ['B101', 'B105'], 'a pattern without a leading / matches at any depth');
  assert.deepEqual(at('setup.py'), ['B301', 'B403']);
  assert.deepEqual(at('pkg/setup.py'), [], 'a leading / anchors to the config file\'s directory');
  assert.deepEqual(at('docs/x/y.py'), []);
  assert.deepEqual(fileSkipIds(toml, path.join(path.dirname(dir), 'tests', 'a.py'), rules), [], 'outside the config file\'s directory');
  // The selection without them; the same set when none apply.
  const enabled = selectRules(all, bl, toml.tests, toml.skips);
  assert.deepEqual([...withoutIds(enabled, at('tests/a.py'))].sort(), ['B301', 'B403']);
  assert.equal(withoutIds(enabled, []), enabled);
  // YAML (-c) takes the same key; its patterns are relative to the YAML file.
  const yml = readConfigFile(path.join(dir, 'cfg.yaml'));
  assert.deepEqual(fileSkipIds(yml, path.join(dir, 'deep', 'er', 'x.py'), rules), ['B403']);
  // Bad values name the key; an unknown id is found when the config is checked against the rules.
  configError(() => normaliseBanditTable({ per_file_skips: ['tests/'] }, 'c.toml'), /c\.toml/, 'per_file_skips', /table/);
  configError(() => normaliseBanditTable({ per_file_skips: { 'tests/': 3 } }, 'c.toml'), /c\.toml/, 'per_file_skips."tests/"', /list of strings/);
  configError(() => normaliseBanditTable({ per_file_skips: { ' ': ['B101'] } }, 'c.toml'), /c\.toml/, 'per_file_skips." "', /file pattern/);
  const bad = normaliseBanditTable({ per_file_skips: { 'tests/': ['B101', 'B999'] } }, path.join(dir, 'c.toml'));
  configError(() => checkPerFileSkips(bad, rules), /c\.toml/, 'per_file_skips."tests/"', /unknown test id 'B999'/);
  configError(() => fileSkipIds(bad, path.join(dir, 'tests', 'a.py'), rules), /c\.toml/, 'per_file_skips."tests/"', /unknown test id 'B999'/);
});

test('config keys named like Object.prototype members are unknown keys, not crashes', () => {
  for (const table of [{ constructor: { skips: [] } }, { toString: 'x' }, { assert_used: { constructor: ['x'] } }]) {
    const r = warnings(() => normaliseBanditTable(table as Record<string, unknown>, 'pyproject.toml', 'tool.bandit.'));
    assert.equal(r.warnings.length, 1, JSON.stringify(table));
    assert.match(r.warnings[0]!, /unknown key, ignored/);
    assert.ok(!Object.hasOwn(r.result.plugins, 'constructor') && !Object.hasOwn(r.result.plugins, 'toString'));
  }
});
