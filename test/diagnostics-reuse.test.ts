// lsp/diagnostics.ts reuses the conversion of a finding object that incremental re-analysis handed back unchanged:
// after every random edit the diagnostics must equal a fresh conversion of the same findings for the new version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Edit } from 'web-tree-sitter';
import { getEngine } from './helpers/engine';
import { rng } from './helpers/random';
import { analyzeIncremental, type IncrementalState } from '../server/src/engine/incremental';
import { toDiagnostic, toDiagnostics } from '../server/src/lsp/diagnostics';
import { DEFAULT_SETTINGS } from '../server/src/protocol';

const TEXT = `import subprocess
import pickle
import yaml


def a(x):
    subprocess.call(x, shell=True)
    return pickle.loads(x)


def b(s):
    return yaml.load(s)


def c(cmd):
    eval(cmd)
    subprocess.Popen(cmd, shell=True)
`;

test('diagnostics reuse unchanged findings and still equal a fresh conversion after edits', async () => {
  const engine = await getEngine();
  const r = rng(5);
  const uri = 'file:///t.py';
  let doc = TextDocument.create(uri, 'python', 1, TEXT.repeat(3));
  let tree = engine.parse(doc.getText());
  let state: IncrementalState = analyzeIncremental(engine, tree, doc.getText(), {}, 'k', undefined, undefined).state;
  let prev = toDiagnostics(analyzeIncremental(engine, tree, doc.getText(), {}, 'k', undefined, undefined).result.findings, DEFAULT_SETTINGS, doc.uri);
  let reusedRanges = 0;
  for (let step = 0; step < 60; step++) {
    const text = doc.getText();
    const at = Math.floor(r() * text.length);
    const insert = ['x', '\n', ' ', ''][Math.floor(r() * 4)]!;
    const end = insert === '' ? Math.min(text.length, at + 1) : at;
    const start = doc.positionAt(at);
    const oldEnd = doc.positionAt(end);
    doc = TextDocument.update(doc, [{ range: { start, end: oldEnd }, text: insert }], doc.version + 1);
    const newEnd = doc.positionAt(at + insert.length);
    tree.edit(new Edit({ startIndex: at, oldEndIndex: end, newEndIndex: at + insert.length, startPosition: { row: start.line, column: start.character }, oldEndPosition: { row: oldEnd.line, column: oldEnd.character }, newEndPosition: { row: newEnd.line, column: newEnd.character } }));
    const old = tree;
    tree = engine.parse(doc.getText(), old);
    const changed = old.getChangedRanges(tree);
    old.delete();
    const edit = { startIndex: at, oldEndIndex: end, newEndIndex: at + insert.length, startPosition: { row: start.line }, oldEndPosition: { row: oldEnd.line }, newEndPosition: { row: newEnd.line } };
    const inc = analyzeIncremental(engine, tree, doc.getText(), {}, 'k', state, [edit], changed);
    state = inc.state;
    const got = toDiagnostics(inc.result.findings, DEFAULT_SETTINGS, doc.uri);
    const fresh = inc.result.findings.map((f) => toDiagnostic(f, DEFAULT_SETTINGS));
    assert.deepEqual(got, fresh, `step ${step}`);
    for (const d of got) if (prev.includes(d)) reusedRanges++;
    prev = got;
  }
  tree.delete();
  assert.ok(reusedRanges > 50, `diagnostics were reused (${reusedRanges})`);
});

test('a different settings object converts again (severity overrides apply)', async () => {
  const engine = await getEngine();
  const doc = TextDocument.create('file:///u.py', 'python', 1, TEXT);
  const tree = engine.parse(TEXT);
  const { result } = analyzeIncremental(engine, tree, TEXT, {}, 'k', undefined, undefined);
  tree.delete();
  const first = toDiagnostics(result.findings, DEFAULT_SETTINGS, doc.uri);
  const ids = Object.fromEntries(result.findings.map((f) => [f.ruleId, 'hint' as const]));
  const second = toDiagnostics(result.findings, { ...DEFAULT_SETTINGS, severityOverrides: ids }, doc.uri);
  assert.ok(first.length > 0);
  assert.ok(second.every((d) => d.severity === 4), JSON.stringify(second.map((d) => d.severity)));
  assert.ok(first.some((d) => d.severity !== 4));
});

test('findings moved by offsets only (an edit on an earlier line, no line added) reuse their diagnostics', async () => {
  const engine = await getEngine();
  const uri = 'file:///m.py';
  const text = '# header\n' + TEXT;
  let doc = TextDocument.create(uri, 'python', 1, text);
  let tree = engine.parse(text);
  const first = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined);
  const before = toDiagnostics(first.result.findings, DEFAULT_SETTINGS, doc.uri);
  assert.ok(first.result.findings.some((f) => f.fixes.length > 0), 'a finding with a fix');
  // Type into the comment, then add a line there: every unit after it moves, first by offsets, then by a row.
  let state = first.state;
  let prev = first.result.findings;
  let prevDiags = before;
  for (const [at, insert, samePlace] of [[3, 'x', true], [3, '\n', false]] as const) {
    const cur = doc.getText();
    doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: insert }], doc.version + 1);
    const p0 = { row: 0, column: at };
    const p1 = insert === '\n' ? { row: 1, column: 0 } : { row: 0, column: at + 1 };
    tree.edit(new Edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: p0, oldEndPosition: p0, newEndPosition: p1 }));
    const old = tree;
    tree = engine.parse(doc.getText(), old);
    const changed = old.getChangedRanges(tree);
    old.delete();
    const inc = analyzeIncremental(engine, tree, doc.getText(), {}, 'k', state, [{ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: p0, oldEndPosition: p0, newEndPosition: p1 }], changed);
    assert.equal(inc.state.stats.incremental, 1 + (samePlace ? 0 : 1), `${cur.length}: incremental`);
    const findings = inc.result.findings;
    assert.equal(findings.length, prev.length);
    assert.ok(findings.every((f, i) => f !== prev[i]), 'every finding moved (new objects)');
    const got = toDiagnostics(findings, DEFAULT_SETTINGS, doc.uri);
    assert.deepEqual(got, findings.map((f) => toDiagnostic(f, DEFAULT_SETTINGS)));
    // Reused: the very diagnostics of the previous version (nothing in them depends on the version).
    assert.equal(got.every((d, i) => d === prevDiags[i]), samePlace);
    state = inc.state;
    prev = findings;
    prevDiags = got;
  }
  tree.delete();
});
