// Incremental re-analysis (engine/incremental.ts) equals a from-scratch analysis after every edit: random
// single-character and line edits, batches, edits that add/remove imports, nosec comments and syntax errors,
// on the sample project, rule fixtures and (when present) a large Nova file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { analyzeIncremental, type IncrementalState } from '../server/src/engine/incremental';
import type { Engine } from '../server/src/engine/engine';
import { rng } from './helpers/random';
import { editBatch, reanalyze } from './helpers/treeEdit';

const ROOT = path.join(__dirname, '..', '..');




const SNIPPETS = ['x', ' ', '\n', '(', ')', '"', 'import yaml\n', '  # nosec\n', 'pickle.loads(d)\n        ', 'yaml.load(s)', 'os.system(c)', ':', 'def f():\n    eval(x)\n'];

function randomEdit(r: () => number, text: string): [number, number, string] {
  const kind = r();
  const at = Math.floor(r() * text.length);
  if (kind < 0.45) return [at, at, SNIPPETS[Math.floor(r() * 6)]!]; // small insert
  if (kind < 0.75) return [at, Math.min(text.length, at + 1 + Math.floor(r() * 3)), '']; // small delete
  if (kind < 0.9) {
    // insert a line-sized snippet at a line start
    const ls = text.lastIndexOf('\n', at) + 1;
    return [ls, ls, SNIPPETS[6 + Math.floor(r() * (SNIPPETS.length - 6))]!];
  }
  return [at, Math.min(text.length, at + 1), String.fromCharCode(97 + Math.floor(r() * 26))]; // replace
}

function check(engine: Engine, files: { name: string; text: string }[], seed: number, steps: number, batch: number) {
  const r = rng(seed);
  let incrementalRuns = 0;
  for (const f of files) {
    let text = f.text;
    let tree = engine.parse(text);
    let state: IncrementalState | undefined = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined).state;
    for (let step = 0; step < steps; step++) {
      const batchEdits = editBatch(text, tree, 1 + Math.floor(r() * batch), (t) => randomEdit(r, t));
      text = batchEdits.text;
      const re = reanalyze(engine, tree, text, state, batchEdits.edits);
      tree = re.tree;
      const inc = re.inc;
      state = inc.state;
      const fresh = engine.parse(text);
      const expected = engine.analyze(fresh, text);
      fresh.delete();
      const strip = (x: typeof expected) => JSON.stringify({ ...x, failures: x.failures.length });
      if (strip(inc.result) !== strip(expected)) {
        const a = inc.result.findings.map((x) => JSON.stringify(x));
        const b = expected.findings.map((x) => JSON.stringify(x));
        const diff = {
          missing: b.filter((x) => !a.includes(x)),
          extra: a.filter((x) => !b.includes(x)),
          order: a.length === b.length && a.every((x) => b.includes(x)),
          meta: [JSON.stringify({ ...inc.result, findings: 0, failures: inc.result.failures.length }), JSON.stringify({ ...expected, findings: 0, failures: expected.failures.length })],
        };
        if (process.env.VIGIL_DEBUG_INC) fs.writeFileSync("/tmp/inc-fail.py", text);
        assert.fail(`${f.name}: seed ${seed}, step ${step}: incremental != from scratch: ${JSON.stringify(diff, null, 1)}`);
      }
    }
    incrementalRuns += state.stats.incremental;
    tree.delete();
  }
  return incrementalRuns;
}

function sampleFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push({ name: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'samples'));
  for (const r of ['B602-subprocess-popen-with-shell-equals-true', 'B301-B323-blacklist-calls', 'VG601-command-injection', 'B613-trojansource', 'B105-hardcoded-password-string']) {
    const p = path.join(ROOT, 'rules', r, 'fixture.py');
    if (fs.existsSync(p)) out.push({ name: `rules/${r}/fixture.py`, text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

test('incremental analysis equals from-scratch analysis on random edits (sample project and fixtures)', { timeout: 300_000 }, async () => {
  const engine = await getEngine();
  let inc = 0;
  const seeds = process.env.VIGIL_INC_SEEDS ? process.env.VIGIL_INC_SEEDS.split(",").map(Number) : [1, 2, 3];
  for (const seed of seeds) inc += check(engine, sampleFiles(), seed, 40, 3);
  assert.ok(inc > 100, `the incremental path was used (${inc} incremental analyses)`);
});

test('incremental analysis on a large real file (Nova compute/manager.py) when the corpus is present', { timeout: 300_000 }, async (t) => {
  const candidates = [process.env.VIGIL_CORPUS, path.join(ROOT, '.corpus'), '/work/corpus'].filter((d): d is string => !!d);
  const dir = candidates.find((d) => fs.existsSync(path.join(d, 'nova', 'compute', 'manager.py')));
  if (!dir) {
    t.skip('Nova corpus not found');
    return;
  }
  const engine = await getEngine();
  const text = fs.readFileSync(path.join(dir, 'nova', 'compute', 'manager.py'), 'utf8');
  const inc = check(engine, [{ name: 'nova/compute/manager.py', text }], 7, 25, 1);
  assert.ok(inc > 10, `the incremental path was used (${inc})`);
});

test('slicedParse: a parse stopped at every second check resumes to the same tree as one parse; the next starts afresh', async () => {
  const engine = await getEngine();
  const text = sampleFiles().map((f) => f.text).join('\n');
  const parse = engine.slicedParse(text);
  let steps = 0;
  let checks = 0;
  let tree = parse.step(() => true);
  while (!tree && steps < 100_000) {
    steps++;
    tree = parse.step(() => ++checks % 2 === 0); // stop at every second check
  }
  const whole = engine.parse(text);
  try {
    assert.ok(tree, 'the sliced parse ends');
    assert.ok(steps > 10, `it took several slices (${steps})`);
    assert.equal(tree.rootNode.toString(), whole.rootNode.toString());
    // A parse left unfinished (neither done nor cancelled) does not leak into the next sliced parse.
    let k = 0;
    assert.equal(engine.slicedParse(text).step(() => ++k > 20), undefined);
    const small = 'import os\nos.system(cmd)\n';
    const other = engine.slicedParse(small).step(() => false)!;
    assert.equal(other.rootNode.toString(), engine.parse(small).rootNode.toString());
    other.delete();
  } finally {
    tree?.delete();
    whole.delete();
  }
});

test('a fresh parse replacing a diverged incremental tree, re-checked where the trees differ, gives the fresh findings', { timeout: 300_000 }, async () => {
  // Seeds 69 and 119 make the incremental tree's error recovery differ from a fresh parse (see the editor's
  // `converge` in server.ts): at every step with a syntax error, the fresh tree is analysed incrementally from the
  // incremental state with no edits and tree-sitter's changed ranges between the two trees.
  const engine = await getEngine();
  const strip = (x: ReturnType<Engine['analyze']>) => JSON.stringify({ ...x, failures: x.failures.length });
  let diverged = 0;
  let checked = 0;
  for (const seed of [69, 119]) {
    const r = rng(seed);
    for (const f of sampleFiles()) {
      let text = f.text;
      let tree = engine.parse(text);
      let state: IncrementalState = analyzeIncremental(engine, tree, text, {}, 'k', undefined, undefined).state;
      for (let step = 0; step < 40; step++) {
        const b = editBatch(text, tree, 1 + Math.floor(r() * 3), (t) => randomEdit(r, t));
        text = b.text;
        const re = reanalyze(engine, tree, text, state, b.edits);
        tree = re.tree;
        state = re.inc.state;
        if (!tree.rootNode.hasError) continue;
        const fresh = engine.parse(text);
        try {
          const expected = strip(engine.analyze(fresh, text));
          if (strip(re.inc.result) !== expected) diverged++;
          const converged = analyzeIncremental(engine, fresh, text, {}, 'k', state, [], tree.getChangedRanges(fresh));
          assert.equal(strip(converged.result), expected, `${f.name}: seed ${seed}, step ${step}`);
          checked++;
        } finally {
          fresh.delete();
        }
      }
      tree.delete();
    }
  }
  assert.ok(diverged > 0, 'the seeds still make the trees diverge');
  assert.ok(checked > 100, `steps with a syntax error checked: ${checked}`);
});
