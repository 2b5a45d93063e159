// Memory: 10,000 incremental edits (tree.edit + reparse with the old tree through the server's DocumentStore,
// old trees deleted), analysis every few edits, documents opened and closed; the tree-sitter WASM heap and the
// process RSS must stay flat after a warm-up. A control run that leaks the old trees must show growth, so the
// measurement is known to see leaks.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { DocumentStore } from '../server/src/lsp/documents';
import { analyzeSource } from '../server/src/engine/analyze';
import { wasmHeapBytes } from '../server/src/engine/parser';
import { getEngine } from './helpers/engine';
import { randomEdit, applyOp } from './helpers/fuzz';
import { rng } from './helpers/random';
import { TextDocument } from 'vscode-languageserver-textdocument';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Tolerances after warm-up: the WASM heap (which never shrinks) may not grow by more than one 8 MB step; RSS
 * (V8 heap and allocator noise included) by more than 64 MB. */
const HEAP_TOLERANCE = 8 * 1024 * 1024;
const RSS_TOLERANCE = 64 * 1024 * 1024;

const BASE = `import os
import pickle
import subprocess
import yaml


class Store:
    def __init__(self, path="/tmp/x"):
        self.path = path  # a comment
        self.password = "hunter2"

    def load(self, data):
        obj = pickle.loads(data)
        cfg = yaml.load(open(self.path))
        return obj, cfg


def run(cmd, user):
    subprocess.call(cmd, shell=True)
    os.system("ls " + user)
    return f"{user!r}"
`.repeat(4);

const MB = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

interface Sample {
  heap: number;
  rss: number;
}
function sample(): Sample {
  gc();
  gc();
  return { heap: wasmHeapBytes() ?? 0, rss: process.memoryUsage().rss };
}

/** Runs `edits` random edits on rotating documents; `leak` keeps every old tree alive (the control). */
async function churn(edits: number, seed: number, leak = false): Promise<void> {
  const engine = await getEngine();
  const leaked: unknown[] = [];
  const store = new DocumentStore((text, old) => {
    if (leak && old) leaked.push(old.copy());
    return engine.parse(text, old);
  });
  const r = rng(seed);
  let doc = 0;
  let uri = `file:///mem/${doc}.py`;
  let text = BASE;
  let version = 1;
  store.open(uri, 'python', version, text);
  for (let i = 0; i < edits; i++) {
    // A new document every 1,000 edits; keep the size near the base so the work per edit stays comparable.
    if (i % 1000 === 999 || text.length > 2 * BASE.length || text.length < BASE.length / 2) {
      store.close(uri);
      uri = `file:///mem/${++doc}.py`;
      text = BASE;
      version = 1;
      store.open(uri, 'python', version, text);
    }
    const op = randomEdit(text, r);
    const lsp = TextDocument.create(uri, 'python', version, text);
    const change = { range: { start: lsp.positionAt(op.start), end: lsp.positionAt(op.end) }, text: op.text };
    text = applyOp(text, op);
    store.change(uri, ++version, [change]);
    const tree = store.getTree(uri);
    assert.ok(tree);
    if (i % 10 === 0) analyzeSource(engine, text, { filename: 'm.py', tree });
  }
  store.dispose();
  if (leak) assert.ok(leaked.length > 0);
}

describe('memory', () => {
  test('10,000 incremental edits with reparse and analysis: WASM heap and RSS flat', { timeout: 600_000 }, async () => {
    await churn(1_000, 1); // warm-up: JIT, allocator pools, the heap's working size
    const before = sample();
    const t0 = performance.now();
    await churn(10_000, 2);
    const ms = performance.now() - t0;
    const after = sample();
    console.log(`# 10,000 edits in ${(ms / 1000).toFixed(1)} s: WASM heap ${MB(before.heap)} -> ${MB(after.heap)}, RSS ${MB(before.rss)} -> ${MB(after.rss)}`);
    assert.ok(before.heap > 0, 'the WASM heap size is reachable');
    assert.ok(after.heap - before.heap <= HEAP_TOLERANCE, `WASM heap grew ${MB(after.heap - before.heap)}`);
    assert.ok(after.rss - before.rss <= RSS_TOLERANCE, `RSS grew ${MB(after.rss - before.rss)}`);
  });

  test('control: leaking 3,000 old trees makes the WASM heap grow (the measurement sees leaks)', { timeout: 600_000 }, async () => {
    const before = sample();
    await churn(3_000, 3, true);
    const after = sample();
    console.log(`# control (3,000 leaked trees): WASM heap ${MB(before.heap)} -> ${MB(after.heap)}`);
    assert.ok(after.heap - before.heap > HEAP_TOLERANCE, `leaking 3,000 trees grew the heap by only ${MB(after.heap - before.heap)}`);
  });
});
