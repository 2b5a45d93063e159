// Import changes and whole-file fixes in the editor's incremental analysis (engine/incremental.ts): an edit in an
// import re-checks only the units that name a changed alias (or everything, when a rule's module question may
// answer differently); an edit beside a function-local import is an ordinary keystroke; and findings whose fixes
// read the whole file (an `import os` to add or rely on) are re-checked when what those fixes read may have
// changed. Each case compares the incremental result with a from-scratch analysis of the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { analyzeIncremental, type IncrementalState } from '../server/src/engine/incremental';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import type { AnalysisResult } from '../server/src/engine/engine';
import type { Tree } from '../server/src/engine/parser';
import { applyEdit, reanalyze } from './helpers/treeEdit';

/** A document being edited: its text, tree and incremental state. */
class Doc {
  tree: Tree;
  state: IncrementalState;
  result: AnalysisResult;
  constructor(
    private readonly engine: Engine,
    public text: string,
  ) {
    this.tree = engine.parse(text);
    const r = analyzeIncremental(engine, this.tree, text, {}, 'k', undefined, undefined);
    this.state = r.state;
    this.result = r.result;
  }
  /** Replaces the first occurrence of `from` by `to`, then re-analyses incrementally. */
  replace(from: string, to: string): void {
    const at = this.text.indexOf(from);
    assert.ok(at >= 0, `'${from}' is in the text`);
    const e = applyEdit(this.text, this.tree, at, at + from.length, to);
    this.text = e.text;
    const re = reanalyze(this.engine, this.tree, this.text, this.state, [e.edit]);
    this.tree = re.tree;
    this.state = re.inc.state;
    this.result = re.inc.result;
  }
  /** The from-scratch analysis of the current text. */
  scratch(): AnalysisResult {
    const t = this.engine.parse(this.text);
    const r = this.engine.analyze(t, this.text);
    t.delete();
    return r;
  }
}

const ids = (r: AnalysisResult) => r.findings.map((f) => `${f.ruleId}:${f.line}`);

test('renaming an import alias re-checks the units that use it, not the whole file', async () => {
  const engine = await getEngine();
  const fns: string[] = [];
  for (let i = 0; i < 20; i++) fns.push(i % 5 === 0 ? `def f${i}(cmd):\n    return sp.call(cmd, shell=True)\n` : `def f${i}(x):\n    return x + ${i}\n`);
  const doc = new Doc(engine, `import subprocess as sp\n\n\n${fns.join('\n\n')}`);
  assert.equal(ids(doc.result).filter((x) => x.startsWith('B602')).length, 4, 'sp.call(..., shell=True) resolves to subprocess.call');
  const { full, reanalysedUnits } = doc.state.stats;
  doc.replace('as sp', 'as sxp');
  assert.equal(doc.state.stats.full, full, `no whole-file analysis (${JSON.stringify(doc.state.stats.reasons)})`);
  // The import itself and the four functions that mention `sp` (not the other 16).
  assert.equal(doc.state.stats.reanalysedUnits - reanalysedUnits, 5);
  assert.deepEqual(doc.result, doc.scratch());
  assert.equal(ids(doc.result).filter((x) => x.startsWith('B602')).length, 0, '`sp` no longer names subprocess');
  doc.replace('as sxp', 'as sp');
  assert.equal(doc.state.stats.full, full);
  assert.deepEqual(doc.result, doc.scratch());
  assert.equal(ids(doc.result).filter((x) => x.startsWith('B602')).length, 4);
  doc.tree.delete();
});

test('changing an import that a rule asks about (importedExact) analyses the whole file', async () => {
  const engine = await getEngine();
  // B506 asks whether `yaml` itself is imported, so `import yaml` -> `import yamlx` can change any unit's answer.
  const doc = new Doc(engine, 'import yaml\n\n\ndef load(s):\n    return yaml.load(s)\n\n\ndef other(x):\n    return x\n');
  assert.ok(ids(doc.result).some((x) => x.startsWith('B506')), 'yaml.load is reported');
  const before = doc.state.stats.reasons['import change reaches a module query'] ?? 0;
  doc.replace('import yaml', 'import yamlx');
  assert.equal(doc.state.stats.reasons['import change reaches a module query'], before + 1);
  assert.deepEqual(doc.result, doc.scratch());
  doc.tree.delete();
});

test('an edit beside a function-local import is an ordinary keystroke', async () => {
  const engine = await getEngine();
  const doc = new Doc(engine, 'def run(cmd):\n    import subprocess\n    value = 1\n    return subprocess.call(cmd, shell=True)\n\n\ndef other(x):\n    return x\n');
  assert.ok(ids(doc.result).some((x) => x.startsWith('B602')));
  const { full } = doc.state.stats;
  doc.replace('value = 1', 'value = 12');
  assert.equal(doc.state.stats.full, full, `no whole-file analysis (${JSON.stringify(doc.state.stats.reasons)})`);
  assert.deepEqual(doc.result, doc.scratch());
  doc.tree.delete();
});

test('a fix built from the whole file is re-checked when another unit changes what it relies on', async () => {
  const engine = await getEngine();
  // B105's fix reads the secret from os.environ and adds `import os`; it is not offered while the file binds `os`
  // to something else (engine/edits.ts addImportEdit).
  const doc = new Doc(engine, 'def connect():\n    password = "hunter2"\n    return password\n\n\ndef other():\n    os = None\n    return os\n');
  const b105 = (r: AnalysisResult) => r.findings.find((f) => f.ruleId === 'B105');
  assert.ok(b105(doc.result), 'B105 is reported');
  assert.equal(b105(doc.result)!.fixes.length, 0, 'no fix while `os` is rebound');
  doc.replace('os = None\n    return os', 'xs = None\n    return xs');
  assert.deepEqual(doc.result, doc.scratch());
  assert.equal(b105(doc.result)!.fixes.length, 1, 'the fix is offered once `os` is free');
  doc.replace('xs = None\n    return xs', 'os = None\n    return os');
  assert.deepEqual(doc.result, doc.scratch());
  assert.equal(b105(doc.result)!.fixes.length, 0);
  doc.tree.delete();
});

test('units with whole-file fixes are re-checked only when what those fixes read may have changed', async () => {
  const engine = await getEngine();
  const fns: string[] = [];
  for (let i = 0; i < 10; i++) fns.push(`def f${i}():\n    password = "secret${i}"\n    return password\n`);
  const doc = new Doc(engine, `"""Settings."""\nimport sqlite3\n\n\n${fns.join('\n\n')}\n\ndef g():\n    return 1\n`);
  // Each B105 finding's fix adds `import os` (edits.ts addImportEdit reads the whole file).
  assert.equal(doc.result.findings.filter((f) => f.ruleId === 'B105' && f.fixes.length === 1).length, 10);
  const rechecked = (edit: () => void): number => {
    const before = doc.state.stats.reanalysedUnits;
    edit();
    assert.deepEqual(doc.result, doc.scratch());
    return doc.state.stats.reanalysedUnits - before;
  };
  assert.equal(rechecked(() => doc.replace('return 1', 'return 12')), 1, 'an edit in g that does not mention os: g alone');
  assert.equal(rechecked(() => doc.replace('return 12', 'return os')), 11, 'g now mentions os: g and the ten units with such fixes');
  assert.equal(rechecked(() => doc.replace('return os', 'return 3')), 11, 'g no longer mentions os: the same');
  assert.equal(rechecked(() => doc.replace('Settings.', 'Settings!')), 11, 'an edit in the leading docstring: every such unit');
  assert.equal(rechecked(() => doc.replace('return 3', 'return 4')), 1);
  // (Edits inside the import statement: one at its first character counts as an edit of the leading statements.)
  assert.equal(rechecked(() => doc.replace('sqlite3', 'sqlite3x')), 1, 'an import that does not mention os: that import alone');
  assert.equal(rechecked(() => doc.replace('sqlite3x', 'sqlite3x, os')), 11, 'an import of os: the fixes no longer add one');
  assert.equal(doc.result.findings.filter((f) => f.ruleId === 'B105' && f.fixes[0]?.edits.length === 1).length, 10, 'each fix is now the replacement alone');
  assert.equal(rechecked(() => doc.replace('sqlite3x, os', 'sqlite3')), 11);
  doc.tree.delete();
});

test('an import that moves past an untouched unit changes what that unit sees', async () => {
  const engine = await getEngine();
  // Bandit's import state is as of a position: `sp.call` before `import subprocess as sp` is not subprocess.call.
  // (B602 has no fix, so nothing but the import bookkeeping re-checks the function.)
  const imp = 'import subprocess as sp\n';
  let text = `${imp}\n\ndef run(cmd):\n    return sp.call(cmd, shell=True)\n\n\ndef other(x):\n    return x\n`;
  let tree = engine.parse(text);
  const first = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined);
  assert.ok(ids(first.result).some((x) => x.startsWith('B602')), 'sp.call(..., shell=True) is reported while the import is above it');
  // One batch: the import at the top is broken (`impert`), the same import appears at the end.
  const a = applyEdit(text, tree, 3, 4, 'e');
  const b = applyEdit(a.text, tree, a.text.length, a.text.length, imp);
  text = b.text;
  const re = reanalyze(engine, tree, text, first.state, [a.edit, b.edit]);
  tree = re.tree;
  const fresh = engine.parse(text);
  const expected = engine.analyze(fresh, text);
  fresh.delete();
  assert.ok(!ids(expected).some((x) => x.startsWith('B602')), 'the from-scratch analysis no longer reports it');
  assert.deepEqual(re.inc.result, expected);
  tree.delete();
});

test('what analyses asked about imports is recorded per engine, not per process', async () => {
  const parser = await loadPython();
  const a = new Engine(parser, RULES);
  const b = new Engine(parser, RULES);
  try {
    // Flask rules ask importedLike('flask'); B105's fix asks addImportEdit about `os`.
    const src = 'import flask\napp = flask.Flask(__name__)\napp.run(debug=True)\npassword = "hunter2"\n';
    const tree = a.parse(src);
    const found = a.analyze(tree, src).findings.map((f) => f.ruleId);
    tree.delete();
    assert.ok(found.includes('B201') && found.includes('B105'), found.join(' '));
    assert.ok(a.imports.like.has('flask') || a.imports.exact.has('flask') || a.imports.prefix.has('flask'));
    assert.ok(a.imports.editKnown.has('os'));
    assert.equal(b.imports.like.size + b.imports.exact.size + b.imports.prefix.size + b.imports.editKnown.size, 0);
  } finally {
    a.dispose();
    b.dispose();
  }
});
