// Divergences between the editor's incremental analysis and a from-scratch analysis found by a fuzzing session
// (random edits through the server's DocumentStore and analyzeSourceIncremental, as server.ts runs them), each
// reduced to its minimal text and edits. Every test here failed before its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getEngine } from './helpers/engine';
import { DocumentStore } from '../server/src/lsp/documents';
import { analyzeSource, analyzeSourceIncremental, type AnalyzeSourceOptions } from '../server/src/engine/analyze';
import type { IncrementalState } from '../server/src/engine/incremental';
import type { AnalysisResult } from '../server/src/engine/engine';

type Edit = { start: number; end: number; text: string };
const summary = (a: AnalysisResult) => ({ findings: a.findings.map((f) => `${f.ruleId}@${f.line}`), failures: a.failures.map((f) => f.ruleId), notices: (a.notices ?? []).map((n) => n.code) });

/** A document in the server's store, analysed incrementally after each edit; `scratch` analyses its text afresh. */
async function session(text: string, filename = '/proj/m.py') {
  const engine = await getEngine();
  const store = new DocumentStore((t, old) => engine.parse(t, old));
  const uri = 'file:///proj/m.py';
  let doc = TextDocument.create(uri, 'python', 1, text);
  store.open(uri, 'python', 1, text);
  let version = 1;
  let state: IncrementalState | undefined;
  const analyse = (extra: Partial<AnalyzeSourceOptions> = {}) => {
    const tree = store.getTree(uri)!;
    const d = store.takeDelta(uri);
    const inc = analyzeSourceIncremental(engine, doc.getText(), { filename, tree, key: 'k', prev: state, edits: d?.edits, changed: d?.changed ?? [], ...extra });
    state = inc.state;
    return inc.analysis;
  };
  return {
    engine,
    store,
    uri,
    text: () => doc.getText(),
    analyse,
    edit(e: Edit, extra: Partial<AnalyzeSourceOptions> = {}) {
      const c = { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, text: e.text };
      doc = TextDocument.update(doc, [c], ++version);
      store.change(uri, version, [c]);
      return analyse(extra);
    },
    scratch: () => analyzeSource(engine, doc.getText(), { filename }),
  };
}

test('a rule skipped over its time budget in an incremental analysis does not leave its findings out of later ones', async () => {
  const s = await session('import pickle\n\n\ndef f(a, b):\n    pickle.loads(a)\n    pickle.loads(b)\n    pickle.loads(a)\n    pickle.loads(b)\n\n\nx = 1\n');
  assert.deepEqual(summary(s.analyse()), summary(s.scratch()));
  // An edit inside f analysed as on a very slow machine: the rule is skipped after its first check there.
  const at = s.text().indexOf('pickle.loads(b)');
  const slow = s.edit({ start: at + 13, end: at + 14, text: 'c' }, { ruleBudgetMs: 1e-9 });
  assert.ok(slow.notices?.some((n) => n.code === 'rule-timeout'), 'the budget was hit');
  // The next edit, elsewhere and without a budget: f's findings are all back.
  const x = s.text().indexOf('x = 1');
  assert.deepEqual(summary(s.edit({ start: x + 4, end: x + 5, text: '2' })), summary(s.scratch()));
});

test('a string escape above U+10FFFF does not make the string rules throw; their findings on other lines stay', async () => {
  // CPython rejects "\U00110000" (a syntax error); the decoder used to throw RangeError, failing B104/B105/B108.
  const s = await session('x = "\\U00110000"\n\n\ndef f():\n    password = "hunter2"\n');
  const first = s.analyse();
  assert.deepEqual(first.failures, []);
  assert.deepEqual(summary(first).findings, ['B105@5']);
  const at = s.text().indexOf('0011');
  assert.deepEqual(summary(s.edit({ start: at, end: at + 4, text: '0000' })), summary(s.scratch()));
});

test("a one-statement file without a line break: the module's own finding (B613) is reported once after an edit", async () => {
  const s = await session("x = 'a\u202e'");
  assert.deepEqual(summary(s.analyse()).findings, ['B613@1']);
  assert.deepEqual(summary(s.edit({ start: 5, end: 6, text: 'b' })), summary(s.scratch()));
  assert.deepEqual(summary(s.edit({ start: 0, end: 1, text: 'y' })), summary(s.scratch()));
});

test('a change whose range is given end first is applied between the two positions, to the text and to the tree', async () => {
  const s = await session("import os\nx = 1\ny = 2\npassword = 'hunter2'\nos.chmod(p, 0o777)\n");
  s.analyse();
  s.store.change(s.uri, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 1, character: 0 } }, text: 'z\n' }]);
  const text = s.store.get(s.uri)!.getText();
  assert.equal(text, "import os\nz\npassword = 'hunter2'\nos.chmod(p, 0o777)\n");
  const fresh = s.engine.parse(text);
  try {
    assert.equal(s.store.getTree(s.uri)!.rootNode.toString(), fresh.rootNode.toString());
  } finally {
    fresh.delete();
  }
});

test('adding `from .base import *` to a settings.py makes it a settings module at once (VG201 on DEBUG = True)', async () => {
  const s = await session('import os\nDEBUG = True\n', '/proj/mysite/settings.py');
  assert.deepEqual(summary(s.analyse()).findings, []);
  const after = s.edit({ start: 0, end: 0, text: 'from .base import *\n' });
  assert.deepEqual(summary(after).findings, ['VG201@3']);
  assert.deepEqual(summary(after), summary(s.scratch()));
});

test('a settings/ file that imports Django is a settings module whichever of its lines asks first', async () => {
  // The first setting comes before the import: it used to ask the import state of its own line ("no Django yet"),
  // and that cached answer held for the whole file; re-checking only the last line asked after the import.
  const text = "CSRF_COOKIE_SECURE = False\nfrom django.utils.safestring import mark_safe\n\nALLOWED_HOSTS = ['*']\n";
  const s = await session(text, '/proj/settings/prod.py');
  const first = s.analyse();
  assert.deepEqual(summary(first).findings, ['VG203@1', 'VG202@4']);
  const at = text.indexOf("['*']");
  assert.deepEqual(summary(s.edit({ start: at, end: at + 5, text: "['*', 'x']" })), summary(s.scratch()));
});

test("rules reading beyond the checked statement (RuleDefinition.fileInputs): an edit to what they read re-analyses the file", async () => {
  const cases: [string, string, string, string][] = [
    // VG502: `s.verify = False` in use() is reported because make() assigns s a requests Session.
    ['VG502', 'import requests\n\n\ndef make():\n    s = requests.Session()\n\n\ndef use(s):\n    s.verify = False\n', 'requests.Session()', 'None'],
    // B703: the module-level x read from an async def's call, and a function's local read by a module-level call.
    ['B703', "from django.utils.safestring import mark_safe\nx = 'safe'\n\n\nasync def f():\n    mark_safe(x)\n", "'safe'", 'y'],
    ['B703', "from django.utils.safestring import mark_safe\n\n\ndef g():\n    x = 'a'\n\n\nx = 'b'\nmark_safe(x)\n", "'a'", 'request.GET["q"]'],
  ];
  for (const [id, text, from, to] of cases) {
    const s = await session(text);
    const before = summary(s.analyse());
    const at = text.indexOf(from);
    const after = summary(s.edit({ start: at, end: at + from.length, text: to }));
    assert.deepEqual(after, summary(s.scratch()), `${id}: ${from} -> ${to}`);
    assert.notDeepEqual(after.findings.filter((f) => f.startsWith(id)), before.findings.filter((f) => f.startsWith(id)), `${id}: the edit changes its findings`);
  }
  // A file neither rule can read stays incremental: its inputs are empty.
  const engine = await getEngine();
  assert.deepEqual(engine.fileInputsOf('import os\n\ndef f():\n    s.verify = False\n', undefined).filter((x) => x !== ''), []);
});

test('fileInputs are read again when an edit completes a trigger (mark_saf|e), and not otherwise', async () => {
  const text = "from django.utils.safestring import *\n\n\ndef g():\n    x = 'a'\n\n\nx = 'b'\nmark_saf(x)\n";
  const s = await session(text);
  s.analyse();
  // Typing the last letter makes the call B703's and the file one B703 reads whole.
  const at = text.indexOf('mark_saf') + 'mark_saf'.length;
  assert.deepEqual(summary(s.edit({ start: at, end: at, text: 'e' })), summary(s.scratch()));
  // Now an edit in g changes the module-level call's finding (Bandit's analysis reads g's assignment).
  const a = s.text().indexOf("'a'");
  const after = s.edit({ start: a, end: a + 3, text: 'request.GET["q"]' });
  assert.deepEqual(summary(after), summary(s.scratch()));
  assert.ok(summary(after).findings.includes('B703@9'), JSON.stringify(summary(after)));
});

test("fixes built from the whole file follow edits that only move statements: the file's line break, the place after a shebang", async () => {
  const cases: [string, string, Edit][] = [
    // B101's fix for an assert on a last line without a line break ends with the file's: the first CRLF typed.
    ['B101', 'x = 1\nassert y', { start: 5, end: 5, text: '\r' }],
    // B105's fix adds `import os` ending with the file's line break: the first CRLF, on a blank line.
    ['B105', "x = 1\n\npassword = 'p'\n", { start: 6, end: 6, text: '\r' }],
    // Enter at the top: the import goes at offset 0, before the new line, not after it.
    ['B105', "\npassword = 'p'\n", { start: 0, end: 0, text: '\n' }],
    // A comment turned into a shebang: `import logging` goes after it, not above it.
    ['B110', '# comment\ndef v(x):\n    try:\n        f()\n    except Exception:\n        pass\n', { start: 0, end: 9, text: '#!/bin/py' }],
  ];
  const fixesOf = (a: AnalysisResult, id: string) => JSON.stringify(a.findings.filter((f) => f.ruleId === id).map((f) => f.fixes));
  for (const [id, text, e] of cases) {
    const s = await session(text);
    const before = fixesOf(s.analyse(), id);
    const after = s.edit(e);
    const scratch = s.scratch();
    assert.equal(fixesOf(after, id), fixesOf(scratch, id), `${id}: ${JSON.stringify(text)}`);
    assert.notEqual(fixesOf(scratch, id), before, `${id}: the edit changes the fix (else this checks nothing)`);
  }
});

test("a finding whose line range is its class definition's follows edits to the class body; a nosec on a new body line applies", async () => {
  // B104 on a string in a class's bases: Bandit's line range is the ClassDef's rows.
  const text = "class C('0.0.0.0'):\n    x = 1\n    y = 2\n";
  const s = await session(text);
  const rangeOf = (a: AnalysisResult) => a.findings.filter((f) => f.ruleId === 'B104').map((f) => f.lineRange);
  assert.deepEqual(rangeOf(s.analyse()), [[1, 2, 3]]);
  const at = text.indexOf('    y');
  const grown = s.edit({ start: at, end: at, text: '    w = 0\n' });
  assert.deepEqual(rangeOf(grown), [[1, 2, 3, 4]]);
  assert.deepEqual(rangeOf(grown), rangeOf(s.scratch()));
  const end = s.text().length;
  const suppressed = s.edit({ start: end, end, text: '    z = 3  # nosec\n' });
  const scratch = s.scratch();
  assert.equal(scratch.nosec, 1, 'from scratch, the nosec on the class range suppresses B104');
  assert.deepEqual([suppressed.nosec, summary(suppressed)], [scratch.nosec, summary(scratch)]);
});

test('an ERROR that is also an `as` target: the from-scratch analysis finds the syntax error the incremental one keeps', async () => {
  // Found by the typing fuzzer (test/helpers/typing.ts), backspacing the `:` of a `with ... as d:` line. Tree-sitter
  // shows the subtree after `as` as an ERROR among its parent's children and as `as_pattern_target` to a query, with
  // one node id; the analysis memo made the query's view stand for both, so its walk found no error there (here:
  // none at all), while the incremental analysis, reading the unit's error outside the memo, found it.
  const text = "with open(p) as 'x' run(('a',)):\n    pass\nx = 1\n";
  const s = await session(text);
  const scratch0 = s.scratch();
  assert.deepEqual(scratch0.syntaxError, { line: 1, column: 16, message: 'invalid syntax' });
  assert.deepEqual(s.analyse().syntaxError, scratch0.syntaxError);
  const at = text.indexOf('1\n');
  const after = s.edit({ start: at, end: at + 1, text: '2' });
  assert.deepEqual(after.syntaxError, s.scratch().syntaxError);
});

test('deleting the last name of `from m import (a)` does not hang the incremental analysis', async () => {
  // Found by the typing fuzzer (backspacing an import list). Tree-sitter reads `from ctypes import ()` with a
  // MISSING name, whose import record binds '': the import change's search for the units mentioning the changed
  // names compiled '' into its regular expression, which then matched the empty string at the same place forever.
  // (Without the fix this test does not fail, it hangs.)
  for (const [text, del] of [
    ['from ctypes import (a)\nx = 1\n', 'a'],
    ['import os\nfrom ctypes import (\n    a)\n\nos.system(c)\n', 'a'],
    ['from subprocess import (call, Popen)\ncall(c, shell=True)\n', ', Popen'],
  ] as const) {
    const s = await session(text);
    s.analyse();
    const at = text.indexOf(del);
    const after = s.edit({ start: at, end: at + del.length, text: '' });
    assert.deepEqual(summary(after), summary(s.scratch()), JSON.stringify(text));
    assert.deepEqual(after.syntaxError, s.scratch().syntaxError);
  }
});
