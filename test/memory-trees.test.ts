// Server memory: only the active documents (the `maxTrees` most recently edited ones plus the most recently
// opened one) keep a tree-sitter tree between analyses (server/src/lsp/documents.ts). An evicted document keeps
// its text; its next edit re-parses from scratch and later edits are incremental again. Diagnostics must stay
// equal to a from-scratch analysis throughout. Also: the idle collection after big analyses (lsp/memory.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore, DEFAULT_MAX_TREES } from '../server/src/lsp/documents';
import { IdleCollector, getGc } from '../server/src/lsp/memory';
import { analyzeSourceIncremental } from '../server/src/engine/analyze';
import type { IncrementalState } from '../server/src/engine/incremental';
import { getEngine } from './helpers/engine';
import { TestClient, PULL_CAPS } from './helpers/lsp';

const src = (i: number) => `import os
import subprocess


def run_${i}(cmd, user):
    subprocess.call(cmd, shell=True)
    return user


class Box${i}:
    def load(self, path):
        os.system("ls " + path)
        return path
`;

/** An edit at `line`/`character` of `text`, applied to a shadow copy; returns the change and the new text. */
function edit(text: string, line: number, character: number, insert: string, deleteChars = 0): { change: TextDocumentContentChangeEvent; text: string } {
  const doc = TextDocument.create('x', 'python', 0, text);
  const start = { line, character };
  const end = doc.positionAt(doc.offsetAt(start) + deleteChars);
  const change = { range: { start, end }, text: insert };
  return { change, text: TextDocument.applyEdits(doc, [{ range: { start, end }, newText: insert }]) };
}

const pull = async (c: TestClient, uri: string): Promise<Diagnostic[]> => {
  const r = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(r.kind, 'full');
  return r.kind === 'full' ? r.items : [];
};

/** What must match a from-scratch analysis. */
const norm = (ds: Diagnostic[]) =>
  ds
    .map((d) => ({ code: d.code, message: d.message, range: d.range, severity: d.severity, data: d.data as unknown }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)));

/** Diagnostics of `text` from a fresh server (no tree, no incremental state). */
async function fresh(text: string): Promise<Diagnostic[]> {
  const c = TestClient.inProcess({ capabilities: PULL_CAPS });
  try {
    await c.initialize();
    await c.open('file:///fresh/check.py', text, 1);
    return await pull(c, 'file:///fresh/check.py');
  } finally {
    await c.dispose();
  }
}

describe('memory: tree lifecycle (DocumentStore)', () => {
  test('only the most recently opened and the maxTrees most recently edited documents keep a tree', async () => {
    const engine = await getEngine();
    const evicted: string[] = [];
    const store = new DocumentStore((t, o) => engine.parse(t, o), { maxTrees: 2, onEvict: (u) => evicted.push(u) });
    try {
      const uris = [0, 1, 2, 3, 4].map((i) => `file:///m/${i}.py`);
      const texts = uris.map((_, i) => src(i));
      for (let i = 0; i < uris.length; i++) {
        store.open(uris[i]!, 'python', 1, texts[i]!);
        assert.ok(store.getTree(uris[i]!));
        store.release(uris[i]!); // the most recently opened one keeps its tree
        assert.ok(store.hasTree(uris[i]!), `doc ${i} keeps its tree while it is the most recently opened`);
        assert.equal(store.liveTrees, 1, `one live tree after opening doc ${i}`);
      }
      assert.deepEqual(evicted, uris.slice(0, 4));
      // Edit docs 0, 1, 2 (maxTrees = 2): doc 0 drops out of the recently edited set.
      evicted.length = 0;
      let v = 2;
      for (const i of [0, 1, 2]) {
        const e = edit(texts[i]!, 5, 4, '# x\n    ');
        texts[i] = e.text;
        store.change(uris[i]!, v++, [e.change]);
        assert.ok(store.getTree(uris[i]!));
        store.release(uris[i]!);
      }
      assert.deepEqual(evicted, [uris[0]]);
      assert.equal(store.isActive(uris[0]!), false);
      assert.equal(store.hasTree(uris[0]!), false, 'the evicted document lost its tree');
      assert.ok(store.isActive(uris[1]!) && store.isActive(uris[2]!) && store.isActive(uris[4]!));
      assert.equal(store.liveTrees, 3);
      assert.equal(store.get(uris[0]!)!.getText(), texts[0], 'the evicted document keeps its text');

      // Edits while evicted, then a parse: from scratch, and equal to a fresh parse.
      const before = { ...store.stats };
      for (const [line, ch, ins] of [[0, 0, '# a\n'], [12, 8, 'x = 1\n        ']] as const) {
        const e = edit(texts[0]!, line, ch, ins);
        texts[0] = e.text;
        store.change(uris[0]!, v++, [e.change]);
      }
      const t0 = store.getTree(uris[0]!)!;
      const reference = engine.parse(texts[0]!);
      try {
        assert.equal(t0.rootNode.toString(), reference.rootNode.toString());
      } finally {
        reference.delete();
      }
      assert.equal(store.stats.fromScratch, before.fromScratch + 1, 're-parsed from scratch after eviction');
      assert.equal(store.stats.incremental, before.incremental);
      assert.equal(store.takeDelta(uris[0]!), undefined, 'the delta after a from-scratch parse is unknown (full analysis)');
      // Active again (doc 1 was evicted instead): the next edit is incremental.
      assert.ok(store.isActive(uris[0]!));
      assert.ok(!store.isActive(uris[1]!));
      const e = edit(texts[0]!, 6, 4, 'y');
      texts[0] = e.text;
      store.change(uris[0]!, v++, [e.change]);
      store.getTree(uris[0]!);
      assert.equal(store.stats.incremental, before.incremental + 1, 'incremental again once re-parsed');
      const delta = store.takeDelta(uris[0]!);
      assert.ok(delta && delta.edits.length === 1, 'the delta of the incremental parse is known');
      // Release keeps the trees of active documents; close frees and forgets.
      store.release(uris[0]!);
      assert.ok(store.hasTree(uris[0]!));
      // An inactive document's tree that was never released goes at the next getTree of another document.
      assert.ok(store.getTree(uris[3]!));
      assert.ok(store.hasTree(uris[3]!));
      assert.ok(store.getTree(uris[1]!));
      assert.equal(store.hasTree(uris[3]!), false, 'the unreleased tree of an inactive document was freed');
      store.release(uris[1]!);
      assert.equal(store.hasTree(uris[1]!), false);
      store.close(uris[4]!);
      assert.equal(store.isActive(uris[4]!), false);
      assert.equal(store.liveTrees, 2);
    } finally {
      store.dispose();
    }
    assert.equal(DEFAULT_MAX_TREES, 8);
  });

  test('the active document keeps incremental parsing and incremental analysis (server flow)', async () => {
    const engine = await getEngine();
    const store = new DocumentStore((t, o) => engine.parse(t, o), { maxTrees: 1 });
    const uri = 'file:///m/active.py';
    let text = src(0).repeat(3);
    let state: IncrementalState | undefined;
    const analyse = () => {
      const tree = store.getTree(uri)!;
      const delta = store.takeDelta(uri);
      const r = analyzeSourceIncremental(engine, text, { filename: 'a.py', tree, key: 'k', prev: state, edits: delta?.edits, changed: delta?.changed ?? [] });
      state = r.state;
      store.release(uri);
      return r.analysis;
    };
    try {
      store.open(uri, 'python', 1, text);
      analyse();
      // Another document opened: this one is no longer the most recently opened, but editing it makes it active.
      store.open('file:///m/other.py', 'python', 1, src(1));
      let v = 2;
      for (let i = 0; i < 20; i++) {
        const e = edit(text, 5 + (i % 3) * 13, 4, i % 2 ? 'z' : '');
        text = e.text;
        store.change(uri, v++, [e.change]);
        analyse();
      }
      assert.ok(store.hasTree(uri));
      assert.equal(store.stats.fromScratch, 2, `from-scratch parses: ${store.stats.fromScratch}`); // open, then the first edit after losing the tree
      assert.equal(store.stats.incremental, 19);
      assert.ok(state!.stats.incremental >= 15, `incremental analyses: ${state!.stats.incremental}`);
    } finally {
      store.dispose();
    }
  });
});

describe('memory: server with more documents than maxTrees', () => {
  test('edits of evicted documents give the diagnostics of a from-scratch analysis; trees stay bounded', { timeout: 120_000 }, async () => {
    let store: DocumentStore | undefined;
    const c = TestClient.inProcess({ capabilities: PULL_CAPS, server: { maxTrees: 2, inspect: (i) => (store = i.store) } });
    try {
      await c.initialize();
      assert.ok(store);
      const n = 6;
      const uris = Array.from({ length: n }, (_, i) => `file:///virtual/mem/${i}.py`);
      const texts = uris.map((_, i) => src(i));
      const versions = uris.map(() => 1);
      for (let i = 0; i < n; i++) {
        await c.open(uris[i]!, texts[i]!, 1);
        const ds = await pull(c, uris[i]!);
        assert.ok(ds.some((d) => d.code === 'B602'), `doc ${i}: B602 reported`);
        assert.ok(store!.liveTrees <= 1, `after opening doc ${i}: ${store!.liveTrees} live trees`);
      }
      // Rounds of edits over all documents: each round evicts most of them (maxTrees = 2).
      const edits: [number, number, string, number][] = [
        [5, 4, 'pickle.loads(cmd)\n    ', 0], // a call inside the function (the import comes later)
        [0, 0, 'import pickle\n', 0], // an import: findings elsewhere change
        [7, 4, 'return eval(user)\n    ', 0],
        [8, 31, 'False', 4], // shell=True -> shell=False
        [1, 0, '', 10], // delete "subprocess" import line's start
      ];
      for (const [line, ch, ins, del] of edits) {
        for (let i = 0; i < n; i++) {
          const e = edit(texts[i]!, line, ch, ins, del);
          texts[i] = e.text;
          await c.change(uris[i]!, ++versions[i]!, [e.change]);
          // Pull only some documents each round, so others pile up edits while evicted.
          if ((i + line) % 2 === 0) await pull(c, uris[i]!);
          assert.ok(store!.liveTrees <= 3, `${store!.liveTrees} live trees (maxTrees 2 + the last opened)`);
        }
      }
      for (let i = 0; i < n; i++) {
        assert.equal(store!.get(uris[i]!)!.getText(), texts[i]);
        const got = await pull(c, uris[i]!);
        assert.deepEqual(norm(got), norm(await fresh(texts[i]!)), `doc ${i} differs from a from-scratch analysis`);
      }
      assert.ok(store!.stats.incremental > 0, 'recently edited documents still parse incrementally');
    } finally {
      await c.dispose();
    }
  });
});

describe('memory: idle collection', () => {
  test('a big full analysis schedules one collection once idle; small ones do not; work postpones it', async () => {
    assert.equal(typeof getGc(), 'function', 'gc is reachable at run time');
    const idle = new IdleCollector(30, 1000);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      idle.note(999);
      await sleep(80);
      assert.equal(idle.collections, 0, 'below the size threshold: no collection');
      idle.note(5000);
      for (let i = 0; i < 8; i++) {
        await sleep(10);
        idle.busy();
      }
      assert.equal(idle.collections, 0, 'postponed while work keeps arriving');
      await sleep(120);
      assert.equal(idle.collections, 1);
      idle.note(5000);
      idle.note(5000);
      await sleep(120);
      assert.equal(idle.collections, 2, 'several notes in a burst: one collection');
    } finally {
      idle.dispose();
    }
  });
});
