/**
 * Warming up the keystroke path once per server, before the user types.
 *
 * A fresh server runs a keystroke's code (the document update, the incremental reparse, the incremental
 * re-analysis, the conversion to diagnostics) in V8's lower tiers until each function has run often enough to be
 * optimised. The full analysis of the first opened file does not get there: it runs the rules many times, but the
 * incremental bookkeeping once. Measured through the real server on Nova's compute/manager.py with the keystroke
 * benchmark's edits (4 alternating runs each; the one edit that costs ~100 ms left out, a syntax error that changes
 * most of the file's tree): without a warm-up, the re-analysis of the first 50 keystrokes took 2.5-4.5 ms on
 * average, 1.9-2.3 times the average of the next 150 in the same run; after this warm-up, 1.6-2.9 ms, 1.3-1.5 times.
 * With 100 steps instead of 300: 1.6-2.3 times.
 *
 * `warmUp` types into a private copy of WARMUP_SAMPLE, through a private DocumentStore: a letter inserted inside an
 * identifier of a function body, then deleted again, so the text never has a syntax error and is back to the
 * sample every second step. One step at a time with the event loop running in between, so a request waits for
 * at most one step (about a millisecond once warm). The server stops it at the user's first edit (server.ts): still
 * running then, it only competes with the keystrokes (typing 100 ms after the open, a keystroke harness's p95
 * was 13.9 ms with it running on, 12.5 ms without a warm-up, 10.4 ms with the stop). It never touches the user's
 * documents or their state. Its cost, measured in-process: 410-430 ms of the main thread over about 0.5 s, and
 * 0.9 s of CPU with V8's compiler threads.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AnalysisResult, Engine } from '../engine/engine';
import { analyzeSourceIncremental } from '../engine/analyze';
import type { IncrementalState } from '../engine/incremental';
import type { Node } from '../engine/parser';
import { DEFAULT_SETTINGS } from '../protocol';
import { toDiagnostics } from './diagnostics';
import { DocumentStore } from './documents';
import { WARMUP_SAMPLE } from './warmupSample';

/** Keystrokes typed by default (each an insertion or the deletion that undoes it). */
export const WARMUP_STEPS = 300;

const URI = 'vigil-warmup:/sample.py';

/** The offsets just after the first character of each identifier (3+ characters) inside a function body. */
export function editOffsets(root: Node): number[] {
  const out: number[] = [];
  const walk = (n: Node, inFunction: boolean): void => {
    if (n.type === 'identifier') {
      if (inFunction && n.endIndex - n.startIndex >= 3) out.push(n.startIndex + 1);
      return;
    }
    const fn = inFunction || (n.type === 'block' && n.parent?.type === 'function_definition');
    for (const c of n.namedChildren) if (c) walk(c, fn);
  };
  walk(root, false);
  return out;
}

export interface WarmUpOptions {
  /** Keystrokes to type (default WARMUP_STEPS). */
  steps?: number;
  /** Asked before every step: true ends the warm-up (server shutdown). */
  stopped?: () => boolean;
  /** Waits between steps (default: one turn of the event loop). */
  pause?: () => Promise<void>;
  /** Tests: the text and the analysis of every step (the first, a full analysis of the sample, is step 0). */
  onStep?: (text: string, analysis: AnalysisResult) => void;
}

/** Types `steps` keystrokes into the sample; resolves to the number typed. Throws what the analysis throws. */
export async function warmUp(engine: Engine, opts: WarmUpOptions = {}): Promise<number> {
  const steps = opts.steps ?? WARMUP_STEPS;
  const stopped = opts.stopped ?? (() => false);
  const pause = opts.pause ?? (() => nextTurn());
  const store = new DocumentStore((text, old) => engine.parse(text, old));
  let version = 1;
  // Whatever arrived with the engine (the first didOpen, typically) goes first.
  await pause();
  if (stopped()) return 0;
  store.open(URI, 'python', version, WARMUP_SAMPLE);
  try {
    let prev: IncrementalState | undefined;
    const analyse = (): void => {
      const doc = store.get(URI)!;
      const tree = store.getTree(URI);
      if (!tree) throw new Error('the warm-up sample did not parse');
      const delta = store.takeDelta(URI);
      const { analysis, state } = analyzeSourceIncremental(engine, doc.getText(), {
        filename: 'sample.py',
        tree,
        key: 'warm-up',
        prev,
        edits: delta?.edits,
        changed: delta?.changed ?? [],
      });
      prev = state;
      toDiagnostics(analysis.findings, DEFAULT_SETTINGS, doc);
      opts.onStep?.(doc.getText(), analysis);
    };
    analyse();
    const offsets = editOffsets(store.getTree(URI)!.rootNode);
    if (offsets.length === 0) throw new Error('the warm-up sample has no identifiers in functions');
    // Pair k inserts at offset k * stride (mod n), then deletes that letter: a stride prime to n visits them all.
    let stride = 7;
    while (gcd(stride, offsets.length) !== 1) stride++;
    let done = 0;
    for (; done < steps; done++) {
      await pause();
      if (stopped()) break;
      const doc = store.get(URI)!;
      const at = offsets[((done >> 1) * stride) % offsets.length]!;
      const pos = doc.positionAt(at);
      const insert = done % 2 === 0;
      const range = insert ? { start: pos, end: pos } : { start: pos, end: doc.positionAt(at + 1) };
      store.change(URI, ++version, [{ range, text: insert ? 'x' : '' }]);
      analyse();
    }
    return done;
  } finally {
    store.close(URI);
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
