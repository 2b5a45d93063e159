// Engine core: Bandit's import resolution and visit order, literal evaluation, nosec semantics, rule isolation,
// syntax-error recovery, edit builders.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { Engine, utf8Column } from '../server/src/engine/engine';
import { defineRule } from '../server/src/engine/rule';
import { literalValue, pyComplexStr, pyFloatRepr, pyTruthy, strValue, joinedStrParts, constantString, memoOf, ancestorsByDescent, astAncestors, astParent } from '../server/src/engine/python';
import { parseSuppression, SuppressionMap } from '../server/src/engine/nosec';
import { addImportEdit, appendArgumentEdit, removeArgumentEdit } from '../server/src/engine/edits';
import { FileContext, ImportState } from '../server/src/engine/context';
import { applyEdits } from '../server/src/engine/fixes';
import { analyzeSource, countLoc } from '../server/src/engine/analyze';
import { resolveBudget } from '../server/src/engine/budget';
import type { Node } from '../server/src/engine/parser';
import fs from 'node:fs';
import path from 'node:path';

/** A probe rule that reports every call with its resolved qualified name. */
const probe = defineRule({
  id: 'VG999',
  name: 'probe',
  banditName: 'probe',
  summary: 'test probe',
  severity: 'LOW',
  confidence: 'LOW',
  cwe: 1,
  moreInfo: 'https://example.invalid',
  query: '(call) @call',
  messages: { q: '{q}' },
  check(m, ctx) {
    return { node: m.node, messageId: 'q', data: { q: ctx.call(m.node).qualname } };
  },
});

async function qualnames(src: string): Promise<string[]> {
  const base = await getEngine();
  const e = new Engine(base.parser, [probe]);
  const t = e.parse(src);
  const r = e.analyze(t, src, { strict: true });
  t.delete();
  e.dispose();
  return r.findings.map((f) => f.message);
}

describe('qualified names (Bandit get_call_name)', () => {
  test('aliases, from-imports, visit order, complex receivers', async () => {
    const src = [
      'a.b()',
      'import subprocess as sp',
      'sp.Popen()',
      'from os import path as p, system',
      'p.join()',
      'system()',
      'requests.Session().get()',
      'foo()[0]()',
      'import a.b',
      'a.b.c()',
      'from . import rel',
      'rel.x()',
      '(sp).call()',
    ].join('\n');
    assert.deepEqual(await qualnames(src), [
      'a.b',
      'subprocess.Popen',
      'os.path.join',
      'os.system',
      '.get',
      'requests.Session', // inner call (visited after the outer one)
      '',
      'foo',
      'a.b.c',
      'rel.x',
      'subprocess.call',
    ]);
  });
  test('an import after the call is not yet known', async () => {
    assert.deepEqual(await qualnames('yl()\nfrom yaml import load as yl\nyl()'), ['yl', 'yaml.load']);
  });
});

describe('literal values', () => {
  async function value(expr: string) {
    const e = await getEngine();
    const t = e.parse(`x = ${expr}\n`);
    const n = t.rootNode.firstNamedChild!.firstNamedChild!.childForFieldName('right')!;
    const v = literalValue(n);
    const s = strValue(n);
    t.delete();
    return { v, s };
  }
  test('strings: escapes, raw, concatenation, bytes, f-strings', async () => {
    assert.equal((await value(String.raw`"a\tb\x41\101"`)).s, 'a\tbAA');
    assert.equal((await value(String.raw`r"a\tb"`)).s, String.raw`a\tb`);
    assert.equal((await value(`"ab" 'cd' """ef"""`)).s, 'abcdef');
    assert.deepEqual((await value(`b"ab"`)).v, { kind: 'bytes', value: 'ab' });
    assert.equal((await value(`f"a{b}"`)).s, undefined);
    assert.equal((await value(`"a" b"c"`)).v, null); // mixing str and bytes is a syntax error in CPython
  });
  test('numbers, names, True/False/None, containers, unary minus', async () => {
    assert.deepEqual((await value('0o777')).v, { kind: 'int', value: 511n });
    assert.deepEqual((await value('1_000')).v, { kind: 'int', value: 1000n });
    assert.deepEqual((await value('True')).v, { kind: 'name', value: 'True' });
    assert.deepEqual((await value('None')).v, { kind: 'name', value: 'None' });
    assert.deepEqual((await value('foo')).v, { kind: 'name', value: 'foo' });
    assert.equal((await value('-1')).v, null); // a UnaryOp, not a Constant, in CPython's AST
    assert.equal((await value('a.b')).v, null);
    assert.deepEqual((await value('["a", 1]')).v, { kind: 'list', items: [{ kind: 'str', value: 'a' }, { kind: 'int', value: 1n }] });
  });
  test('imaginary constants are complex values; floats and complexes print as Python prints them', async () => {
    assert.deepEqual((await value('1_0j')).v, { kind: 'complex', imag: 10 });
    assert.deepEqual((await value('2.5J')).v, { kind: 'complex', imag: 2.5 });
    assert.deepEqual((await value('2.5')).v, { kind: 'float', value: 2.5 });
    assert.equal(pyTruthy({ kind: 'complex', imag: 0 }), false);
    assert.equal(pyTruthy({ kind: 'complex', imag: 1 }), true);
    // Expected strings from python3.11: repr(x) and str(complex(0, x)).
    const xs = [0, 1, 0.1, 1e-4, 1e-5, 1e15, 1e16, 1.5e16, 1 / 3, 12345678901234567890];
    assert.deepEqual(xs.map(pyFloatRepr), ['0.0', '1.0', '0.1', '0.0001', '1e-05', '1000000000000000.0', '1e+16', '1.5e+16', '0.3333333333333333', '1.2345678901234567e+19']);
    assert.deepEqual(xs.map(pyComplexStr), ['0j', '1j', '0.1j', '0.0001j', '1e-05j', '1000000000000000j', '1e+16j', '1.5e+16j', '0.3333333333333333j', '1.2345678901234567e+19j']);
  });
  test('f-string literal parts merge across implicit concatenation', async () => {
    const e = await getEngine();
    const t = e.parse('x = f"/tmp/{a}b{{c}}" "d"\n');
    const n = t.rootNode.firstNamedChild!.firstNamedChild!.childForFieldName('right')!;
    assert.deepEqual(joinedStrParts(n).map((p) => p.text), ['/tmp/', 'b{c}d']);
    assert.equal(constantString(n), undefined);
    t.delete();
  });
});

describe('nosec parsing (Bandit NOSEC_COMMENT)', () => {
  const resolve = (t: string) => {
    const known: Record<string, string> = { B602: 'B602', B607: 'B607', B101: 'B101', assert_used: 'B101', pickle: 'B301' };
    return known[t];
  };
  const ids = (c: string) => {
    const r = parseSuppression(c, resolve);
    return r ? [...r.ids].sort() : undefined;
  };
  test('blanket forms', () => {
    assert.deepEqual(ids('# nosec'), []);
    assert.deepEqual(ids('#nosec'), []);
    assert.deepEqual(ids('# nosec - reviewed'), []);
    assert.deepEqual(ids('# nosec B999'), []); // unknown ids are dropped: blanket
    assert.deepEqual(ids('# noseclike'), []);
  });
  test('ids, names, separators and the comma quirk', () => {
    assert.deepEqual(ids('# nosec B602 B607'), ['B602', 'B607']);
    assert.deepEqual(ids('# nosec: B602, B607'), ['B602', 'B607']);
    assert.deepEqual(ids('# nosec B602,B607'), ['B607']); // only the last of a comma run
    assert.deepEqual(ids('# nosec assert_used'), ['B101']);
    assert.deepEqual(ids('# nosec B602 # because pickle'), ['B602']); // reasons after a second #
    assert.deepEqual(ids('# nosec pickle is fine'), ['B301']); // prose that names a test widens it
  });
  test('case-sensitive nosec; noqa S codes', () => {
    assert.equal(ids('# NOSEC'), undefined);
    assert.deepEqual(ids('# noqa: S602'), ['B602']);
    assert.deepEqual(ids('# noqa: E501, S101'), ['B101']);
    assert.equal(ids('# noqa'), undefined);
    assert.equal(ids('# noqa: E501'), undefined);
  });
});

describe('suppression through the engine', () => {
  async function lines(src: string, ignoreNosec = false) {
    const e = await getEngine();
    const t = e.parse(src);
    const r = e.analyze(t, src, { ignoreNosec, enabled: new Set(['B301', 'B403', 'B506']) });
    t.delete();
    return { found: r.findings.map((f) => `${f.ruleId}:${f.line}`), nosec: r.nosec, skipped: r.skippedTests };
  }
  test('blanket, by id, wrong id, on another line of the node, ignoreNosec', async () => {
    const src = [
      'import pickle  # nosec',
      'pickle.loads(a)  # nosec B301',
      'pickle.loads(b)  # nosec B506',
      'pickle.loads(',
      '    c,  # nosec B301',
      ')',
      'pickle.loads(d)  # noqa: S301',
    ].join('\n');
    assert.deepEqual(await lines(src), { found: ['B301:3'], nosec: 1, skipped: 3 });
    const all = await lines(src, true);
    assert.deepEqual(all.found, ['B403:1', 'B301:2', 'B301:3', 'B301:4', 'B301:7']);
    assert.equal(all.nosec + all.skipped, 0);
  });
  test('a nosec inside a string does not count', async () => {
    assert.deepEqual((await lines('import pickle; x = "# nosec"')).found, ['B403:1']);
  });
  test('the first commented line of a range counts, whether the range or the comments are looked through', () => {
    const m = new SuppressionMap();
    m.add(5, { ids: new Set(['B1']), unknown: [], nosec: true });
    m.add(9, { ids: new Set(['B2']), unknown: [], nosec: true });
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    // Longer ranges than comments (the comments are looked through), then shorter ones (line by line).
    for (const [id, first, last, verdict] of [
      ['B1', 1, 20, 'skipped'],
      ['B2', 1, 20, undefined],
      ['B2', 6, 20, 'skipped'],
      ['B1', 6, 20, undefined],
      ['B1', 10, 20, undefined],
      ['B1', 5, 5, 'skipped'],
      ['B1', 4, 5, 'skipped'],
      ['B2', 8, 9, 'skipped'],
      ['B2', 2, 3, undefined],
    ] as const) {
      assert.equal(m.check(id, 2, range(first, last)), verdict, `${id} ${first}-${last}`);
    }
    // The reported line's comment joins the range's.
    assert.equal(m.check('B2', 9, range(1, 20)), 'skipped');
    assert.equal(new SuppressionMap().check('B1', 1, range(1, 20)), undefined);
  });
  test('strings of a long list: a nosec on one of its lines counts for every string, as in Bandit', async () => {
    const e = await getEngine();
    const src = 'DATA = [\n    "/tmp/a",\n    "/tmp/b",  # nosec B108\n    "/tmp/c",\n    "/tmp/d",  # nosec\n]\nx = "/tmp/e"\n';
    const t = e.parse(src);
    const r = e.analyze(t, src, { enabled: new Set(['B108']) });
    t.delete();
    assert.deepEqual(r.findings.map((f) => f.line), [7]);
    assert.equal(r.skippedTests, 4);
    assert.equal(r.nosec, 0);
  });
});

describe('robustness', () => {
  test('a throwing rule is isolated; other rules still report', async () => {
    const base = await getEngine();
    const bad = defineRule({ ...probe, id: 'VG998', check: () => { throw new Error('boom'); } });
    const e = new Engine(base.parser, [bad, ...base.rules]);
    const src = 'import pickle\nf()\ng()\n';
    const t = e.parse(src);
    const r = e.analyze(t, src);
    t.delete();
    e.dispose();
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['B403']);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]!.ruleId, 'VG998');
  });
  test('a file with a syntax error is still analysed in the parts that parse', async () => {
    const e = await getEngine();
    const src = 'import pickle\ndef broken(:\n    pass\nyaml.load(x)\nimport yaml\nyaml.load(y)\n';
    const t = e.parse(src);
    const r = e.analyze(t, src);
    t.delete();
    assert.ok(r.syntaxError, 'reports the syntax error');
    assert.equal(r.syntaxError.line, 2);
    assert.ok(r.findings.some((f) => f.ruleId === 'B403' && f.line === 1));
    assert.ok(r.findings.some((f) => f.ruleId === 'B506' && f.line === 6));
  });
  test("a comment tree-sitter misplaces is not a syntax error for the CLI and scan (analyzeSource); real errors stay", async () => {
    const e = await getEngine();
    // Each checked by hand with python3.11 ast.parse: the first two parse (a
    // column-0 comment between a decorator and its def, from scapy's layers/tftp.py), the others do not.
    const valid = 'import pickle\nclass C:\n    @dec\n#x\n    def f(self):\n        return pickle.loads(self.d)\n';
    const validToo = 'class C:\n    @dec\n#x\n    def f(self):\n        pass\n    s = """\n#a\n"""\n';
    const broken = 'class C:\n    @dec\n#x\n    def f(self:\n        pass\n';
    const py2 = 'class C:\n    @dec\n#x\n    def f(self):\n        print "x"\n';
    const t = e.parse(valid);
    assert.ok(t.rootNode.hasError, 'tree-sitter still misreads the comment (else this test checks nothing)');
    assert.ok(e.analyze(t, valid).syntaxError, 'engine.analyze keeps tree-sitter\'s view (the editor\'s incremental analysis matches it)');
    t.delete();
    const r = analyzeSource(e, valid, { filename: 'a.py' });
    assert.equal(r.syntaxError, undefined);
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}@${f.line}`), ['B403@1', 'B301@6']);
    assert.equal(analyzeSource(e, validToo, { filename: 'a.py' }).syntaxError, undefined);
    assert.equal(analyzeSource(e, broken, { filename: 'a.py' }).syntaxError?.line !== undefined, true);
    assert.equal(analyzeSource(e, py2, { filename: 'a.py' }).syntaxError?.message, 'Python 2 print statement');
  });
  test('Python 2 syntax tree-sitter accepts is a syntax error (Bandit lists such files in errors[]); Python 3 look-alikes are not', async () => {
    const e = await getEngine();
    // Each checked by hand with python3.11's ast.parse (SyntaxError for the first list, parses for the second) and
    // with Bandit 1.6.2 (scripts/bandit-reference.py lists exactly the first list's files in errors[]).
    const py2: [string, number, string][] = [
      ['try:\n  pass\nexcept E, e:\n  pass\n', 3, 'Python 2 `except E, name`'],
      ['raise E, "m"\n', 1, 'Python 2 `raise E, value`'],
      ['def f((a, b)): pass\n', 1, 'Python 2 tuple parameter'],
      ['f = lambda (a, b): a\n', 1, 'Python 2 tuple parameter'],
      ['if a <> b: pass\n', 1, 'Python 2 `<>` operator'],
      ['x = 1\ny = 0777\n', 2, 'Python 2 integer literal'],
      ['x = 10L\n', 1, 'Python 2 integer literal'],
      ['x = 0xFFL\n', 1, 'Python 2 integer literal'],
      ['x = `y`\n', 1, 'Python 2 string literal'],
      ["x = ur'a'\n", 1, 'Python 2 string literal'],
    ];
    for (const [src, line, message] of py2) {
      const r = analyzeSource(e, src, { filename: 'a.py' });
      assert.deepEqual(r.syntaxError && [r.syntaxError.line, r.syntaxError.message], [line, message], src);
    }
    const py3 = [
      'x = 0o777\ny = 00\nz = 0_0\nw = 1.05\nv = 0.5e05\nt = 1e010\nq = 0777j\np = 0777.5\n',
      's = "0777 `x` ur\\"a\\" 10L"\n# 10L `x` 0777\nb = 0b1\nl = 1_000\n',
      'try:\n  pass\nexcept (E, F) as e:\n  raise E("m") from e\nf = lambda a, b: a\ny = a != b\nz = u"a" + R"b" + rb"c" + Rb"d" + br"e"\n',
    ];
    for (const src of py3) assert.equal(analyzeSource(e, src, { filename: 'a.py' }).syntaxError, undefined, src);
  });
  test('Python 2 print statements are syntax errors for CPython 3', async () => {
    const e = await getEngine();
    const t = e.parse('print "hello"\n');
    const r = e.analyze(t, 'print "hello"\n');
    t.delete();
    assert.equal(r.syntaxError?.line, 1);
  });
  test('print with a chevron is valid Python 3 (`print >> f, x` is a tuple), not a syntax error', async () => {
    const e = await getEngine();
    // Each line checked by hand with python3 -c "import ast; ast.parse(...)": the first three parse, the last does not.
    for (const [src, line] of [['print >> sys.stderr, "message"\n', undefined], ['print >> 42\n', undefined], ['x = 1\nprint >>f, "a",\n', undefined], ['print >> f, x\nprint x\n', 2]] as const) {
      const t = e.parse(src);
      const r = e.analyze(t, src);
      t.delete();
      assert.equal(r.syntaxError?.line, line, src);
    }
  });
  /** The first finding of `rule` in `src`. */
  async function firstFinding(src: string, rule: string) {
    const e = await getEngine();
    const t = e.parse(src);
    const r = e.analyze(t, src, { enabled: new Set([rule]) });
    t.delete();
    return r.findings[0]!;
  }
  test('columns: Bandit col_offset is in UTF-8 bytes, ranges in UTF-16', async () => {
    const src = 's = "é😀"; import pickle\n';
    const f = await firstFinding(src, 'B403');
    assert.equal(f.range.start.column, src.indexOf('import'));
    assert.equal(f.colOffset, Buffer.byteLength(src.slice(0, src.indexOf('import'))));
  });
  test('columns on later lines count from their own line start (CRLF, non-ASCII, a call spanning lines)', async () => {
    const f = await firstFinding('# é\r\nimport pickle\r\ns = "😀"; pickle.loads(\r\n  "é", b)\r\n', 'B301');
    assert.equal(f.line, 3);
    // `s = "😀"; ` is 12 UTF-8 bytes (the emoji 4) and 10 UTF-16 units; the call ends after `  "é", b)` (10 bytes).
    assert.deepEqual([f.colOffset, f.range.start.column, f.endColOffset], [12, 10, 10]);
  });
});

describe('deep trees', () => {
  /** The ids of `n`'s AST ancestors, root first, by climbing. */
  const climb = (n: Node) => {
    const out: number[] = [];
    for (let p = astParent(n); p; p = astParent(p)) out.push(p.id);
    return out.reverse();
  };
  test('the descent finds the AST ancestors that climbing with astParent finds, for every node of a real file', async () => {
    const e = await getEngine();
    const src = fs.readFileSync(path.join(__dirname, '..', '..', 'rules', 'B608-hardcoded-sql-expressions', 'fixture.py'), 'utf8');
    const t = e.parse(src + 'x = (a +\n  (b - c)) * f(d, [e], {"k": g})\n');
    let checked = 0;
    const all: Node[] = [t.rootNode];
    for (let i = 0; i < all.length; i++) all.push(...all[i]!.children);
    for (const n of all) {
      assert.deepEqual(ancestorsByDescent(n)?.map((a) => a.id), climb(n), `${n.type} at ${n.startIndex}`);
      checked++;
    }
    assert.ok(checked > 400, `${checked} nodes`);
    t.delete();
  });
  test('a MISSING token at the end of its parent: the descent misses it, astAncestors climbs', async () => {
    const e = await getEngine();
    const t = e.parse('def f(:\n  pass\n'); // (parameters "(" (MISSING ")")) ends where the MISSING token is
    const missing: Node[] = [];
    const all: Node[] = [t.rootNode];
    for (let i = 0; i < all.length; i++) {
      if (all[i]!.isMissing) missing.push(all[i]!);
      all.push(...all[i]!.children);
    }
    assert.equal(missing.length, 1, 'the parse has one MISSING token');
    assert.equal(ancestorsByDescent(missing[0]!), undefined);
    assert.deepEqual(astAncestors(missing[0]!).map((a) => a.id), climb(missing[0]!));
    t.delete();
  });
  test('B608 on a `+` chain of 20,000 terms: reported, without overflowing the stack', async () => {
    const e = await getEngine();
    const src = 'q = "SELECT * FROM t WHERE a = " + ' + Array.from({ length: 20_000 }, (_, i) => `x${i}`).join(' + ') + '\n';
    const t = e.parse(src);
    const r = e.analyze(t, src, { enabled: new Set(['B608']) });
    t.delete();
    assert.deepEqual(r.failures, [], 'no rule failed');
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}@${f.line}`), ['B608@1']);
  });
});

describe('edit builders', () => {
  async function withRoot<T>(src: string, fn: (root: Node) => T): Promise<T> {
    const e = await getEngine();
    const t = e.parse(src);
    try {
      return fn(t.rootNode);
    } finally {
      t.delete();
    }
  }
  const add = (src: string, mod: string, name?: string) =>
    withRoot(src, (root) => {
      const edit = addImportEdit(new FileContext(src, root, new ImportState([])), mod, name);
      return edit ? applyEdits(src, [edit]) : edit;
    });
  test('addImportEdit: after docstring and __future__, merged into from-imports, idempotent, CRLF', async () => {
    assert.equal(await add('"""Doc."""\nfrom __future__ import annotations\nimport os\n', 'secrets'), '"""Doc."""\nfrom __future__ import annotations\nimport secrets\nimport os\n');
    assert.equal(await add('import os\n', 'secrets'), 'import secrets\nimport os\n');
    assert.equal(await add('#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1\n', 'os'), '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport os\nx = 1\n');
    assert.equal(await add('from ssl import wrap_socket\n', 'ssl', 'create_default_context'), 'from ssl import wrap_socket, create_default_context\n');
    assert.equal(await add('import secrets\n', 'secrets'), null);
    assert.equal(await add('"""D."""\r\nx = 1\r\n', 'os'), '"""D."""\r\nimport os\r\nx = 1\r\n');
  });
  test("B101's fix breaks its line with the assert line's own line break (the file's on a last line without one)", async () => {
    const engine = await getEngine();
    const fixed = (src: string) => {
      const tree = engine.parse(src);
      const r = engine.analyze(tree, src, { enabled: new Set(['B101']) });
      tree.delete();
      return applyEdits(src, r.findings.flatMap((f) => f.fixes[0]!.edits));
    };
    assert.equal(fixed('def f(x):\n    assert x\n'), 'def f(x):\n    if not (x):\n        raise AssertionError\n');
    assert.equal(fixed('def f(x):\r\n    assert x\r\n'), 'def f(x):\r\n    if not (x):\r\n        raise AssertionError\r\n');
    // Mixed: each assert follows its own line.
    assert.equal(fixed('assert a\r\nassert b\nx = 1\r\n'), 'if not (a):\r\n    raise AssertionError\r\nif not (b):\n    raise AssertionError\nx = 1\r\n');
    // The last line has no line break: the file's.
    assert.equal(fixed('x = 1\r\nassert a'), 'x = 1\r\nif not (a):\r\n    raise AssertionError');
    assert.equal(fixed('assert a'), 'if not (a):\n    raise AssertionError');
  });
  test('addImportEdit answers each file and import once: copies of one answer, a new answer for a new text', async () => {
    // A file with thousands of B105 findings asks once per finding; the answer is kept per tree and import.
    const src = 'from ssl import wrap_socket\nx = 1\n';
    await withRoot(src, (root) => {
      const file = new FileContext(src, root, new ImportState([]));
      const a = addImportEdit(file, 'ssl', 'create_default_context');
      const b = addImportEdit(file, 'ssl', 'create_default_context');
      assert.deepEqual(a, { start: src.indexOf('\n'), end: src.indexOf('\n'), text: ', create_default_context' });
      assert.deepEqual(b, a);
      assert.notEqual(b, a, 'each caller gets its own edit object');
      a!.start = 0;
      assert.equal(addImportEdit(file, 'ssl', 'create_default_context')!.start, src.indexOf('\n'), 'changing one does not change the kept answer');
      assert.equal(applyEdits(src, [addImportEdit(file, 'os')!]), 'import os\nfrom ssl import wrap_socket\nx = 1\n');
    });
    // The same import asked about another text: answered from that text.
    const src2 = 'import os\nfrom ssl import wrap_socket, create_default_context\n';
    await withRoot(src2, (root) => {
      const file = new FileContext(src2, root, new ImportState([]));
      assert.equal(addImportEdit(file, 'ssl', 'create_default_context'), null);
      assert.equal(addImportEdit(file, 'os'), null);
    });
  });
  test('argument edits', async () => {
    const src = 'f(a, verify=False, b=1)\ng(x)\nh()\nk(x,)\n';
    const out = await withRoot(src, (root) => {
      const calls = root.descendantsOfType('call');
      const kw = calls[0]!.childForFieldName('arguments')!.namedChildren[1]!;
      return applyEdits(src, [
        removeArgumentEdit(kw),
        appendArgumentEdit(calls[1]!.childForFieldName('arguments')!, 'timeout=30'),
        appendArgumentEdit(calls[2]!.childForFieldName('arguments')!, 'timeout=30'),
        appendArgumentEdit(calls[3]!.childForFieldName('arguments')!, 'timeout=30'),
      ]);
    });
    assert.equal(out, 'f(a, b=1)\ng(x, timeout=30)\nh(timeout=30)\nk(x, timeout=30)\n');
  });
});

describe("countLoc (Bandit's loc metric)", () => {
  // Bandit counts on bytes: the lines of `data.splitlines()` (LF, CR, CRLF) whose `strip()` (ASCII whitespace) is
  // non-empty and does not start with `#` (metrics.count_locs; 1.6.2's code, read on this machine).
  const reference = (s: string) =>
    s
      .split(/\r\n|\r|\n/)
      .map((l) => l.replace(/^[ \t\x0b\x0c]+|[ \t\x0b\x0c]+$/g, ''))
      .filter((l) => l.length > 0 && !l.startsWith('#')).length;
  test('agrees with the bytes.splitlines/strip definition on edge cases', () => {
    const cases = ['', '\n', 'a', '#', 'x\n', '\n\n\n', ' #x\n  \n\tb\r\n\u00a0\u2028c', '  # c\n  d', '\r', '\r\n\r\n', 'a\rb\n#c\r\n d', '\ufeffimport x', ' \u3000 y\n\t#\n'];
    for (const c of cases) assert.equal(countLoc(c), reference(c), JSON.stringify(c));
    assert.equal(countLoc('import os\n\n# comment\n  x = 1  # trailing\n'), 2);
    // Counted as Bandit counts them (python3: b"...".splitlines() / strip()): CR-only line ends are line ends;
    // a line of a no-break space, an ideographic space or U+2028 is not blank; a BOM before a comment is code.
    assert.equal(countLoc('import os\r\rx = 1\ry = 2\r'), 3);
    assert.equal(countLoc('"""\n\u00a0\n\u3000\n\u2028\n"""\n'), 5);
    assert.equal(countLoc('\ufeff# comment\nx = 1\n'), 2);
    assert.equal(countLoc('\x0c\x0b \t\n\t# c\r\n'), 0);
  });
  test('is linear on long runs of blank lines', () => {
    const s = 'x = 1\n' + ' \n'.repeat(200_000) + 'y = 2';
    assert.equal(countLoc(s), 2);
  });
});

test('a UTF-8 BOM: Bandit columns on line 1 count from after it, editor ranges include it', async () => {
  const engine = await getEngine();
  const src = '\uFEFFimport pickle; x = pickle.loads(b)\nimport os\n';
  const tree = engine.parse(src);
  try {
    const f = engine.analyze(tree, src).findings;
    const b403 = f.find((x) => x.ruleId === 'B403')!;
    assert.deepEqual([b403.line, b403.colOffset, b403.range.start.column], [1, 0, 1]);
    const b301 = f.find((x) => x.ruleId === 'B301')!;
    // CPython: `x = pickle.loads(b)` starts at byte 15 of the line without the BOM; the call at 19.
    assert.deepEqual([b301.line, b301.colOffset, b301.endColOffset], [1, 19, 34]);
    assert.equal(f.find((x) => x.ruleId === 'B404' || x.ruleId === 'B403' && x.line === 2), undefined);
  } finally {
    tree.delete();
  }
});

test('resolveBudget: a time budget bounds parse and analysis; rules get half unless given, 0 = no per-rule budget', () => {
  assert.equal(resolveBudget(undefined, undefined), undefined);
  assert.deepEqual(resolveBudget(1000), { parseMs: 1000, analysisMs: 1000, ruleMs: 500 });
  assert.deepEqual(resolveBudget(1000, 50), { parseMs: 1000, analysisMs: 1000, ruleMs: 50 });
  assert.deepEqual(resolveBudget(1000, 0), { parseMs: 1000, analysisMs: 1000 });
});

test('a @_parent capture is remembered as the main node\'s parent before any check asks for it', async () => {
  const base = await getEngine();
  const seen: string[] = [];
  const rule = defineRule({
    ...probe,
    id: 'VG997',
    query: '(_ (string) @s) @_parent',
    check(m) {
      // Read the memo directly: without the engine's help it holds no parent until `.parent` is read.
      const remembered = memoOf(m.node)?.parent;
      seen.push(`${remembered?.type}:${remembered === m.captures._parent}:${m.node.parent === remembered}`);
      return undefined;
    },
  });
  const e = new Engine(base.parser, [rule]);
  const src = 'x = "a"\nf("b", k="c")\n';
  const t = e.parse(src);
  try {
    e.analyze(t, src, { strict: true });
  } finally {
    t.delete();
    e.dispose();
  }
  assert.deepEqual(seen, ['assignment:true:true', 'argument_list:true:true', 'keyword_argument:true:true']);
});

describe('utf8Column', () => {
  test('equals the UTF-8 length of the line prefix, whatever the order of the calls and the texts', () => {
    // Code point boundaries only (as node boundaries are): ASCII, 2-, 3- and 4-byte characters, and a BOM.
    const pieces = ['a', 'bc', 'é', '€', '😀', ' ', 'xyz'];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const texts = [0, 1, 2].map((k) => {
      const lines: string[][] = [];
      for (let l = 0; l < 4; l++) lines.push(Array.from({ length: 30 + k }, () => pieces[rand(pieces.length)]!));
      return { text: (k === 1 ? '\ufeff' : '') + lines.map((l) => l.join('')).join('\n'), lines };
    });
    const bounds = texts.map(({ text, lines }) => {
      const out: { offset: number; column: number; expected: number }[] = [];
      let lineStart = 0;
      lines.forEach((l, i) => {
        const bom = i === 0 && text.startsWith('\ufeff') ? 1 : 0;
        let at = lineStart + bom;
        for (let j = 0; j <= l.length; j++) {
          // Bandit's column: the UTF-8 bytes from the line start (after a BOM on line 1).
          out.push({ offset: at, column: at - lineStart, expected: Buffer.byteLength(text.slice(lineStart + bom, at), 'utf8') });
          if (j < l.length) at += l[j]!.length;
        }
        lineStart = at + 1;
      });
      return out;
    });
    for (let n = 0; n < 3000; n++) {
      const k = rand(3);
      const b = bounds[k]!;
      // Mostly runs forward along a line (the engine's order), sometimes anywhere.
      const i = rand(4) === 0 ? rand(b.length) : Math.min(b.length - 1, n % b.length);
      const { offset, column, expected } = b[i]!;
      assert.equal(utf8Column(texts[k]!.text, offset, column), expected, `text ${k} offset ${offset}`);
    }
  });
});
