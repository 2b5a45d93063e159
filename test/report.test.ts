// Output formats: Python-identical JSON serialisation, Bandit's code context, baseline multiset, CSV, SARIF
// validated by the official validator (@microsoft/sarif-multitool) and by its shipped JSON schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type * as Sarif from 'sarif';
import { bandItCode, compileTemplate, fingerprint, toUri, formatCsv, formatCustom, formatHtml, formatXml, formatYaml, htmlEscape, parseTemplate, pyFormat, pyRepr, pythonJson, pyYaml, sourceLines, type ScanReport } from '../server/src/engine/report';
import { compareBaseline, type BaselineKey } from '../server/src/engine/baseline';
import type { Finding } from '../server/src/engine/types';
import { project, vigil } from './helpers/cli';

const ROOT = path.resolve(__dirname, '..', '..');

test('pythonJson equals Python json.dumps(sort_keys=True, indent=2) byte for byte', (t) => {
  const value = {
    z: [1, { b: 'caf\u00e9 \u2603 \ud83d\ude00', a: [] }],
    a: { nested: {}, s: 'tab\there "quoted" back\\slash \u0001 \u007f /' },
    n: null,
    t: true,
    f: 0,
    list: ['x'],
  };
  const py = spawnSync('python3', ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read()), sort_keys=True, indent=2, separators=(",", ": ")), end="")'], {
    input: JSON.stringify(value),
    encoding: 'utf8',
  });
  if (py.status !== 0) return t.skip('python3 not available');
  assert.equal(pythonJson(value), py.stdout);
});

test("Bandit's get_code context: lmin = max(1, line - 1), len(line_range) + 2 lines, stops at EOF", () => {
  const lines = sourceLines('a\nb\r\nc\n\ne\n');
  assert.deepEqual(lines, ['a', 'b', 'c', '', 'e']);
  assert.equal(bandItCode(lines, 1, 1), '1 a\n2 b\n3 c\n');
  assert.equal(bandItCode(lines, 3, 1), '2 b\n3 c\n4 \n');
  assert.equal(bandItCode(lines, 2, 3), '1 a\n2 b\n3 c\n4 \n5 e\n');
  assert.equal(bandItCode(lines, 5, 1), '4 \n5 e\n');
  assert.equal(bandItCode(lines, 3, 1, true), '2\tb\n3\tc\n4\t\n');
  // A line over CODE_LINE_MAX (2,000) characters is clipped and says how much was left out; a surrogate pair is
  // not split.
  const long = 'x = "' + 'a'.repeat(2500) + '"';
  assert.equal(bandItCode([long], 1, 1), `1 ${long.slice(0, 2000)} [... ${long.length - 2000} more characters]\n`);
  const emoji = 'a'.repeat(1999) + '😀' + 'b'.repeat(10);
  assert.equal(bandItCode([emoji], 1, 1), `1 ${'a'.repeat(1999)} [... 12 more characters]\n`);
  assert.equal(bandItCode(['y'.repeat(2000)], 1, 1), `1 ${'y'.repeat(2000)}\n`, 'exactly 2,000: whole');
  assert.deepEqual(sourceLines('x'), ['x']);
  assert.deepEqual(sourceLines(''), []);
  // linecache reads with tokenize.open (utf-8-sig): a BOM is not part of line 1's text.
  assert.deepEqual(sourceLines('\ufeffimport pickle\nx\n'), ['import pickle', 'x']);
  assert.deepEqual(sourceLines('\ufeff'), []);
});

test('baseline comparison is a multiset; each new issue carries all equal current issues', () => {
  const k = (text: string, line: number, file = 'a.py', cwe: number | undefined = 20): BaselineKey & { line: number } => ({
    text, severity: 'MEDIUM', confidence: 'HIGH', cwe, filename: file, testName: 'yaml_load', testId: 'B506', line,
  });
  const base = [k('t', 1), k('u', 2)];
  const cur = [k('t', 10), k('t', 11), k('u', 12), k('t', 5, 'b.py')];
  const out = compareBaseline(cur, (x) => x, base);
  assert.deepEqual(out.map((o) => [o.issue.filename, o.issue.line, o.candidates.map((c) => c.line)]), [
    ['a.py', 11, [10, 11]],
    ['b.py', 5, [5]],
  ]);
  // Different CWE = different issue; a baseline without issue_cwe (old Bandit) matches any CWE.
  assert.equal(compareBaseline([k('u', 1, 'a.py', 22)], (x) => x, [k('u', 1)]).length, 1);
  assert.equal(compareBaseline([k('u', 1, 'a.py', 22)], (x) => x, [{ ...k('u', 1), cwe: undefined }]).length, 0);
  assert.equal(compareBaseline(cur, (x) => x, []).length, 4);
});

test('csv: Bandit columns, quoting and CRLF rows', () => {
  const f = {
    ruleId: 'B608', testName: 'hardcoded_sql_expressions', banditTestName: 'hardcoded_sql_expressions', severity: 'MEDIUM', confidence: 'LOW', cwe: 89,
    message: 'Possible SQL injection vector through string-based query construction.', messageId: 'x', line: 3, colOffset: 4, endColOffset: 30,
    lineRange: [3, 4], range: { start: { row: 2, column: 4 }, end: { row: 3, column: 2 } }, moreInfo: 'https://m', fixes: [],
  } satisfies Finding;
  const report: ScanReport = { results: [{ finding: f, filename: 'a,b.py', code: '' }], errors: [], metrics: {}, generatedAt: new Date(0), baseline: false, toolVersion: '0' };
  assert.equal(
    formatCsv(report),
    'filename,test_name,test_id,issue_severity,issue_confidence,issue_cwe,issue_text,line_number,col_offset,end_col_offset,line_range,more_info\r\n' +
      '"a,b.py",hardcoded_sql_expressions,B608,MEDIUM,LOW,https://cwe.mitre.org/data/definitions/89.html,Possible SQL injection vector through string-based query construction.,3,4,30,"[3, 4]",https://m\r\n',
  );
});

const SARIF_PROJECT = {
  'app.py': `import subprocess
import yaml
import pickle


def run(cmd):
    subprocess.call(
        "ls " + cmd,
        shell=True,
    )
    name = "caf\u00e9"; data = yaml.load(name)
    return pickle.loads(data)
`,
  'sub/dir with space.py': 'import pickle\n',
  'broken.py': 'def f(:\n',
};

function sarifOf(dir: string): Sarif.Log {
  const r = vigil(dir, ['.', '-f', 'sarif', '-o', 'out.sarif']);
  assert.equal(r.code, 1, r.stderr);
  return JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as Sarif.Log;
}

test('sarif: rules, levels, regions, fingerprints as GitHub code scanning expects', () => {
  const dir = project(SARIF_PROJECT);
  const log = sarifOf(dir);
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;
  const ruleIds = rules.map((r) => r.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'one rules[] entry per rule');
  for (const res of run.results!) assert.ok(ruleIds.includes(res.ruleId!), 'only rules with results');
  const b602 = rules.find((r) => r.id === 'B602')!;
  assert.equal(b602.name, 'subprocess_popen_with_shell_equals_true');
  // A blacklist id's name is the JSON report's test_name, as Bandit writes it.
  assert.equal(rules.find((r) => r.id === 'B403')!.name, 'blacklist');
  assert.equal(b602.helpUri, 'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html');
  assert.deepEqual(b602.properties!.tags, ['security', 'external/cwe/cwe-78']);
  assert.equal(b602.properties!.precision, 'high');
  assert.equal(b602.properties!['security-severity'], '8.0');
  assert.ok(b602.shortDescription!.text.length > 0);
  const byRule = (id: string) => run.results!.find((r) => r.ruleId === id)!;
  // B602: HIGH -> error; the region spans the call's lines (7-10), columns 1-based.
  const r602 = byRule('B602');
  assert.equal(r602.level, 'error');
  assert.deepEqual(r602.locations![0]!.physicalLocation!.region, { startLine: 7, startColumn: 5, endLine: 10, endColumn: 6, snippet: { text: '    subprocess.call(' } });
  assert.equal(r602.locations![0]!.physicalLocation!.artifactLocation!.uri, 'app.py');
  assert.equal(byRule('B506').level, 'warning');
  assert.equal(byRule('B403').level, 'note');
  // Non-ASCII before the finding: Bandit's byte column 27 ('é' is 2 bytes) is UTF-16 column 26, +1.
  assert.equal(byRule('B506').locations![0]!.physicalLocation!.region!.startColumn, 27);
  assert.ok(run.results!.some((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === 'sub/dir%20with%20space.py'));
  // Relative URIs for files below the working directory, names starting with `..` included; file:// above it.
  assert.equal(toUri('..dots.py', dir), '..dots.py');
  assert.equal(toUri(path.join('sub', '..dots.py'), dir), 'sub/..dots.py');
  assert.equal(toUri(path.join('..', 'up.py'), path.join(dir, 'sub')), pathToFileURL(path.join(dir, 'up.py')).href);
  // Errors become tool execution notifications.
  const notes = run.invocations![0]!.toolExecutionNotifications!;
  assert.ok(notes.some((n) => n.level === 'error' && /broken\.py: syntax error/.test(n.message.text!)));
  // Fingerprints: present, and stable when lines move.
  const fp = (l: Sarif.Log, id: string) => l.runs[0]!.results!.find((r) => r.ruleId === id)!.partialFingerprints!.primaryLocationLineHash;
  const before = fp(log, 'B506');
  assert.match(before!, /^[0-9a-f]{32}:1$/);
  fs.writeFileSync(path.join(dir, 'app.py'), '# a new first line\n\n' + SARIF_PROJECT['app.py']);
  assert.equal(fp(sarifOf(dir), 'B506'), before);
  assert.notEqual(fingerprint('B506', 'app.py', 'x = yaml.load(a)'), fingerprint('B506', 'app.py', 'x = yaml.load(b)'));
  assert.equal(fingerprint('B506', 'app.py', '  x =  yaml.load(a) '), fingerprint('B506', 'app.py', 'x = yaml.load(a)'));
});

const MULTITOOL = path.join(ROOT, 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
const SCHEMA = path.join(ROOT, 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, 'sarif-2.1.0.json');

test('sarif: valid for the official SARIF validator (sarif-multitool validate) and its JSON schema', (t) => {
  if (!fs.existsSync(MULTITOOL)) return t.skip(`no sarif-multitool binary for ${process.platform}`);
  const dir = project(SARIF_PROJECT);
  sarifOf(dir);
  const file = path.join(dir, 'out.sarif');
  const out = path.join(dir, 'validation.sarif');
  // The npm wrapper (npx sarif-multitool) passes arguments through a shell; call the native binary directly.
  const v = spawnSync(MULTITOOL, ['validate', file, '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Sarif.Log;
  const problems = report.runs[0]!.results ?? [];
  const errors = problems.filter((p) => (p.level ?? 'warning') === 'error');
  assert.deepEqual(errors.map((e) => `${e.ruleId}: ${JSON.stringify(e.message)}`), []);
  // The validator really read our file: it reports the (optional) informationUri we leave out.
  assert.ok(problems.some((p) => p.ruleId === 'SARIF2005'), JSON.stringify(problems.map((p) => p.ruleId)));

  // The multitool accepts files that do not deserialise without a word (checked by hand: a result without
  // `message` passes), so the schema it ships is checked as well.
  // (ajv 8 is installed as a dependency of the dev tools; the schema is draft 2020-12.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('ajv/dist/2020') as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } };
  const ajv = new mod.default({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: { results: Record<string, unknown>[] }[] };
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  // The schema check can fail: a broken copy is rejected.
  const first = doc.runs[0]!.results[0]!;
  delete first.message;
  first.level = 'fatal';
  assert.equal(validate(doc), false);
});

// The custom/html/xml/yaml formatters' building blocks, checked against Python itself (PyYAML's safe_dump,
// format(), repr()) when python3 is there; the CLI tests compare whole reports with Bandit 1.6.2's output.

/** Runs `code` with python3 on `input` (JSON on stdin), or undefined without python3 (or without its module). */
function python(code: string, input: unknown): unknown {
  const py = spawnSync('python3', ['-c', `import json, sys\n${code}`], { input: JSON.stringify(input), encoding: 'utf8' });
  return py.status === 0 ? JSON.parse(py.stdout) : undefined;
}

test("pyYaml equals PyYAML's yaml.safe_dump(default_flow_style=False) byte for byte", (t) => {
  // Scalars that exercise every style choice and the folding at column 80: indicators, quotes, resolvable plain
  // forms (bool, int, float, null, timestamp), non-ASCII (double-quoted escapes), breaks, long keys (`? `).
  const words = ['a', 'abc', ' ', 'x:', ': y', '#c', ' #', "it's", '"q"', '\\n', '\n', 'caf\u00e9', '\u2603', '\ud83d\ude00', '-', '- x', '?', 'true', '1.5', '0777', '2017-03-09T22:29:30Z', 'null', '', '---', '...', '[x]', '{', ',', '&a', '*b', '!t', '|', '>', '%', '@', '`', 'loooooooooooooooooooooooooooong', '\t', '\r', '\x00', '\x7f', '\u0085', '\u00a0', '\ufeff', '=', '<<', 'on', '0x1F', '1_000', '.inf', 'a b', 'end '];
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const str = (): string => {
    if (rnd(5) === 0) return words[rnd(words.length)]!;
    let s = '';
    for (let i = rnd(30); i > 0; i--) s += words[rnd(words.length)]! + (rnd(3) ? ' ' : '');
    return s;
  };
  type V = string | number | V[] | { [k: string]: V };
  const val = (d: number): V => {
    const r = rnd(d > 2 ? 3 : 6);
    if (r === 0) return rnd(100000) - 50;
    if (r <= 2 || d > 3) return str();
    if (r === 3) return Array.from({ length: rnd(4) }, () => val(d + 1));
    const o: Record<string, V> = {};
    for (let i = rnd(5); i > 0; i--) o[rnd(4) ? str() : 'k' + 'x'.repeat(rnd(140))] = val(d + 1);
    return o;
  };
  const docs = Array.from({ length: 300 }, () => ({ root: val(0), other: val(1) }));
  const expected = python('import yaml\nprint(json.dumps([yaml.safe_dump(d, default_flow_style=False) for d in json.loads(sys.stdin.read())]))', docs) as string[] | undefined;
  if (!expected) return t.skip('python3 with PyYAML not available');
  docs.forEach((d, i) => assert.equal(pyYaml(d), expected[i], JSON.stringify(d)));
});

test('yaml: generated_at comes from the report (no clock), code newlines as literal \\n, no candidates', () => {
  const f = {
    ruleId: 'B506', testName: 'yaml_load', banditTestName: 'yaml_load', severity: 'MEDIUM', confidence: 'HIGH', cwe: 20,
    message: 'Use of unsafe yaml load.', messageId: 'x', line: 2, colOffset: 0, endColOffset: 12,
    lineRange: [2], range: { start: { row: 1, column: 0 }, end: { row: 1, column: 12 } }, moreInfo: 'https://m', fixes: [],
  } satisfies Finding;
  const issue = { finding: f, filename: 'a.py', code: '1 import yaml\n2 yaml.load(x)\n' };
  const report: ScanReport = { results: [{ ...issue, candidates: [issue, issue] }], errors: [], metrics: {}, generatedAt: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 678)), baseline: true, toolVersion: '0' };
  const out = formatYaml(report);
  assert.match(out, /^generated_at: '2020-01-02T03:04:05Z'$/m);
  assert.match(out, /^- code: 1 import yaml\\n2 yaml\.load\(x\)\\n$/m);
  assert.ok(!out.includes('candidates'));
});

test('pyFormat equals Python format() for str, int and list values (fill, align, sign, #, 0, width, grouping, precision, type)', (t) => {
  // Checked by hand against Python 3.11 (these run without python3 too).
  assert.equal(pyFormat(5, '03'), '005');
  assert.equal(pyFormat('Consider possible', '<10.5'), 'Consi     ');
  assert.equal(pyFormat('LOW', '^10'), '   LOW    ');
  assert.equal(pyFormat('ab', '05'), 'ab000');
  assert.equal(pyFormat(5, '08,'), '0,000,005');
  assert.equal(pyFormat(255, '#X'), '0XFF');
  assert.equal(pyFormat([5, 6], ''), '[5, 6]');
  assert.throws(() => pyFormat('ab', 'd'), { message: "Unknown format code 'd' for object of type 'str'" });
  const values = [0, 5, 42, 255, 1234567, -5, 100, 99999, 'ab', "password: 'x'", 'caf\u00e9 \u2603', '', [5, 6]];
  const specs = ['', '05', '<5', '^7', '*>6', '.1', '=5', '+5', '#5', ',5', '5d', 's', 'z5', '03', '+', 'x', '#x', '.2f', 'e', 'g', '%', 'c', 'n', ',', '_', '.2', '=+5', ' ', 'b', '#o', '10.3e', '10', '0<5', '0>5', '00', '09,', 'E', 'G', '#b', '08,', '010,', '06_x', '=08', '+08,', '_b', ',x', '.3g', '#.3g', '#.1g', '#.0e', '.0e', '^+9', '>>5', 'x<40', '.10', '0=8', '*=8', '+#010x', '.2%', ',.2f', '5dd', 'n,', '+c'];
  const cases = values.flatMap((v) => specs.map((s) => [v, s] as const));
  const expected = python("out = []\nfor v, s in json.loads(sys.stdin.read()):\n    try: out.append(['ok', format(v, s)])\n    except Exception as e: out.append(['error', str(e)])\nprint(json.dumps(out))", cases) as [string, string][] | undefined;
  if (!expected) return t.skip('python3 not available');
  cases.forEach(([v, s], i) => {
    let ours: [string, string];
    try {
      ours = ['ok', pyFormat(v, s)];
    } catch (e) {
      ours = ['error', (e as Error).message];
    }
    assert.deepEqual(ours, expected[i], `format(${JSON.stringify(v)}, ${JSON.stringify(s)})`);
  });
  const strs = ['a', "it's", 'say "hi"', 'both \' and "', 'tab\tnl\nbs\\', '\x00\x7f\x85\xa0', 'caf\u00e9 \u2603 \ud83d\ude00', '\u200b\u2028\ufeff'];
  const reprs = python('print(json.dumps([[repr(s), ascii(s)] for s in json.loads(sys.stdin.read())]))', strs) as [string, string][];
  strs.forEach((s, i) => assert.deepEqual([pyRepr(s), pyRepr(s, true)], reprs[i], JSON.stringify(s)));
});

test("custom templates: string.Formatter's parse errors, Bandit's rebuild and unknown-tag suggestions", () => {
  assert.throws(() => parseTemplate('a{b'), { message: "expected '}' before end of string" });
  assert.throws(() => parseTemplate('}'), { message: "Single '}' encountered in format string" });
  assert.deepEqual(parseTemplate('a{{b}}{line!r:>5}'), [{ literal: 'a{' }, { literal: 'b}' }, { literal: '', field: { name: 'line', spec: '>5', conversion: 'r' } }]);
  // Nested fields in a spec are formatted first ({msg:{line}} pads the message to the line number).
  const c = compileTemplate('{msg:>{line}}|{nope}');
  assert.deepEqual(c.warnings, ["Tag 'nope' was not recognized and will be skipped, did you mean to use 'confidence'?"]); // as Bandit 1.6.2 says
  const f = {
    ruleId: 'B101', testName: 'assert_used', banditTestName: 'assert_used', severity: 'LOW', confidence: 'HIGH', cwe: 703,
    message: 'x', messageId: 'x', line: 4, colOffset: 0, endColOffset: 8, lineRange: [4], range: { start: { row: 3, column: 0 }, end: { row: 3, column: 8 } }, moreInfo: 'https://m', fixes: [],
  } satisfies Finding;
  const report: ScanReport = { results: [{ finding: f, filename: 'a.py', code: '' }], errors: [], metrics: {}, generatedAt: new Date(0), baseline: false, toolVersion: '0' };
  assert.equal(formatCustom(report, c, '/w'), '   x|nope\n');
  assert.equal(formatCustom(report, compileTemplate(), '/w'), '/w/a.py:4: B101[bandit]: LOW: x\n');
  // os.path.relpath / abspath against the working directory.
  const abs: ScanReport = { ...report, results: [{ ...report.results[0]!, filename: '/w/a.py' }] };
  assert.equal(formatCustom(abs, compileTemplate('{relpath} {abspath}'), '/w/sub'), '../a.py /w/a.py\n');
});

test('html: code and values are escaped (quotes too in attributes); xml: attribute and text escaping as ElementTree', () => {
  assert.equal(htmlEscape(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&#x27;');
  const f = {
    ruleId: 'B105', testName: 'hardcoded_password_string', banditTestName: 'hardcoded_password_string', severity: 'LOW', confidence: 'MEDIUM', cwe: 259,
    message: 'Possible hardcoded password: \'<b>&"\'', messageId: 'x', line: 1, colOffset: 4, endColOffset: 10,
    lineRange: [1], range: { start: { row: 0, column: 4 }, end: { row: 0, column: 10 } }, moreInfo: 'https://m?a=1&b=2', fixes: [],
  } satisfies Finding;
  const report: ScanReport = { results: [{ finding: f, filename: 'x<y>.py', code: '1 p = "<b>&\\"" \n' }], errors: [{ filename: 'b&d.py', reason: 'syntax <error>' }], metrics: {}, generatedAt: new Date(0), baseline: false, toolVersion: '0' };
  const html = formatHtml(report, { lines: () => ['p = "<b>&\\""\t'] });
  assert.ok(html.includes('<b>hardcoded_password_string: </b> Possible hardcoded password: \'&lt;b&gt;&amp;"\'<br>'), html);
  assert.ok(html.includes('<a href="x&lt;y&gt;.py" target="_blank">x&lt;y&gt;.py</a>'));
  assert.ok(html.includes('<a href="https://m?a=1&amp;b=2" target="_blank">https://m?a=1&amp;b=2</a>'));
  assert.ok(html.includes('<pre>\n1\tp = &quot;&lt;b&gt;&amp;\\&quot;&quot;\t\n</pre>'));
  assert.ok(html.includes('b&amp;d.py <b>reason:</b> syntax &lt;error&gt;<br>'));
  const xml = formatXml(report);
  assert.ok(xml.includes('<testcase classname="x&lt;y&gt;.py" name="hardcoded_password_string"><error more_info="https://m?a=1&amp;b=2" type="LOW" message="Possible hardcoded password: \'&lt;b&gt;&amp;&quot;\'">'), xml);
  assert.ok(xml.includes('Possible hardcoded password: \'&lt;b&gt;&amp;"\'\nLocation x&lt;y&gt;.py:1</error>'));
});
