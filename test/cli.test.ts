// CLI end to end: spawns the built `node dist/cli.js` on small temp projects (Bandit's flags, formats, exit codes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import yaml from 'js-yaml';
import { CLI, ids, json, project, vigil } from './helpers/cli';
import { RULES } from '../rules';
import { workerYoungGenerationMb } from '../server/src/cli/run';
import { banditSpelling } from '../server/src/cli/files';

const APP = `import yaml
import pickle


def f(data):
    x = yaml.load(data)
    assert x
    return pickle.loads(data)  # nosec
`;

test('json: Bandit schema, fields and values of a known finding (checked against bandit 1.6.2 by hand)', () => {
  const dir = project({ 'app.py': APP });
  const r = vigil(dir, ['scan', '.', '-f', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const j = json(r);
  assert.deepEqual(Object.keys(j).sort(), ['errors', 'generated_at', 'metrics', 'results']);
  assert.match(j.generated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(j.errors, []);
  assert.deepEqual(ids(j), ['B403@2', 'B506@6', 'B101@7']);
  const b506 = j.results[1]!;
  assert.deepEqual(b506, {
    code: '5 def f(data):\n6     x = yaml.load(data)\n7     assert x\n',
    col_offset: 8,
    end_col_offset: 23,
    filename: './app.py',
    issue_confidence: 'HIGH',
    issue_cwe: { id: 20, link: 'https://cwe.mitre.org/data/definitions/20.html' },
    issue_severity: 'MEDIUM',
    issue_text: 'Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().',
    line_number: 6,
    line_range: [6],
    more_info: 'https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html',
    test_id: 'B506',
    test_name: 'yaml_load',
  });
  assert.equal(j.results[0]!.test_name, 'blacklist');
  assert.equal(j.results[0]!.code, '1 import yaml\n2 import pickle\n3 \n');
  // Metrics count every finding; the blanket nosec on line 8 counts as nosec.
  const m = {
    'CONFIDENCE.HIGH': 3, 'CONFIDENCE.LOW': 0, 'CONFIDENCE.MEDIUM': 0, 'CONFIDENCE.UNDEFINED': 0,
    'SEVERITY.HIGH': 0, 'SEVERITY.LOW': 2, 'SEVERITY.MEDIUM': 1, 'SEVERITY.UNDEFINED': 0,
    loc: 6, nosec: 1, skipped_tests: 0,
  };
  assert.deepEqual(j.metrics['./app.py'], m);
  assert.deepEqual(j.metrics._totals, m);
  // Python json.dumps(sort_keys=True, indent=2) layout.
  assert.ok(r.stdout.startsWith('{\n  "errors": [],\n  "generated_at": '), r.stdout.slice(0, 80));
});

test('json: file names keep the command-line spelling; code context at line 1 and at the end of the file', () => {
  const dir = project({ 'src/pkg/a.py': 'import pickle\n', 'b.py': 'x = 1\n\nimport pickle' });
  const j = json(vigil(dir, ['src', 'b.py', '-f', 'json']));
  assert.deepEqual(j.results.map((r) => r.filename), ['b.py', 'src/pkg/a.py']);
  assert.equal(j.results[1]!.code, '1 import pickle\n');
  // Last line without a newline: linecache adds one.
  assert.equal(j.results[0]!.code, '2 \n3 import pickle\n');
  const j2 = json(vigil(dir, ['./src/', '-f', 'json']));
  assert.deepEqual(j2.results.map((r) => r.filename), ['./src/pkg/a.py']);
  // A name starting with two dots is below the target like any other (not `../`).
  assert.equal(banditSpelling(path.join('src', 'pkg', 'a.py'), ['./src/']), './src/pkg/a.py');
  assert.equal(banditSpelling(path.join('src', '..dots.py'), ['./src/']), './src/..dots.py');
  assert.equal(banditSpelling(path.join('lib', 'x.py'), ['./src/']), path.join('lib', 'x.py'));
});

test('text: Bandit screen shape, no colour when not a TTY', () => {
  const dir = project({ 'app.py': APP });
  const r = vigil(dir, ['.', '-f', 'txt']);
  assert.equal(r.code, 1);
  const out = r.stdout;
  assert.ok(!out.includes('\x1b['), 'no ANSI escapes');
  assert.ok(out.includes('Test results:\n>> Issue: [B403:blacklist] Consider possible security implications associated with pickle module.\n'));
  assert.ok(
    out.includes(
      '>> Issue: [B506:yaml_load] Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().\n' +
        '   Severity: Medium   Confidence: High\n' +
        '   CWE: CWE-20 (https://cwe.mitre.org/data/definitions/20.html)\n' +
        '   More Info: https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html\n' +
        '   Location: ./app.py:6:8\n' +
        '5\tdef f(data):\n6\t    x = yaml.load(data)\n7\t    assert x\n\n' +
        '-'.repeat(50),
    ),
    out,
  );
  assert.match(out, /Code scanned:\n\tTotal lines of code: 6\n\tTotal lines skipped \(#nosec\): 1\n/);
  assert.match(out, /Total issues \(by severity\):\n\t\tUndefined: 0\n\t\tLow: 2\n\t\tMedium: 1\n\t\tHigh: 0\n/);
  assert.match(out, /Files skipped \(0\):\n$/);
  // Default format is text; -q with no findings prints nothing.
  assert.ok(vigil(dir, ['app.py']).stdout.includes('>> Issue: [B506:yaml_load]'));
  const clean = project({ 'ok.py': 'print(1)\n' });
  const q = vigil(clean, ['-q', 'ok.py']);
  assert.equal(q.code, 0);
  assert.equal(q.stdout, '');
  assert.match(vigil(clean, ['ok.py']).stdout, /No issues identified\./);
});

test('text: coloured on a TTY unless NO_COLOR is set (pseudo-terminal via script(1))', (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('script(1) not available');
  const dir = project({ 'app.py': APP });
  const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --no-cache app.py`;
  const env = { ...process.env };
  delete env.NO_COLOR;
  const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
  assert.ok(tty.stdout.includes('\x1b[93m>> Issue: [B506:yaml_load]'), JSON.stringify(tty.stdout.slice(0, 300)));
  assert.ok(tty.stdout.includes('\x1b[95mTest results:\x1b[0m'));
  const plain = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
  assert.ok(plain.stdout.includes('>> Issue: [B506:yaml_load]'));
  assert.ok(!plain.stdout.includes('\x1b['));
});

test('exit codes: 0 clean / skipped only, 1 findings, 0 with --exit-zero, 2 usage errors', () => {
  const dir = project({ 'app.py': APP, 'ok.py': 'print("hello")\n' });
  assert.equal(vigil(dir, ['ok.py']).code, 0);
  assert.equal(vigil(dir, ['app.py']).code, 1);
  assert.equal(vigil(dir, ['app.py', '--exit-zero']).code, 0);
  // Non-existent path only: listed in errors, exit 0 (Bandit's test_runtime).
  const ne = vigil(dir, ['missing.py', '-f', 'json']);
  assert.equal(ne.code, 0);
  assert.deepEqual(json(ne).errors, [{ filename: 'missing.py', reason: 'No such file or directory' }]);
  const usage: string[][] = [
    [], // no targets
    ['app.py', '--bogus'],
    ['app.py', '-f', 'pdf'],
    ['app.py', '-f', 'constructor'],
    ['app.py', '-t', 'B999'],
    ['app.py', '-s', 'B506', '-t', 'B506'],
    ['app.py', '--severity-level', 'extreme'],
    ['app.py', '-l', '--severity-level', 'high'],
    ['app.py', '--jobs', 'zero'],
    ['app.py', '--unsafe-fixes'],
    ['app.py', '-c', 'nope.yaml'],
    ['app.py', '-s', RULES.map((r) => r.id).join(',')], // no tests would run
  ];
  for (const args of usage) {
    const r = vigil(dir, args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /vigil: error: /, args.join(' '));
  }
  assert.match(vigil(dir, ['app.py', '-t', 'B999']).stderr, /unknown test id 'B999'/);
  assert.match(vigil(dir, ['app.py', '-s', 'B506', '-t', 'B506']).stderr, /B506 is in both/);
  assert.match(vigil(dir, ['app.py', '-s', RULES.map((r) => r.id).join(',')]).stderr, /no tests would be run/);
  assert.match(vigil(dir, []).stderr, /no targets/);
  const v = vigil(dir, ['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^vigil \d+\.\d+\.\d+\n$/);
});

test('-t/-s, -l/-ll/-lll, -i and --severity-level filter results and the exit code; metrics still count all', () => {
  const dir = project({ 'app.py': APP });
  const run = (...a: string[]) => json(vigil(dir, ['app.py', '-f', 'json', ...a]));
  assert.deepEqual(ids(run('-t', 'B506')), ['B506@6']);
  assert.deepEqual(ids(run('-t', 'B506,B101')), ['B506@6', 'B101@7']);
  assert.deepEqual(ids(run('-s', 'B101')), ['B403@2', 'B506@6']);
  assert.deepEqual(ids(run('-s', 'B001')), ['B506@6', 'B101@7'], 'B001 = every blacklist id');
  assert.deepEqual(ids(run('-l')), ['B403@2', 'B506@6', 'B101@7']);
  assert.deepEqual(ids(run('-ll')), ['B506@6']);
  assert.deepEqual(ids(run('-lll')), []);
  assert.deepEqual(ids(run('--severity-level', 'medium')), ['B506@6']);
  assert.deepEqual(ids(run('-iii')), ['B403@2', 'B506@6', 'B101@7']);
  const high = run('--severity-level', 'high');
  assert.equal(high.metrics._totals!['SEVERITY.MEDIUM'], 1, 'metrics are not filtered');
  assert.equal(vigil(dir, ['app.py', '-lll']).code, 0, 'nothing at/above HIGH: exit 0');
  assert.equal(vigil(dir, ['app.py', '-ll']).code, 1);
  // -t narrows metrics too (tests not run are not counted).
  assert.equal(run('-t', 'B506').metrics._totals!['SEVERITY.LOW'], 0);
});

test("the config's include globs choose the files a directory walk lists (default *.py, *.pyw); named files are always read", () => {
  const dir = project({ 'sub/a.py': 'import pickle\n', 'sub/b.pyx': 'import pickle\n', 'sub/c.pyw': 'import pickle\n', 'p.toml': '[tool.bandit]\ninclude = ["*.pyx", "*/a.py"]\n', 'b.yaml': 'include: ["*.pyx"]\n' });
  const files = (...a: string[]) => json(vigil(dir, ['-f', 'json', ...a])).results.map((r) => r.filename).sort();
  assert.deepEqual(files('sub'), ['sub/a.py', 'sub/c.pyw']);
  // fnmatch on the walked path (`*` also matches `/`), as Bandit 1.6.2 does on this tree.
  assert.deepEqual(files('sub', '-c', 'p.toml'), ['sub/a.py', 'sub/b.pyx']);
  assert.deepEqual(files('sub', '-c', 'b.yaml'), ['sub/b.pyx']);
  assert.deepEqual(files('sub/a.py', '-c', 'b.yaml'), ['sub/a.py']);
  // A pyproject.toml found for the target applies as -c would.
  fs.copyFileSync(path.join(dir, 'p.toml'), path.join(dir, 'sub', 'pyproject.toml'));
  assert.deepEqual(files('sub'), ['sub/a.py', 'sub/b.pyx']);
});

test('-x excludes: fnmatch glob, substring, and an existing directory becomes dir/*', () => {
  const dir = project({ 'a/x.py': 'import pickle\n', 'tests/t.py': 'import pickle\n', 'b/gen_y.py': 'import pickle\n', 'c.py': 'import pickle\n' });
  const files = (...a: string[]) => json(vigil(dir, ['-r', '.', '-f', 'json', ...a])).results.map((r) => r.filename).sort();
  assert.deepEqual(files(), ['./a/x.py', './b/gen_y.py', './c.py', './tests/t.py']);
  assert.deepEqual(files('-x', './tests'), ['./a/x.py', './b/gen_y.py', './c.py']);
  assert.deepEqual(files('-x', '*/gen_*.py'), ['./a/x.py', './c.py', './tests/t.py']);
  // Bandit 1.6.2 run on this tree: `tests` and `a/` become `tests/*` and `a/*`, which neither fnmatch nor occur in
  // `./tests/t.py` or `./a/x.py`: nothing is excluded (the quirk of spec §3.2); `./tests` works.
  assert.deepEqual(files('-x', 'tests,a/'), ['./a/x.py', './b/gen_y.py', './c.py', './tests/t.py']);
  assert.deepEqual(files('-x', '*/tests/*'), ['./a/x.py', './b/gen_y.py', './c.py']);
  assert.deepEqual(files('-x', './a/*,./c.py'), ['./b/gen_y.py', './tests/t.py']);
  // Bandit's default -x list (.git, CVS, ... as substrings) leaves out ./.github/...; any -x list, or a .bandit
  // exclude, replaces it (Bandit 1.7+; 1.6.2 had no default list).
  fs.mkdirSync(path.join(dir, '.github', 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.github', 'scripts', 'ci.py'), 'import pickle\n');
  assert.ok(!files().includes('./.github/scripts/ci.py'));
  assert.ok(files('-x', './tests').includes('./.github/scripts/ci.py'));
  fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nexclude = ./b\n');
  assert.deepEqual(files(), ['./.github/scripts/ci.py', './a/x.py', './c.py', './tests/t.py']);
});

test('config: nearest pyproject.toml [tool.bandit] per file, per-plugin block effect, .bandit INI, -c YAML', () => {
  const dir = project({
    'top.py': 'assert True\nimport pickle\n',
    'sub/pyproject.toml': '[project]\nname = "x"\n\n[tool.bandit]\nskips = ["B403"]\n\n[tool.bandit.assert_used]\nskips = ["*_test.py"]\n',
    'sub/a.py': 'assert True\nimport pickle\n',
    'sub/a_test.py': 'assert True\nimport pickle\n',
  });
  const j = json(vigil(dir, ['.', '-f', 'json']));
  assert.deepEqual(j.results.map((r) => `${r.filename}:${r.test_id}`).sort(), ['./sub/a.py:B101', './top.py:B101', './top.py:B403']);

  // .bandit INI found under the target; `key: value` syntax (configparser) works; CLI wins over INI.
  const ini = project({ 'proj/.bandit': '[bandit]\nskips: B101\n', 'proj/m.py': 'assert True\nimport pickle\n' });
  assert.deepEqual(ids(json(vigil(ini, ['proj', '-f', 'json']))), ['B403@2']);
  assert.deepEqual(ids(json(vigil(ini, ['proj', '-f', 'json', '-s', 'B403']))), ['B101@1']);
  fs.writeFileSync(path.join(ini, 'proj', 'sub.bandit'), '');
  fs.mkdirSync(path.join(ini, 'proj', 'inner'));
  fs.writeFileSync(path.join(ini, 'proj', 'inner', '.bandit'), '[bandit]\nskips = B403\n');
  const two = vigil(ini, ['proj', '-f', 'json']);
  assert.equal(two.code, 2, 'more than one .bandit');
  assert.match(two.stderr, /more than one \.bandit/);
  assert.deepEqual(ids(json(vigil(ini, ['proj', '-f', 'json', '--ini', 'proj/inner/.bandit']))), ['B101@1']);
  // INI targets are used when the command line has none (only with --ini: discovery walks the targets).
  fs.writeFileSync(path.join(ini, 'targets.ini'), '[bandit]\ntargets = proj/m.py\ntests = B403\n');
  const viaIni = json(vigil(ini, ['--ini', 'targets.ini', '-f', 'json']));
  assert.deepEqual(viaIni.results.map((r) => `${r.filename}:${r.test_id}`), ['proj/m.py:B403']);

  // -c YAML with a shell_injection block: a custom subprocess function becomes B602.
  const y = project({
    'bandit.yaml': 'tests: [B602]\nshell_injection:\n  subprocess: [mylib.run]\n',
    'm.py': 'import mylib\nimport subprocess\nmylib.run("ls " + x, shell=True)\nsubprocess.Popen("ls " + x, shell=True)\n',
  });
  assert.deepEqual(ids(json(vigil(y, ['m.py', '-f', 'json', '-c', 'bandit.yaml']))), ['B602@3']);
  assert.deepEqual(ids(json(vigil(y, ['m.py', '-f', 'json', '-t', 'B602']))), ['B602@4']);
  // -c pyproject.toml reads [tool.bandit].
  const t = project({ 'cfg/pyproject.toml': '[tool.bandit]\ntests = ["B403"]\n', 'm.py': 'assert x\nimport pickle\n' });
  assert.deepEqual(ids(json(vigil(t, ['m.py', '-f', 'json', '-c', 'cfg/pyproject.toml']))), ['B403@2']);
});

test('-p selects a legacy profile of the -c config: its lists replace tests/skips, -t adds (as bandit 1.6.2, checked by hand)', () => {
  const dir = project({
    'b.yaml': [
      'tests: [B101]',
      'profiles:',
      '  ShellInjection:',
      '    include: [subprocess_popen_with_shell_equals_true, B105]',
      '    exclude:',
      '  Legacy:',
      '    include: [blacklist_calls]',
      '  Unknown:',
      '    include: [no_such_plugin]',
      '  LegacyMinus:',
      '    include: [blacklist_calls]',
      '    exclude: [B301]',
      '  Both:',
      '    include: [B602]',
      '    exclude: [subprocess_popen_with_shell_equals_true]',
      'blacklist_calls:',
      '  bad_name_sets: []',
      '',
    ].join('\n'),
    'pyproject.toml': '[tool.bandit.profiles.Imports]\ninclude = ["B403"]\n',
    '.bandit.ini': '[bandit]\nprofile = ShellInjection\n',
    't.py': 'import subprocess\nsubprocess.call("ls", shell=True)\npassword = "hunter2"\nimport pickle\npickle.loads(b"")\nassert True\n',
  });
  const run = (...args: string[]) => vigil(dir, ['t.py', '-f', 'json', ...args]);
  // Without -p the config's tests apply; with it, the profile's (plugin names become ids).
  assert.deepEqual(ids(json(run('-c', 'b.yaml'))), ['B101@6']);
  const shell = run('-c', 'b.yaml', '-p', 'ShellInjection');
  assert.deepEqual(ids(json(shell)), ['B602@2', 'B105@3']);
  assert.match(shell.stderr, /\[profiles\]: deprecated legacy configuration/);
  assert.deepEqual(ids(json(run('-c', 'b.yaml', '-p', 'ShellInjection', '-t', 'B403'))), ['B602@2', 'B105@3', 'B403@4']);
  // The legacy blacklist test names stand for B001 (every blacklist id); the config's custom data is not used.
  const legacy = run('-c', 'b.yaml', '-p', 'Legacy');
  assert.deepEqual(ids(json(legacy)), ['B301@5']);
  assert.match(legacy.stderr, /\[blacklist_calls\]: legacy blacklist data is not supported/);
  assert.deepEqual(ids(json(run('-c', 'b.yaml', '-p', 'LegacyMinus'))), []);
  // [tool.bandit.profiles] in a TOML config; the INI's `profile` key when the command line has none.
  assert.deepEqual(ids(json(run('-c', 'pyproject.toml', '-p', 'Imports'))), ['B403@4']);
  assert.deepEqual(ids(json(run('-c', 'b.yaml', '--ini', '.bandit.ini'))), ['B602@2', 'B105@3']);
  // Exit 2: no such profile, no config, an unknown test, a test in both lists, legacy names without their data.
  const cases: [string[], RegExp][] = [
    [['-c', 'b.yaml', '-p', 'Missing'], /b\.yaml: unable to find profile \(Missing\)/],
    [['-p', 'ShellInjection'], /no -c\/--configfile\): unable to find profile \(ShellInjection\)/],
    [['-c', 'b.yaml', '-p', 'Unknown'], /\[profiles\.Unknown\]: unknown test found in profile: no_such_plugin/],
    [['-c', 'b.yaml', '-p', 'Both'], /\[profiles\.Both\]: non-exclusive include\/exclude test sets: B602/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  }
  fs.writeFileSync(path.join(dir, 'nodata.yaml'), 'profiles:\n  L:\n    include: [blacklist_imports]\n');
  const nodata = run('-c', 'nodata.yaml');
  assert.equal(nodata.code, 2, 'a profile naming a legacy test without its data is a config error even unused');
  assert.match(nodata.stderr, /legacy test 'blacklist_imports' but the config has no blacklist_imports data/);
});

test("findings on one node come in Bandit's test order: plugin entry-point names, then the blacklist", () => {
  const dir = project({
    'ord.py': 'import requests\nimport subprocess\nfrom django.utils.safestring import mark_safe\nrequests.get(u, verify=False)\nsubprocess.Popen("ls", shell=True)\nmark_safe(x)\n',
  });
  const r = vigil(dir, ['ord.py', '-f', 'custom', '--msg-template', '{line} {test_id}']);
  // bandit 1.6.2 prints the same order (checked by hand) without B113, which it lacks: request_with_no_cert_validation
  // (B501) sorts before request_without_timeout (B113), start_process_with_partial_path (B607) before
  // subprocess_popen_with_shell_equals_true (B602), and the blacklist (B308) comes after django_mark_safe (B703).
  assert.deepEqual(r.stdout.trim().split('\n'), ['2 B404', '4 B501', '4 B113', '5 B607', '5 B602', '6 B703', '6 B308']);
});

test('a bad config file: exit 2 and the message names the file and the key; YAML object tags are rejected', () => {
  const cases: [Record<string, string>, string[], RegExp][] = [
    [{ 'pyproject.toml': '[tool.bandit]\nskips = 5\n', 'm.py': 'x=1\n' }, ['m.py'], /pyproject\.toml \[tool\.bandit\.skips\]: expected a list of strings/],
    [{ 'pyproject.toml': '[tool.bandit.shell_injection]\nshell = "os.system"\n', 'm.py': 'x=1\n' }, ['m.py'], /pyproject\.toml \[tool\.bandit\.shell_injection\.shell\]: expected a list of strings/],
    [{ 'pyproject.toml': '[tool.bandit]\nskips = ["B999"]\n', 'm.py': 'x=1\n' }, ['m.py'], /pyproject\.toml \[skips\]: unknown test id 'B999'/],
    [{ 'pyproject.toml': '[tool.bandit\n', 'm.py': 'x=1\n' }, ['m.py'], /pyproject\.toml: invalid TOML/],
    [{ 'b.yaml': 'weak_cryptographic_key:\n  weak_key_size_rsa_high: big\n', 'm.py': 'x=1\n' }, ['m.py', '-c', 'b.yaml'], /b\.yaml \[weak_cryptographic_key\.weak_key_size_rsa_high\]: expected a positive integer/],
    [{ 'b.yaml': 'try_except_pass:\n  check_typed_exception: "yes"\n', 'm.py': 'x=1\n' }, ['m.py', '-c', 'b.yaml'], /\[try_except_pass\.check_typed_exception\]: expected true or false/],
    [{ 'b.yaml': 'skips: !!python/object/apply:os.system ["touch pwned"]\n', 'm.py': 'x=1\n' }, ['m.py', '-c', 'b.yaml'], /b\.yaml: invalid YAML: unknown tag/],
    [{ '.bandit': '[bandit]\nlevel = extreme\n', 'm.py': 'x=1\n' }, ['.'], /\.bandit \[bandit\.level\]/],
  ];
  for (const [files, args, re] of cases) {
    const dir = project(files);
    const r = vigil(dir, [...args, '-f', 'json']);
    assert.equal(r.code, 2, `${JSON.stringify(files)}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '', 'no report on a config error');
    assert.ok(!fs.existsSync(path.join(dir, 'pwned')));
  }
});

test('configuration Bandit reads with a warning is a warning here too: the scan runs and the rest applies', () => {
  const cases: [Record<string, string>, string[], RegExp][] = [
    // An unknown plugin block and key in an automatically found pyproject.toml (Bandit would not even read it).
    [{ 'pyproject.toml': '[tool.bandit]\nrecursive = true\nskips = ["B404"]\n[tool.bandit.shel_injection]\nshell = []\n', 'm.py': 'import subprocess\nimport pickle\n' }, ['.'], /\[tool\.bandit\.recursive\]: unknown key, ignored[\s\S]*\[tool\.bandit\.shel_injection\]: unknown key, ignored/],
    // A .bandit that is YAML, not INI, and one with another section name: ignored, as Bandit ignores them.
    [{ '.bandit': 'skips: ["B403"]\n', 'm.py': 'import subprocess\nimport pickle\n' }, ['.'], /\.bandit: not an INI file with a \[bandit\] section; the file is ignored/],
    [{ '.bandit': '[BANDIT]\nskips = B403\n', 'm.py': 'import subprocess\nimport pickle\n' }, ['.'], /\.bandit: not an INI file with a \[bandit\] section/],
    [{ 'm.py': 'import subprocess\nimport pickle\n' }, ['.', '--ini', 'nope.ini'], /nope\.ini: cannot read: no such file; the file is ignored/],
  ];
  const expected = [['B403@2'], ['B404@1', 'B403@2'], ['B404@1', 'B403@2'], ['B404@1', 'B403@2']];
  cases.forEach(([files, args, re], i) => {
    const dir = project(files);
    const r = vigil(dir, [...args, '-f', 'json']);
    assert.equal(r.code, 1, `${JSON.stringify(files)}: ${r.stderr}`);
    assert.match(r.stderr, /vigil: warning: configuration: /);
    assert.match(r.stderr, re);
    assert.deepEqual(ids(json(r)), expected[i]);
  });
});

test("-n sets the lines of code shown per issue (Bandit's get_code); -a, -v and -d are accepted", () => {
  const dir = project({ 'm.py': 'import os\nx = 1\ny = 2\nimport pickle\nz = 3\nw = 4\nq = 5\nimport subprocess\n' });
  const code = (...a: string[]) => json(vigil(dir, ['m.py', '-f', 'json', ...a])).results.map((r) => r.code);
  // get_code(max_lines): lmin = max(1, line - max_lines // 2), up to lmin + len(line_range) + max_lines - 1.
  assert.deepEqual(code(), ['3 y = 2\n4 import pickle\n5 z = 3\n', '7 q = 5\n8 import subprocess\n']);
  assert.deepEqual(code('-n', '1'), ['4 import pickle\n', '8 import subprocess\n']);
  assert.deepEqual(code('-n', '5', '-a', 'vuln', '-v', '-d'), ['2 x = 1\n3 y = 2\n4 import pickle\n5 z = 3\n6 w = 4\n', '6 w = 4\n7 q = 5\n8 import subprocess\n']);
  // The text report too (the same block as Bandit 1.6.2's txt output with -n 5, compared by hand).
  assert.match(vigil(dir, ['m.py', '-n', '5']).stdout, /Location: m\.py:4:0\n2\tx = 1\n3\ty = 2\n4\timport pickle\n5\tz = 3\n6\tw = 4\n/);
  assert.equal(vigil(dir, ['m.py', '-n', 'x']).code, 2);
  assert.equal(vigil(dir, ['m.py', '-a', 'all']).code, 2);
});

test('baseline: only new issues (multiset of text/severity/cwe/confidence/file/test), with candidates', () => {
  const dir = project({ 'app.py': 'import pickle\nimport yaml\n\nyaml.load(a)\n' });
  const base = vigil(dir, ['app.py', '-f', 'json', '-o', 'base.json']);
  assert.equal(base.code, 1);
  const same = vigil(dir, ['app.py', '-f', 'json', '-b', 'base.json']);
  assert.equal(same.code, 0, 'nothing new');
  assert.deepEqual(json(same).results, []);
  // Lines move and one more yaml.load appears: one new B506 with both current ones as candidates.
  fs.writeFileSync(path.join(dir, 'app.py'), '# header\nimport pickle\nimport yaml\n\nyaml.load(a)\nyaml.load(b)\n');
  const r = vigil(dir, ['app.py', '-f', 'json', '-b', 'base.json']);
  assert.equal(r.code, 1);
  const j = json(r);
  assert.equal(j.results.length, 1);
  assert.equal(j.results[0]!.test_id, 'B506');
  assert.deepEqual(j.results[0]!.candidates!.map((c) => c.line_number), [5, 6]);
  // A new issue with no equal one has no `candidates` key (Bandit's json formatter: only when more than one).
  fs.writeFileSync(path.join(dir, 'app.py'), 'import pickle\nimport yaml\nimport subprocess\n\nyaml.load(a)\n');
  const one = json(vigil(dir, ['app.py', '-f', 'json', '-b', 'base.json']));
  assert.deepEqual(one.results.map((x) => [x.test_id, 'candidates' in x]), [['B404', false]]);
  fs.writeFileSync(path.join(dir, 'app.py'), '# header\nimport pickle\nimport yaml\n\nyaml.load(a)\nyaml.load(b)\n');
  assert.equal(j.metrics._totals!['SEVERITY.MEDIUM'], 2, 'metrics unaffected by the baseline');
  const txt = vigil(dir, ['app.py', '-b', 'base.json']).stdout;
  assert.match(txt, /-- Candidate Issues --/);
  // Only custom, html, json and text (txt, screen) take a baseline (spec 3.3: any other format exits 2);
  // unreadable or invalid baselines exit 2.
  for (const f of ['custom', 'html', 'screen', 'txt']) assert.equal(vigil(dir, ['app.py', '-f', f, '-b', 'base.json']).code, 1, f);
  for (const f of ['csv', 'sarif', 'xml', 'yaml']) assert.equal(vigil(dir, ['app.py', '-f', f, '-b', 'base.json']).code, 2, f);
  assert.equal(vigil(dir, ['app.py', '-b', 'missing.json']).code, 2);
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"results": 3}');
  assert.equal(vigil(dir, ['app.py', '-b', 'bad.json']).code, 2);
});

test('stdin: `-` is scanned and reported as <stdin>', () => {
  const dir = project({});
  const r = vigil(dir, ['-', '-f', 'json'], { input: 'import subprocess\nimport pickle\n' });
  assert.equal(r.code, 1, r.stderr);
  const j = json(r);
  assert.deepEqual(j.results.map((x) => [x.filename, x.test_id, x.line_number]), [['<stdin>', 'B404', 1], ['<stdin>', 'B403', 2]]);
  assert.equal(j.results[1]!.code, '1 import subprocess\n2 import pickle\n');
  assert.ok(j.metrics['<stdin>']);
  assert.equal(vigil(dir, ['-'], { input: 'print(1)\n' }).code, 0);
});

test('nosec metrics: blanket -> nosec, id-specific -> skipped_tests; --ignore-nosec reports both', () => {
  const dir = project({ 'n.py': 'import pickle  # nosec\nimport subprocess  # nosec B404\nimport dill  # nosec B404\n' });
  const j = json(vigil(dir, ['n.py', '-f', 'json']));
  assert.deepEqual(ids(j), ['B403@3'], 'a nosec naming another id does not suppress');
  assert.equal(j.metrics['n.py']!.nosec, 1);
  assert.equal(j.metrics['n.py']!.skipped_tests, 1);
  const k = json(vigil(dir, ['n.py', '-f', 'json', '--ignore-nosec']));
  assert.deepEqual(ids(k), ['B403@1', 'B404@2', 'B403@3']);
  assert.equal(k.metrics['n.py']!.nosec, 0);
  assert.equal(k.metrics['n.py']!.skipped_tests, 0);
});

test('errors: syntax errors still analysed and listed; binary, invalid UTF-8 and missing files listed; scan goes on', () => {
  const dir = project({
    'broken.py': 'import pickle\ndef f(:\n    yaml.load(x)\n',
    'bin.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
    'latin.py': Buffer.from('s = "caf\xe9"\nimport pickle\n', 'latin1'),
    'cookie.py': Buffer.from('# -*- coding: latin-1 -*-\ns = "caf\xe9"\nimport pickle\n', 'latin1'),
    'badcookie.py': '# -*- coding: uft-8 -*-\nimport pickle\n',
    'good.py': 'import pickle\n',
  });
  const r = vigil(dir, ['.', 'gone.py', '-f', 'json']);
  assert.equal(r.code, 1);
  const j = json(r);
  const reasons = Object.fromEntries(j.errors.map((e) => [e.filename, e.reason]));
  assert.equal(reasons['./broken.py'], 'syntax error while parsing AST from file');
  assert.match(reasons['./bin.py']!, /null bytes/);
  assert.match(reasons['./latin.py']!, /UTF-8/);
  assert.equal(reasons['gone.py'], 'No such file or directory');
  assert.equal(reasons['./cookie.py'], undefined, 'a PEP 263 cookie makes it valid');
  assert.equal(reasons['./badcookie.py'], 'unknown encoding: uft-8', 'Python rejects a cookie naming no codec');
  assert.equal(j.results.find((x) => x.filename === './cookie.py')?.code, '2 s = "café"\n3 import pickle\n', 'read as Latin-1');
  const files = j.results.map((x) => x.filename);
  assert.ok(files.includes('./broken.py'), 'the file with a syntax error is still analysed');
  assert.ok(files.includes('./good.py'));
  assert.ok(!files.includes('./bin.py') && !files.includes('./latin.py') && !files.includes('./badcookie.py'));
  // Bandit counts a file's lines of code before it fails to parse it, so its metrics list every file it read
  // (checked with Bandit 1.6.2 on such files): bin.py has one line, latin.py two, badcookie.py one.
  assert.deepEqual([j.metrics['./bin.py']?.loc, j.metrics['./latin.py']?.loc, j.metrics['./badcookie.py']?.loc], [1, 2, 1]);
  assert.equal(j.metrics['gone.py'], undefined, 'a file that cannot be read is in no metrics');
});

test('errors: a dangling .py symlink is listed, as Bandit fails to open it; other dangling links are nothing', () => {
  const dir = project({ 'ok.py': 'import pickle\n' });
  fs.symlinkSync(path.join(dir, 'missing-target.py'), path.join(dir, 'dangling.py'));
  fs.symlinkSync(path.join(dir, 'missing-target.txt'), path.join(dir, 'dangling.txt'));
  const j = json(vigil(dir, ['.', '-f', 'json']));
  assert.deepEqual(j.errors.map((e) => [e.filename, e.reason]), [['./dangling.py', 'No such file or directory']]);
  assert.deepEqual(ids(j), ['B403@1']);
});

test('errors: unreadable files and directories without permission (run as an unprivileged user)', (t) => {
  const root = process.getuid?.() === 0;
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;
  if (root && !setpriv) return t.skip('root without setpriv: permissions cannot be tested');
  const dir = project({ 'locked/a.py': 'import pickle\n', 'secret.py': 'import pickle\n', 'ok.py': 'import pickle\n' });
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'locked'), 0o000);
  fs.chmodSync(path.join(dir, 'secret.py'), 0o000);
  try {
    const prefix = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const r = vigil(dir, ['.', '-f', 'json'], { prefix });
    const j = json(r);
    const reasons = Object.fromEntries(j.errors.map((e) => [e.filename, e.reason]));
    assert.equal(reasons['./locked'], 'Permission denied');
    assert.equal(reasons['./secret.py'], 'Permission denied');
    assert.deepEqual(j.results.map((x) => x.filename), ['./ok.py']);
    assert.equal(r.code, 1);
  } finally {
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.chmodSync(path.join(dir, 'secret.py'), 0o644);
  }
});

test('-o writes the report to the file only; an unwritable output location exits 2', () => {
  const dir = project({ 'app.py': APP });
  const r = vigil(dir, ['app.py', '-f', 'json', '-o', 'out.json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(json({ ...r, stdout: fs.readFileSync(path.join(dir, 'out.json'), 'utf8') }).results.length, 3);
  const w = vigil(dir, ['app.py', '-o', path.join(dir, 'no', 'such', 'dir', 'out.txt')]);
  assert.equal(w.code, 2);
  assert.match(w.stderr, /cannot write output file/);
});

test('--fix: safe fixes applied in place (CRLF kept), changes printed to stderr, nothing else written', () => {
  const src = 'import yaml\r\n\r\ndef load(p):\r\n    return yaml.load(p)\r\n\r\nprint(yaml.load("a: 1"))\r\n';
  const dir = project({ 'cfg.py': src, 'other.py': 'print(1)\n' });
  const before = fs.readdirSync(dir).sort();
  const r = vigil(dir, ['cfg.py', 'other.py', '--fix', '-f', 'json']);
  const fixed = fs.readFileSync(path.join(dir, 'cfg.py'), 'utf8');
  assert.equal(fixed, src.replaceAll('yaml.load(', 'yaml.safe_load('));
  assert.ok(fixed.split('\n').slice(0, -1).every((l) => l.endsWith('\r')), 'CRLF preserved');
  assert.match(r.stderr, /Fixed 2 issues in cfg\.py/);
  assert.match(r.stderr, /cfg\.py:4: B506 Replace with yaml\.safe_load\(\)/);
  assert.equal(r.code, 0, 'nothing left to report');
  assert.deepEqual(json(r).results, []);
  assert.deepEqual(fs.readdirSync(dir).sort(), before, 'no other file written');
  assert.equal(fs.readFileSync(path.join(dir, 'other.py'), 'utf8'), 'print(1)\n');
  // Idempotent: a second run changes nothing.
  const again = vigil(dir, ['cfg.py', '--fix']);
  assert.match(again.stderr, /No fixes applied/);
  assert.equal(fs.readFileSync(path.join(dir, 'cfg.py'), 'utf8'), fixed);
  // Thresholds limit what is fixed: -lll leaves the MEDIUM finding alone.
  const d2 = project({ 'c.py': 'import yaml\nyaml.load(x)\n' });
  vigil(d2, ['c.py', '--fix', '-lll']);
  assert.equal(fs.readFileSync(path.join(d2, 'c.py'), 'utf8'), 'import yaml\nyaml.load(x)\n');
});

test('--fix writes a file back in the encoding its coding cookie declares, or leaves it alone', () => {
  const latin = Buffer.from('# coding: latin-1\nimport yaml\nx = "\xe9"\nyaml.load(p)\n', 'latin1');
  const cp1252 = Buffer.from('# coding: cp1252\nimport yaml\nx = "\x80"\nyaml.load(p)\n', 'latin1');
  const dir = project({ 'l.py': latin, 'w.py': cp1252 });
  const r = vigil(dir, ['l.py', 'w.py', '--fix', '-f', 'json']);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'l.py')), Buffer.from(latin.toString('latin1').replace('yaml.load(', 'yaml.safe_load('), 'latin1'));
  assert.deepEqual(fs.readFileSync(path.join(dir, 'w.py')), cp1252, 'Node cannot encode cp1252: left as it was');
  assert.match(r.stderr, /not fixing w\.py: it declares the encoding cp1252/);
  assert.deepEqual(ids(json(r)), ['B506@4']);
});

test('--unsafe-fixes: unsafe fixes only with the flag; --unsafe-fixes without --fix is a usage error', () => {
  const src = 'import requests\nrequests.get(url, verify=False, timeout=5)\n';
  const dir = project({ 'r.py': src });
  const safe = vigil(dir, ['r.py', '--fix', '-f', 'json']);
  assert.equal(fs.readFileSync(path.join(dir, 'r.py'), 'utf8'), src, 'B501 removal of verify=False is unsafe');
  assert.deepEqual(ids(json(safe)), ['B501@2']);
  assert.equal(safe.code, 1);
  const unsafe = vigil(dir, ['r.py', '--fix', '--unsafe-fixes', '-f', 'json']);
  assert.equal(fs.readFileSync(path.join(dir, 'r.py'), 'utf8'), 'import requests\nrequests.get(url, timeout=5)\n');
  assert.match(unsafe.stderr, /r\.py:2: B501 Remove verify=False/);
  assert.equal(unsafe.code, 0);
});

test('--timeout: a file over the per-file limit is listed in errors, the others are reported, nothing is cached', () => {
  // ~4 MB of code: parsing it takes about a second here, so a 0.2 s limit cancels the parse, while the
  // small file (analysed after it, largest first) stays far below the limit.
  const big = 'import pickle\n' + 'x = [1, 2, 3]\n'.repeat(300_000) + 'pickle.loads(b)\n';
  const dir = project({ 'big.py': big, 'small.py': 'import pickle\n' });
  const cut = vigil(dir, ['.', '-f', 'json', '--timeout', '0.2', '--jobs', '1'], { cache: true });
  const j = json(cut);
  const reasons = Object.fromEntries(j.errors.map((e) => [e.filename, e.reason]));
  assert.match(reasons['./big.py'] ?? '', /parsing it \(\d+ KB\) took longer than 200 ms/);
  assert.equal(reasons['./small.py'], undefined);
  assert.deepEqual(j.results.map((x) => `${x.filename}:${x.test_id}`), ['./small.py:B403']);
  // The default limit (60 s) does not touch it, and the cut-short result was not cached.
  const full = json(vigil(dir, ['.', '-f', 'json', '--jobs', '1'], { cache: true }));
  assert.deepEqual(full.errors, []);
  assert.deepEqual(full.results.map((x) => `${x.filename}:${x.test_id}`).sort(), ['./big.py:B301', './big.py:B403', './small.py:B403']);
  assert.equal(vigil(dir, ['.', '--timeout', 'soon']).code, 2);
  assert.equal(vigil(dir, ['.', '--timeout', '-1']).code, 2);
});

// Bandit's custom, html, xml and yaml formats, compared with Bandit 1.6.2's real output on the same files
// (test/fixtures/bandit-1.6.2-formats, with its README: how they were made and what is normalised, and why).
const FORMATS_FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'bandit-1.6.2-formats');
const FORMATS_PROJECT: Record<string, string> = {
  'pkg/app.py':
    'import os\nimport pickle\nimport yaml\nPASSWORD = "it\'s <secret> & \\"more\\""\nLIMIT = 3\n\n\ndef run(cmd):\n    os.system("ls " + cmd)\n    return yaml.load(cmd)\n\n\ndef check(x):\n    assert x, "café ☃ — a long line that goes on and on and on so that the code context is well over eighty columns wide"\n    return pickle.loads(x)\n',
  'pkg/sub/util.py': 'import random\nimport tempfile\n\n\ndef token():\n    return random.random()\n\n\ndef scratch():\n    return tempfile.mktemp()\n\n\ndef calc(expr):\n    return eval(expr)\n',
  'pkg/broken.py': 'def f(:\n    pass\n',
  'pkg/__init__.py': '# nothing here\nx = 1\n',
};
const BASELINE_BEFORE = 'import pickle\nimport yaml\nyaml.load(a)\n';
const BASELINE_AFTER = '# header\nimport pickle\nimport yaml\nyaml.load(a)\neval(c)\nassert c\nassert d\n';
const bandit162 = (name: string) => fs.readFileSync(path.join(FORMATS_FIXTURES, name), 'utf8');

test('xml: byte for byte Bandit 1.6.2 (JUnit testsuite), parses as XML; empty report', (t) => {
  const dir = project(FORMATS_PROJECT);
  const r = vigil(dir, ['-r', 'pkg', '-f', 'xml']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, bandit162('report.xml'));
  assert.equal(vigil(dir, ['pkg/__init__.py', '-f', 'xml']).stdout, "<?xml version='1.0' encoding='utf-8'?>\n<testsuite name=\"bandit\" tests=\"0\" />");
  // A real XML parser reads back the attributes with their quotes, ampersands and angle brackets.
  const py = spawnSync('python3', ['-c', 'import sys, json, xml.etree.ElementTree as ET\nr = ET.fromstring(sys.stdin.buffer.read())\nprint(json.dumps([r.tag, r.attrib] + [[c.attrib, c[0].tag, c[0].attrib, c[0].text] for c in r]))'], {
    input: r.stdout,
    encoding: 'utf8',
  });
  if (py.status !== 0) return t.skip('python3 not available');
  const [tag, attrs, ...cases] = JSON.parse(py.stdout) as [string, Record<string, string>, ...[Record<string, string>, string, Record<string, string>, string][]];
  assert.equal(tag, 'testsuite');
  assert.deepEqual(attrs, { name: 'bandit', tests: '9' });
  const b105 = cases.find((c) => c[2].message?.startsWith('Possible hardcoded password'))!;
  assert.deepEqual(b105[0], { classname: 'pkg/app.py', name: 'hardcoded_password_string' });
  assert.equal(b105[2].message, 'Possible hardcoded password: \'it\'s <secret> & "more"\'');
  assert.equal(b105[3], 'Test ID: B105 Severity: LOW Confidence: MEDIUM\nPossible hardcoded password: \'it\'s <secret> & "more"\'\nLocation pkg/app.py:4');
});

test("yaml: Bandit 1.6.2's layout (PyYAML safe_dump) with the json report's data; js-yaml reads it back", () => {
  const dir = project(FORMATS_PROJECT);
  const r = vigil(dir, ['-r', 'pkg', '-f', 'yaml']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^generated_at: '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'$/m);
  const ours = r.stdout
    .replace(/^generated_at: .*\n/m, '')
    .replace(/^ +(col_offset|end_col_offset|skipped_tests): \d+\n/gm, '')
    .replace(/^ {2}issue_cwe: \{\}\n|^ {2}issue_cwe:\n {4}id: \d+\n {4}link: .*\n/gm, '')
    // 1.6.2 gives a file that failed to parse only loc and nosec.
    .replace(/^( {2}pkg\/broken\.py:\n)(?: {4}(?:CONFIDENCE|SEVERITY)\.\w+: \d+\n)+/m, '$1');
  const ref = bandit162('report.yaml').replace(/^generated_at: .*\n/m, '').replace(/: (\d+)\.0$/gm, ': $1');
  assert.equal(ours, ref);
  // The same data as the json report (code with literal \n, as Bandit writes it; no candidates).
  const y = yaml.load(r.stdout) as { results: Record<string, unknown>[]; metrics: unknown; errors: unknown };
  const j = json(vigil(dir, ['-r', 'pkg', '-f', 'json']));
  assert.deepEqual(y.metrics, j.metrics);
  assert.deepEqual(y.errors, j.errors);
  assert.deepEqual(
    y.results,
    j.results.map((x) => ({ ...x, code: x.code.replace(/\n/g, '\\n') })),
  );
  // yaml takes no baseline (Bandit: exit 2).
  fs.writeFileSync(path.join(dir, 'base.json'), vigil(dir, ['-r', 'pkg', '-f', 'json']).stdout);
  assert.equal(vigil(dir, ['-r', 'pkg', '-f', 'yaml', '-b', 'base.json']).code, 2);
  assert.equal(vigil(dir, ['-r', 'pkg', '-f', 'xml', '-b', 'base.json']).code, 2);
});

test('html: Bandit 1.6.2\'s page (metrics, issues, code, skipped files, -n, baseline candidates); every value escaped', () => {
  const dir = project(FORMATS_PROJECT);
  const r = vigil(dir, ['-r', 'pkg', '-f', 'html']);
  assert.equal(r.code, 1, r.stderr);
  // 1.6.2 escapes only the code; Vigil also escapes the message (the one difference on these files).
  const escaped = (s: string) => s.replace('Possible hardcoded password: \'it\'s <secret> & "more"\'<br>', 'Possible hardcoded password: \'it\'s &lt;secret&gt; &amp; "more"\'<br>');
  assert.equal(r.stdout, escaped(bandit162('report.html')));
  assert.equal(vigil(dir, ['-r', 'pkg', '-f', 'html', '-n', '1']).stdout, escaped(bandit162('report-n1.html')));
  assert.match(r.stdout, /<b>Skipped files:<\/b><br><br>\npkg\/broken\.py <b>reason:<\/b> syntax error while parsing AST from file<br>/);
  assert.match(r.stdout, /Total lines of code: <span id="loc">22<\/span>/);
  // A file name with markup in it is escaped in the link and its text.
  const odd = project({ 'a&b"<i>.py': 'import pickle\n' });
  const o = vigil(odd, ['a&b"<i>.py', '-f', 'html']).stdout;
  assert.ok(o.includes('<a href="a&amp;b&quot;&lt;i&gt;.py" target="_blank">a&amp;b"&lt;i&gt;.py</a>'), o);
  assert.ok(!o.includes('<i>'));
  // Baseline: new issues; several equal ones show their candidates' code (Bandit 1.6.2's output, byte for byte).
  const bl = project({ 'app.py': BASELINE_AFTER, 'base.json': bandit162('baseline/base.json') });
  const b = vigil(bl, ['app.py', '-f', 'html', '-b', 'base.json']);
  assert.equal(b.code, 1, b.stderr);
  assert.equal(b.stdout, bandit162('baseline/report.html'));
  // A baseline written by Vigil from the same earlier file gives the same page.
  const own = project({ 'app.py': BASELINE_BEFORE });
  assert.equal(vigil(own, ['app.py', '-f', 'json', '-o', 'base.json']).code, 1);
  fs.writeFileSync(path.join(own, 'app.py'), BASELINE_AFTER);
  assert.equal(vigil(own, ['app.py', '-f', 'html', '-b', 'base.json']).stdout, b.stdout);
});

test('custom: default template and Python format specs as Bandit 1.6.2 writes them; {col}; baseline', () => {
  const dir = project(FORMATS_PROJECT);
  const cwd = fs.realpathSync(dir);
  const r = vigil(dir, ['-r', 'pkg', '-f', 'custom']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, bandit162('report-default.custom').replaceAll('/tmp/fmt/proj/', cwd + path.sep));
  const template = '{relpath}:{line:03}: {test_id} {severity:^8}|{confidence:<6}| {msg:<40.40} {range} {msg!r} {{lit}} {line:>+6} {msg:*^12.3}';
  assert.equal(vigil(dir, ['-r', 'pkg', '-f', 'custom', '--msg-template', template]).stdout, bandit162('report-template.custom'));
  // {col} (the spec's newer Bandit; 1.6.2 lacks it): the json report's col_offset.
  const cols = vigil(dir, ['-r', 'pkg', '-f', 'custom', '--msg-template', '{line}:{col}']).stdout.trim().split('\n');
  assert.deepEqual(cols, json(vigil(dir, ['-r', 'pkg', '-f', 'json'])).results.map((x) => `${x.line_number}:${x.col_offset}`));
  // Baseline: the new issues only, one line each (Bandit 1.6.2's output).
  const bl = project({ 'app.py': BASELINE_AFTER, 'base.json': bandit162('baseline/base.json') });
  assert.equal(vigil(bl, ['app.py', '-f', 'custom', '--msg-template', '{relpath}:{line}: {test_id} {msg}', '-b', 'base.json']).stdout, bandit162('baseline/report.custom'));
  // Nothing found: no output.
  assert.equal(vigil(dir, ['pkg/__init__.py', '-f', 'custom']).stdout, '');
});

test('custom: template errors exit 2, unknown tags warn and print their name (as Bandit 1.6.2 does)', () => {
  const dir = project({ 'a.py': 'import pickle\nassert x\n' });
  const run = (template: string) => vigil(dir, ['a.py', '-f', 'custom', '--msg-template', template]);
  // Outputs and messages below are Bandit 1.6.2's for the same file and templates.
  const ok = run('{msg!r}|{range!s}|{line:03}|{msg:<10.5}|{severity:^10}|{range}');
  assert.equal(ok.code, 1);
  assert.equal(
    ok.stdout,
    "'Consider possible security implications associated with pickle module.'|[1]|001|Consi     |   LOW    |[1]\n" +
      "'Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.'|[2]|002|Use o     |   LOW    |[2]\n",
  );
  const unknown = run('{foo} {line} {relpath}');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, 'foo 1 a.py\nfoo 2 a.py\n');
  assert.match(unknown.stderr, /Tag 'foo' was not recognized and will be skipped, did you mean to use 'confidence'\?/);
  assert.equal(run('{range[0]}').stdout, 'range[0]\nrange[0]\n');
  assert.equal(run('{ line }').stdout, ' line \n line \n');
  for (const [template, message] of [
    ['{', "Template is not in valid format: Single '{' encountered in format string"],
    ['{abspath:d}', "Template is not in valid format: Unknown format code 'd' for object of type 'str'"],
    ['{line:s}', "Template is not in valid format: Unknown format code 's' for object of type 'int'"],
    ['no tags', "No tags were found in the template. Are you missing '{}'?"],
    // Bandit crashes on these (a traceback with the same message); Vigil reports it as an error.
    ['{range:10}', 'unsupported format string passed to list.__format__'],
    ['{msg!r:>5}', "Invalid format specifier '>5!r' for object of type 'str'"],
    ['{}', 'tuple index out of range'],
  ] as const) {
    const e = run(template);
    assert.equal(e.code, 2, `${template}: ${e.stderr}`);
    assert.ok(e.stderr.includes(message), `${template}: ${e.stderr}`);
    assert.equal(e.stdout, '');
  }
  // --msg-template needs -f custom on the command line (Bandit's parser error).
  const wrong = vigil(dir, ['a.py', '-f', 'json', '--msg-template', '{line}']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--msg-template can only be used with --format=custom/);
  // .bandit may set the format and the template (the spec's newer Bandit reads both).
  const ini = project({ 'a.py': 'import pickle\n', '.bandit': '[bandit]\nformat = custom\nmsg-template = {relpath}|{test_id}\n' });
  assert.equal(vigil(ini, ['.']).stdout, 'a.py|B403\n');
});

test('a file whose findings would list millions of lines of line range: each finding gets its own lines, the file is named in errors', () => {
  // Bandit gives each string of a list the list's line range: n strings in an n-line list list n² lines.
  const list = (n: number) => `DATA = [\n${Array.from({ length: n }, (_, i) => `    "/tmp/item${i}",\n`).join('')}]\n`;
  const dir = project({ 'small.py': list(100), 'huge.py': list(2300) });
  const r = vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero', '-o', 'report.json']);
  assert.equal(r.code, 0, r.stderr);
  const j = json({ ...r, stdout: fs.readFileSync(path.join(dir, 'report.json'), 'utf8') });
  const of = (name: string) => j.results.filter((x) => x.filename.endsWith(name));
  // Under the limit (100 x 102 lines): Bandit's ranges and code, the list's lines 1-102.
  assert.equal(of('small.py').length, 100);
  for (const x of of('small.py')) {
    assert.deepEqual(x.line_range, Array.from({ length: 102 }, (_, i) => i + 1));
    assert.equal(x.code.split('\n').length - 1, Math.min(103, 102 - x.line_number + 2));
  }
  // Over it (2,300 x 2,302 lines): every finding is still reported, with its own line.
  const huge = of('huge.py');
  assert.equal(huge.length, 2300);
  for (const x of huge) assert.deepEqual(x.line_range, [x.line_number]);
  assert.deepEqual(
    j.errors.filter((e) => e.filename.endsWith('huge.py')).map((e) => e.reason),
    ['its 2300 findings would list 5294600 lines of line range and code (Bandit gives a string the line range of its parent); each is reported with the lines of its own node'],
  );
  assert.equal(j.errors.length, 1);
});

test('scan workers: a 384 MB young generation, at most an eighth of memory over all workers, V8 default below 64 MB', () => {
  const GB = 2 ** 30;
  assert.equal(workerYoungGenerationMb(2, 23.5 * GB), 384);
  assert.equal(workerYoungGenerationMb(16, 16 * GB), 128);
  assert.equal(workerYoungGenerationMb(4, 2 * GB), 64);
  assert.equal(workerYoungGenerationMb(64, 8 * GB), undefined);
});

test('per_file_skips: every directory\'s files, the worker pool and the cache, stdin and --fix', () => {
  const src = 'import pickle\nassert x\n';
  const files: Record<string, string> = { 'pyproject.toml': '[tool.bandit]\n[tool.bandit.per_file_skips]\n"tests/" = ["B101"]\n' };
  // Several directories (each reads the pyproject.toml on its own) and enough files for the worker pool.
  for (let i = 0; i < 40; i++) files[`tests/d${i % 4}/test_${i}.py`] = src;
  files['pkg/a.py'] = src;
  const dir = project(files);
  const shown = (r: ReturnType<typeof vigil>) => [...new Set(json(r).results.map((x) => `${x.filename.includes('tests') ? 'tests' : x.filename}:${x.test_id}`))].sort();
  const want = ['./pkg/a.py:B101', './pkg/a.py:B403', 'tests:B403'];
  assert.deepEqual(shown(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero'])), want);
  assert.deepEqual(shown(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero', '--jobs', '2'])), want);
  assert.equal(json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero', '--jobs', '2'])).results.length, 42);
  // With the cache: a second run answers from it; a changed pattern changes the key.
  const cached = (...extra: string[]) => shown(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero', ...extra], { cache: true }));
  assert.deepEqual(cached(), want);
  assert.deepEqual(cached(), want);
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.bandit]\n[tool.bandit.per_file_skips]\n"pkg/" = ["B101"]\n');
  assert.deepEqual(cached(), ['./pkg/a.py:B403', 'tests:B101', 'tests:B403']);
  // Standard input has no path: no pattern applies. --fix analyses each file with its skips.
  assert.deepEqual(ids(json(vigil(path.join(dir, 'pkg'), ['-', '-f', 'json', '--exit-zero'], { input: src }))), ['B403@1', 'B101@2']);
  const fixed = vigil(dir, ['scan', 'pkg', '--fix', '-f', 'json', '--exit-zero']);
  assert.deepEqual(ids(json(fixed)), ['B403@1']);
  assert.equal(fs.readFileSync(path.join(dir, 'pkg', 'a.py'), 'utf8'), src, 'no B101 fix applied where B101 is skipped');
});
