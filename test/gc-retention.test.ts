// Texts must die young. Every keystroke makes a new copy of the document's text (~0.5 MB for an 11k-line file).
// If something the parse or the analysis leaves behind still reaches an old copy at the next scavenge, V8
// promotes it to the old generation, and typing then pays for frequent full collections (pauses of up to ~10 ms).
// Such references can be invisible to a heap snapshot, which runs a full GC first (the scavenger treats some
// references as strong that a full GC treats as weak). So this test counts what minor GCs promote:
// texts are made in batches of BATCH with one minor GC per batch; only the newest text of a batch is still
// referenced at that GC, so about one text per batch may be promoted, not the whole batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { getEngine } from './helpers/engine';
import { getGc } from '../server/src/lsp/memory';
import { analyzeSourceIncremental } from '../server/src/engine/analyze';
import type { IncrementalState } from '../server/src/engine/incremental';

type Gc = (opts?: { type: 'minor' | 'major' }) => void;
const gc = getGc() as Gc | null;
const BATCH = 4;
const BATCHES = 5;

/** Bytes in the old generation's large-object space (where promoted texts of this size go). */
function oldLargeObjects(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'large_object_space')?.space_used_size ?? 0;
}

/** ~300 KB: a long comment (cheap to parse and analyse) and a few string literals (B104, B105, B108 read them). */
function source(round: number): string {
  const filler = `# ${'filler '.repeat(12)}\n`.repeat(3500);
  return `# round ${round}\n${filler}def handler(request):\n    value = request.get("field", "default-value")\n    return "/srv/data/" + value\n`;
}

/** Texts promoted while running `step` BATCHES × BATCH times (a minor GC after each batch), in texts of `size`. */
function promotedTexts(size: number, step: (round: number) => void): number {
  gc!({ type: 'major' });
  gc!({ type: 'major' });
  const before = oldLargeObjects();
  for (let b = 0; b < BATCHES; b++) {
    for (let i = 0; i < BATCH; i++) step(b * BATCH + i);
    gc!({ type: 'minor' });
  }
  return (oldLargeObjects() - before) / size;
}

test('incremental reparses do not keep old texts alive through scavenges', { skip: gc ? false : 'gc() not available' }, async () => {
  const engine = await getEngine();
  let text = source(0);
  let tree = engine.parse(text);
  const promoted = promotedTexts(text.length, () => {
    // Type one character at the start of the code (after the comment), as the editor does: a new flat string.
    const at = text.indexOf('def handler');
    text = text.slice(0, at) + '#' + text.slice(at);
    text.charCodeAt(at);
    const p = tree.rootNode.descendantForIndex(at)!.startPosition;
    tree.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: p, oldEndPosition: p, newEndPosition: { row: p.row, column: p.column + 1 } } as never);
    const next = engine.parse(text, tree);
    tree.delete();
    tree = next;
  });
  tree.delete();
  // About one per batch (the live text); every text (BATCH per batch) before the fix.
  assert.ok(promoted < BATCHES * 2, `${promoted.toFixed(1)} texts promoted over ${BATCHES} batches of ${BATCH} reparses`);
});

test('incremental analyses do not keep their texts alive through scavenges', { skip: gc ? false : 'gc() not available' }, async () => {
  const engine = await getEngine();
  // Functions with string literals after the comment: each round types into one of them, as in the editor.
  // The literals pass the string rules' source-text prechecks, so they are decoded (rules/_shared/strings.ts).
  const funcs = Array.from({ length: 40 }, (_, i) => `def handler_${i}(request):\n    host = "0.0.0.0"\n    return request.get("field_${i}", "/tmp/data_${i}"), host\n`).join('\n');
  let text = source(0) + funcs;
  let tree = engine.parse(text);
  let prev: IncrementalState | undefined = analyzeSourceIncremental(engine, text, { filename: 'big.py', tree, key: 'k', prev: undefined, edits: undefined }).state;
  const promoted = promotedTexts(text.length, (round) => {
    const at = text.indexOf(`handler_${round % 40}(`) + 'handler_'.length;
    text = text.slice(0, at) + 'x' + text.slice(at);
    text.charCodeAt(at);
    const p = tree.rootNode.descendantForIndex(at)!.startPosition;
    const edit = { startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: p, oldEndPosition: p, newEndPosition: { row: p.row, column: p.column + 1 } };
    tree.edit(edit as never);
    const next = engine.parse(text, tree);
    const changed = tree.getChangedRanges(next);
    tree.delete();
    tree = next;
    prev = analyzeSourceIncremental(engine, text, { filename: 'big.py', tree, key: 'k', prev, edits: [edit], changed }).state;
    assert.equal(prev.stats.full, 1, 'every round after the first is incremental');
  });
  tree.delete();
  assert.ok(promoted < BATCHES * 2, `${promoted.toFixed(1)} texts promoted over ${BATCHES} batches of ${BATCH} keystrokes`);
});
