// The watchdog (engine/watchdog.ts): an analysis that never ends is interrupted after a hard limit, wherever it
// is, and the thread goes on with a working engine, on a fresh tree-sitter runtime: in the CLI's in-process scan,
// and in the language server. (Engines that get interrupted here have a runtime of their own: the interrupted one
// is abandoned, and the other suites' shared engine must not be on it.)
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { getEngine } from './helpers/engine';
import { TestClient } from './helpers/lsp';
import { Engine } from '../server/src/engine/engine';
import { analyzeSource } from '../server/src/engine/analyze';
import { runScan, type FileResult } from '../server/src/engine/scan';
import { AnalysisStopped, hardLimitFor, runWithHardLimit } from '../server/src/engine/watchdog';
import { loadFreshPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import type { RuleDefinition } from '../server/src/engine/rule';

const SRC = 'import pickle\nimport yaml\n\n\ndef f(data):\n    return yaml.load(data)\n';
const codes = (ds: readonly { code?: string | number; ruleId?: string }[]) => ds.map((d) => `${d.code ?? d.ruleId}`).sort();

/**
 * A rule stuck in a loop on any call of `spin()` (for `forMs` if given: a test whose guard failed then fails
 * instead of hanging); `calls` counts its checks of such calls.
 */
function spinRule(forMs = Infinity): RuleDefinition & { calls: number } {
  const rule = {
    calls: 0,
    id: 'VG998',
    name: 'spin',
    banditName: 'spin',
    summary: 'never returns on spin()',
    severity: 'LOW' as const,
    confidence: 'LOW' as const,
    cwe: 0,
    moreInfo: '',
    query: '(call function: (identifier) @f) @call',
    messages: { m: 'x' },
    check(m: { captures: Record<string, { text: string }> }) {
      if (m.captures.f?.text !== 'spin') return;
      rule.calls++;
      const until = performance.now() + forMs;
      while (performance.now() < until) {
        // stuck
      }
    },
  };
  return rule as unknown as RuleDefinition & { calls: number };
}

async function spinEngine(forMs?: number): Promise<{ engine: Engine; rule: ReturnType<typeof spinRule> }> {
  const rule = spinRule(forMs);
  return { engine: new Engine(await loadFreshPython(), [...RULES, rule]), rule };
}

describe('watchdog', () => {
  test('runWithHardLimit: returns the result, passes errors through, stops a loop, nests', () => {
    assert.equal(
      runWithHardLimit(() => 42, 1000),
      42,
    );
    const boom = new Error('boom');
    assert.throws(
      () =>
        runWithHardLimit(() => {
          throw boom;
        }, 1000),
      (e) => e === boom,
    );
    const t0 = performance.now();
    assert.throws(
      () =>
        runWithHardLimit(() => {
          for (;;) {
            // stuck
          }
        }, 100),
      (e) => e instanceof AnalysisStopped && /did not finish within 0\.1 s; stopped/.test(e.message),
    );
    assert.ok(performance.now() - t0 < 5000);
    // A regular expression backtracking without end is interrupted too.
    assert.throws(() => runWithHardLimit(() => /(a+)+$/.test('a'.repeat(40) + 'b'), 100), AnalysisStopped);
    // Nested: the inner limit stops the inner call; the outer one goes on and returns.
    const outer = runWithHardLimit(() => {
      try {
        runWithHardLimit(() => {
          for (;;) {
            // stuck
          }
        }, 50);
        return 'not stopped';
      } catch (e) {
        return e instanceof AnalysisStopped ? 'inner stopped' : 'other';
      }
    }, 5000);
    assert.equal(outer, 'inner stopped');
  });

  test('hardLimitFor: 10 s plus three budgets, at least the minimum; 300 s without a budget', () => {
    assert.equal(hardLimitFor(60_000), 190_000);
    assert.equal(hardLimitFor(1000), 60_000);
    assert.equal(hardLimitFor(1000, 10_000), 13_000);
    assert.equal(hardLimitFor(undefined), 300_000);
    assert.equal(hardLimitFor(0), 300_000);
  });

  test('analyzeSource: a rule stuck in a loop is stopped; the engine then analyses correctly on a fresh runtime', async () => {
    const reference = analyzeSource(await getEngine(), SRC, { filename: 'a.py' });
    assert.deepEqual(codes(reference.findings), ['B403', 'B506']);
    const { engine, rule } = await spinEngine();
    const old = engine.parser;
    const oldTree = engine.parse(SRC);
    const oldCursor = oldTree.walk();
    assert.throws(() => analyzeSource(engine, SRC + 'spin()\n', { filename: 'a.py', hardLimitMs: 200 }), AnalysisStopped);
    assert.equal(rule.calls, 1);
    // Until the fresh runtime is loaded the engine refuses work; nothing calls into the old runtime again: its
    // frees do nothing (web-tree-sitter's finalizers call them too), anything else throws.
    assert.equal(engine.recovering, true);
    assert.equal(engine.generation, 1);
    assert.throws(() => engine.parse(SRC), /loading a fresh tree-sitter runtime/);
    assert.throws(() => old.parser.parse(SRC), /runtime was abandoned/);
    oldCursor.delete();
    oldTree.delete();
    await engine.ready();
    assert.equal(engine.recovering, false);
    assert.notEqual(engine.parser, old);
    assert.notEqual(engine.parser.runtime, old.runtime);
    // Another file, and the first one without the loop: the findings of an engine that was never interrupted.
    const after = analyzeSource(engine, SRC, { filename: 'a.py', hardLimitMs: 5000 });
    assert.deepEqual(after, reference);
    const unguarded = analyzeSource(engine, SRC, { filename: 'a.py' });
    assert.deepEqual(unguarded, reference);
  });

  test('analyzeSource: parses and analyses interrupted at many points leave a working engine', async () => {
    const engine = new Engine(await loadFreshPython(), RULES);
    const big = SRC.repeat(40_000); // ~2.3 MB: its parse takes far longer than 5 ms
    const reference = analyzeSource(engine, SRC, { filename: 'a.py' });
    // Interrupts at 1..40 ms, inside the parse and the analysis. Before the engine moved to a fresh runtime after
    // each, it only reset its parser, and the same heap damaged by an interrupt inside tree-sitter's allocator
    // crashed a parse ("memory access out of bounds") after about 75 interrupts of a larger text.
    const generation = engine.generation;
    let stops = 0;
    for (let i = 0; i < 40; i++) {
      try {
        analyzeSource(engine, big, { filename: 'big.py', hardLimitMs: 1 + i });
      } catch (e) {
        assert.ok(e instanceof AnalysisStopped);
        stops++;
      }
      await engine.ready();
      assert.deepEqual(analyzeSource(engine, SRC, { filename: 'a.py' }), reference);
    }
    assert.ok(stops >= 20, `${stops} stops`);
    assert.equal(engine.generation, generation + stops);
    // The big text itself still parses to the tree a fresh parser gives.
    const tree = engine.parse(big);
    try {
      assert.equal(tree.rootNode.hasError, false);
      assert.equal(tree.rootNode.namedChildCount, 40_000 * 3);
    } finally {
      tree.delete();
    }
  });

  test('in-process scan (--jobs 1): the stuck file is listed with an error, the others are analysed', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-watchdog-'));
    try {
      for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(root, `m${i}.py`), SRC);
      fs.writeFileSync(path.join(root, 'hang.py'), SRC + 'spin()\n');
      const { engine } = await spinEngine();
      const results: FileResult[] = [];
      const summary = await runScan(engine, { targets: [root], jobs: 1, cache: false, hardLimitMs: 300 }, (r) => results.push(r));
      assert.equal(summary.workers, 0);
      assert.equal(results.length, 5);
      const hang = results.find((r) => r.filename.endsWith('hang.py'))!;
      assert.equal(hang.analysis, undefined);
      assert.equal(hang.error, 'analysis did not finish within 0.3 s; stopped');
      for (const r of results.filter((x) => x !== hang)) assert.deepEqual(codes(r.analysis!.findings), ['B403', 'B506'], r.filename);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('language server: the stuck document gets a notice and is left alone until saved; other documents are analysed', async () => {
    const { engine, rule } = await spinEngine();
    const c = TestClient.inProcess({ server: { engine: Promise.resolve(engine), hardLimitMs: 300 } });
    const notice = (ds: Diagnostic[]) => ds.length === 1 && /^Vigil stopped analysing this file: the analysis did not finish within 0\.3 s\./.test(ds[0]!.message as string);
    try {
      await c.initialize();
      // A document typed in before the stop keeps its tree, which belongs to the runtime the engine then leaves.
      const early = 'file:///virtual/early.py';
      await c.open(early, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(early, (p) => p.version === 1)).diagnostics), ['B403', 'B506']);
      await c.change(early, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
      assert.deepEqual(codes((await c.diagnostics(early, (p) => p.version === 2)).diagnostics), ['B403', 'B506']);
      const a = 'file:///virtual/stuck.py';
      await c.open(a, SRC + 'spin()\n', 1);
      const first = await c.diagnostics(a, (p) => p.version === 1);
      assert.ok(notice(first.diagnostics), JSON.stringify(first.diagnostics));
      assert.equal(rule.calls, 1);
      assert.ok(c.logs.some((l) => l.includes(a) && l.includes('did not finish within 0.3 s')), c.logs.join('\n'));
      // The server goes on: another document gets its findings.
      const b = 'file:///virtual/fine.py';
      await c.open(b, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(b, (p) => p.version === 1)).diagnostics), ['B403', 'B506']);
      // The earlier document's next keystroke is analysed on the fresh runtime (from a new tree, not the old one's).
      assert.equal(engine.generation, 1);
      await c.change(early, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
      assert.deepEqual(codes((await c.diagnostics(early, (p) => p.version === 3)).diagnostics), ['B506']);
      // Keystrokes in the stuck document are not analysed (each would take the limit again).
      await c.change(a, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
      assert.ok(notice((await c.diagnostics(a, (p) => p.version === 2)).diagnostics));
      assert.equal(rule.calls, 1);
      // The loop removed and the file saved: analysed again, incrementally from nothing.
      await c.change(a, 3, [{ text: SRC }]);
      assert.ok(notice((await c.diagnostics(a, (p) => p.version === 3)).diagnostics));
      await c.conn.sendNotification('textDocument/didSave', { textDocument: { uri: a } });
      await c.waitFor(() => c.published.some((p) => p.uri === a && p.version === 3 && !notice(p.diagnostics)), 'analysis after save');
      const last = c.published.filter((p) => p.uri === a).at(-1)!;
      assert.deepEqual(codes(last.diagnostics), ['B403', 'B506']);
      // Edits from here on are analysed incrementally as usual.
      await c.change(a, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
      assert.deepEqual(codes((await c.diagnostics(a, (p) => p.version === 4)).diagnostics), ['B506']);
      assert.equal(rule.calls, 1);
    } finally {
      await c.dispose();
    }
  });

  test('language server: a guarded document (initializationOptions) has its keystroke re-checks stopped too; vigil/ping', async () => {
    const { engine, rule } = await spinEngine(3000);
    const a = 'file:///virtual/guarded.py';
    const c = TestClient.inProcess({ server: { engine: Promise.resolve(engine), hardLimitMs: 300 }, initializationOptions: { guarded: [a] } });
    try {
      await c.initialize();
      assert.deepEqual(await c.request('vigil/ping', {}), {});
      await c.open(a, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(a, (p) => p.version === 1)).diagnostics), ['B403', 'B506']);
      await c.change(a, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
      assert.deepEqual(codes((await c.diagnostics(a, (p) => p.version === 2)).diagnostics), ['B403', 'B506']);
      // A keystroke that makes a rule loop: without the guard this re-check would hold the server for good.
      await c.change(a, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'spin()\n' }]);
      const d = (await c.diagnostics(a, (p) => p.version === 3)).diagnostics;
      assert.equal(d.length, 1);
      assert.match(d[0]!.message as string, /^Vigil stopped analysing this file: the analysis did not finish within 0\.3 s\./);
      assert.equal(rule.calls, 1);
      assert.deepEqual(await c.request('vigil/ping', {}), {});
    } finally {
      await c.dispose();
    }
  });
});
