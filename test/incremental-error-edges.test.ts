// Units whose fix edits reach their first or last character (a test function ending in an assert, whose B101 fix
// replaces that assert) are "error-sensitive": fixes.ts drops a fix whose edit touches an ERROR node, and an ERROR
// just outside the unit can touch it. incremental.ts re-checks such a unit only when an ERROR comes to touch one of
// its ends or stops touching it (`edgeErrors`), not at every keystroke while the file has a syntax error anywhere:
// in a pytest-style file, that was every test function at every keystroke. (No random edit sequence tried so far
// needs that re-check to match a full analysis, the earlier blanket one included: 160,000 edits of tests(4) with
// the snippets below, both disabled. So the second test checks the ends against fixes.ts's own decision.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { analyzeIncremental, edgeErrorsOf, errorExtents, type IncrementalState } from '../server/src/engine/incremental';
import { editTouchesError } from '../server/src/engine/fixes';
import { partition } from '../server/src/engine/units';
import { rng } from './helpers/random';
import type { Engine } from '../server/src/engine/engine';
import type { Tree } from '../server/src/engine/parser';
import { reanalyze, applyEdit } from './helpers/treeEdit';

/** `n` pytest-style test functions, each ending in an assert (B101, with a fix replacing the assert). */
function tests(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`def test_${i}():\n    value = compute(${i})\n    assert value == ${i}\n`);
  return out.join('\n');
}

/** Applies one replacement, re-analyses incrementally, and checks the result against a from-scratch analysis. */
function step(engine: Engine, doc: { text: string; tree: Tree; state: IncrementalState }, start: number, end: number, insert: string) {
  const before = doc.state.stats.reanalysedUnits;
  const edited = applyEdit(doc.text, doc.tree, start, end, insert);
  doc.text = edited.text;
  const re = reanalyze(engine, doc.tree, doc.text, doc.state, [edited.edit]);
  doc.tree = re.tree;
  doc.state = re.inc.state;
  const fresh = engine.parse(doc.text);
  const expected = engine.analyze(fresh, doc.text);
  fresh.delete();
  assert.deepEqual(re.inc.result, expected, `incremental = from scratch after inserting ${JSON.stringify(insert)} at ${start}`);
  return { rechecked: doc.state.stats.reanalysedUnits - before, result: re.inc.result };
}

test('a keystroke in a file with a syntax error re-checks the edited unit, not every unit ending in an assert', async () => {
  const engine = await getEngine();
  // A syntax error at the top (an unfinished `def`), then 40 test functions.
  const text = `def broken(:\n    pass\n\n${tests(40)}`;
  const tree = engine.parse(text);
  const first = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined);
  assert.ok(first.result.syntaxError, 'the file has a syntax error');
  const withFix = first.result.findings.filter((f) => f.ruleId === 'B101' && f.fixes.length > 0);
  assert.equal(withFix.length, 40, 'every assert has its fix');
  assert.ok(first.state.units.filter((u) => u.errorSensitive).length >= 40, 'the test functions are error-sensitive units');
  const doc = { text, tree, state: first.state };
  // Keystrokes in test_20's body: `value` -> `valxue`, then back.
  const at = doc.text.indexOf('value', doc.text.indexOf('def test_20')) + 3;
  const a = step(engine, doc, at, at, 'x');
  assert.ok(a.rechecked <= 2, `one unit re-checked, not all 40 (${a.rechecked})`);
  const b = step(engine, doc, at, at + 1, '');
  assert.ok(b.rechecked <= 2, `one unit re-checked, not all 40 (${b.rechecked})`);
  assert.equal(doc.state.stats.incremental, 2);
  doc.tree.delete();
});

test('edgeErrors says which ends of a unit an ERROR touches exactly as fixes.ts decides it for an edit there', async () => {
  const engine = await getEngine();
  const r = rng(17);
  const SNIPPETS = ['x', ' ', '\n', '(', ')', '"', ':', ',', '\\', '\n    ', '"""', "'", '#', '@', 'def ', 'else:'];
  let touched = 0;
  let units = 0;
  for (let trial = 0; trial < 300; trial++) {
    let text = tests(4);
    for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
      const at = Math.floor(r() * text.length);
      text = r() < 0.7 ? text.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)]! + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    const tree = engine.parse(text);
    const root = tree.rootNode;
    const extents = errorExtents(root);
    for (const u of partition(root).units) {
      const expected = (editTouchesError(root, u.start, u.start) ? 1 : 0) | (editTouchesError(root, u.end, u.end) ? 2 : 0);
      assert.equal(edgeErrorsOf(u, extents), expected, `${JSON.stringify(text)}: unit ${u.start}-${u.end}`);
      units++;
      if (expected) touched++;
    }
    tree.delete();
  }
  // Both answers occur (so the comparison means something).
  assert.ok(touched > 20 && units - touched > 20, `${touched} of ${units} units touched by an ERROR`);
  // One such text by hand: a comment cuts off test_1's `def` line and a quote starts test_3's name, and recovery
  // puts ERRORs right after the asserts of test_1 and test_2; their fixes (which replace the assert) are dropped.
  const text = tests(4).replace('def test_1', 'def test_1#').replace('def test_3', "def t'est_3");
  const tree = engine.parse(text);
  const { state, result } = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined);
  const edges = state.units.filter((u) => u.edgeErrors !== 0).map((u) => [text.slice(u.start, u.end), u.edgeErrors]);
  assert.deepEqual(edges, [['assert value == 1', 2], ['assert value == 2', 2]]);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'B101').map((f) => f.fixes.length), [1, 0, 0, 1]);
  tree.delete();
});
