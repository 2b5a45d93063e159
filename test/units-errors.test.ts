// A syntax error that error recovery turns into one ERROR node holding many statements (a `def` typed as `df`
// in the middle of a class) must not make those statements one analysis unit: units.ts splits such an ERROR like
// a class body, so a keystroke inside one of the methods re-checks that method only, and the incremental result
// still equals a from-scratch analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { analyzeIncremental } from '../server/src/engine/incremental';
import { partition } from '../server/src/engine/units';
import { reanalyze, applyEdit } from './helpers/treeEdit';
import type { Node } from '../server/src/engine/parser';

/** A class of `n` decorated methods; each starts a shell (B602) and calls `yaml.load` (B506). */
function manager(n: number): string {
  const methods: string[] = [];
  for (let i = 0; i < n; i++) {
    methods.push(
      `    @wrap_exception()\n    def m${i}(self, context, value,\n              other=None):\n        subprocess.call("ls %d" % ${i}, shell=True)\n        result = yaml.load(value)\n        return result\n`,
    );
  }
  return `import subprocess\nimport yaml\n\n\nclass Manager(object):\n    """Many methods."""\n\n${methods.join('\n')}`;
}

/** The unit (rows) containing an offset. */
function unitRows(units: readonly { start: number; end: number; startRow: number; endRow: number }[], offset: number): number {
  const u = units.find((x) => x.start <= offset && offset < x.end);
  assert.ok(u, `a unit contains offset ${offset}`);
  return u.endRow - u.startRow + 1;
}

test('an ERROR node holding a broken class\'s methods is split into units; a keystroke inside re-checks one method', async () => {
  const engine = await getEngine();
  const clean = manager(30);
  // `def m10` loses its `e`: tree-sitter puts the class's methods before it into an ERROR child of the class.
  let text = clean.replace('    def m10(', '    df m10(');
  let tree = engine.parse(text);
  // The shape this test is about: the class definition has an ERROR child that holds methods m0..m9.
  const cls = tree.rootNode.descendantForIndex(text.indexOf('class Manager'))!.parent!;
  assert.equal(cls.type, 'class_definition');
  const errorChild = cls.namedChildren.find((c: Node) => c.isError);
  assert.ok(errorChild, 'the broken class has an ERROR child');
  const err = { start: errorChild.startIndex, end: errorChild.endIndex };
  const m3 = text.indexOf('"ls %d" % 3');
  assert.ok(err.start < m3 && m3 < err.end, 'method m3 lies inside the ERROR node');
  const p = partition(tree.rootNode);
  assert.ok(p.spanning.some((n: Node) => n.isError && n.startIndex === err.start && n.endIndex === err.end), 'the ERROR node is a spanning container');
  // Without the split, m3 would be inside the class's header unit, which would reach from `class` to the ERROR's end.
  assert.ok(unitRows(p.units, m3) <= 7, `m3 is a unit of its own (${unitRows(p.units, m3)} rows)`);

  let state = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined).state;
  const before = state.stats.reanalysedUnits;
  // A keystroke inside m3: `result` -> `resxult`.
  const at = text.indexOf('result', m3) + 3;
  const edited = applyEdit(text, tree, at, at, 'x');
  text = edited.text;
  const re = reanalyze(engine, tree, text, state, [edited.edit]);
  tree = re.tree;
  state = re.inc.state;
  assert.equal(state.stats.incremental, 1, 'the keystroke took the incremental path');
  assert.ok(unitRows(state.units, at) <= 7, 'the re-checked unit is m3 alone');
  assert.ok(state.stats.reanalysedUnits - before <= 2, `few units re-checked (${state.stats.reanalysedUnits - before})`);

  // The same result as a from-scratch analysis: findings inside and outside the ERROR, and the first syntax error.
  const fresh = engine.parse(text);
  const expected = engine.analyze(fresh, text);
  fresh.delete();
  assert.deepEqual(re.inc.result, expected);
  const inside = expected.findings.filter((f) => f.offset !== undefined && f.offset > err.start && f.offset < err.end);
  assert.ok(inside.some((f) => f.ruleId === "B602") && inside.some((f) => f.ruleId === "B506"), 'findings inside the ERROR node are reported');
  assert.ok(expected.syntaxError, 'the text has a syntax error');
  tree.delete();
});

test('breaking a class into an ERROR node and repairing it again equals a from-scratch analysis (fixes inside are dropped)', async () => {
  const engine = await getEngine();
  let text = manager(30);
  let tree = engine.parse(text);
  let state = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined).state;
  const fixable = (r: { findings: { ruleId: string; fixes: unknown[] }[] }) => r.findings.filter((f) => f.ruleId === 'B506' && f.fixes.length > 0).length;
  assert.equal(fixable(analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined).result), 30, 'every yaml.load has its fix');
  for (const [from, to] of [['    def m10(', '    df m10('], ['    df m10(', '    def m10(']] as const) {
    const at = text.indexOf(from);
    const edited = applyEdit(text, tree, at + 4, at + 4 + from.length - 4, to.slice(4));
    text = edited.text;
    const re = reanalyze(engine, tree, text, state, [edited.edit]);
    tree = re.tree;
    state = re.inc.state;
    const fresh = engine.parse(text);
    const expected = engine.analyze(fresh, text);
    fresh.delete();
    assert.deepEqual(re.inc.result, expected, `after ${to.trim()}`);
    // Broken, no yaml.load offers its fix (fixes.ts withoutErrorEdits: tree-sitter puts this module under an
    // ERROR root); repaired, all do again.
    assert.equal(fixable(expected), to.startsWith('    df') ? 0 : 30);
  }
  tree.delete();
});
