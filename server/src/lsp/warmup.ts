/**
 * Warming up the keystroke path once per server, before the user types.
 *
 * A fresh server runs a keystroke's code (the document update, the incremental reparse, the incremental
 * re-analysis, the conversion to diagnostics) in V8's lower tiers until each function has run often enough to be
 * optimised. The full analysis of the first opened file does not get there: it runs the rules many times, but the
 * incremental bookkeeping once. Measured through the real server on Nova's compute/manager.py with the keystroke
 * benchmark's edits (4 alternating runs each; the one edit that costs ~100 ms left out, a syntax error that changes
 * most of the file's tree): without a warm-up, the re-analysis of the first 50 keystrokes took 2.5-4.5 ms on
 * average, 1.9-2.3 times the average of the next 150 in the same run; after the warm-up as it was then (identifiers
 * only, see below), 1.6-2.9 ms, 1.3-1.5 times. With 100 steps instead of 300: 1.6-2.3 times.
 *
 * `warmUp` types into a private copy of WARMUP_SAMPLE, through a private DocumentStore: letters inserted into words
 * anywhere (identifiers, keywords, comments, strings) and deleted again, so the text is back to the sample every
 * fourth step; a letter in a keyword makes a syntax error for a step or three, as typing does. (Until stop 19 it
 * typed only into identifiers of function bodies, never making an error, and the sample had no comments: V8 then
 * first ran the paths of errors, error containers and comments in the user's keystrokes, and deoptimised the
 * functions it had optimised without them. Counted with --trace-deopt in an in-process replay of the benchmark's
 * 200 keystrokes in compute/manager.py, after the warm-up: 18, 26 and 20 deoptimisations, and 64-74 functions
 * optimised, while typing; with these edits 8, 9 and 9, and 50-55. The mean re-analysis of the first 44
 * keystrokes went down 8-14% in each of the three pairs; the server's p95 showed no difference within this VM's
 * noise, 6 alternating runs each.) One step at a time with the event loop running in between, so a request waits
 * for at most one step (about a millisecond once warm). The server stops it at the user's first edit (server.ts):
 * still running then, it only competes with the keystrokes (typing 100 ms after the open, a keystroke harness's
 * p95 was 13.9 ms with it running on, 12.5 ms without a warm-up, 10.4 ms with the stop). It never touches the
 * user's documents or their state. Its cost, measured in-process: 410-430 ms of the main thread over about 0.5 s,
 * and 0.9 s of CPU with V8's compiler threads (stop 19, on a slower stretch of the VM: 800-880 ms of wall time for
 * the old edits, 890-990 ms for these, CPU 1.4-1.6 s against 1.6-1.75 s).
 *
 * The server runs it a second time after the first full analysis of a large document (server.ts,
 * WARM_AGAIN_MIN_CHARS). Printed with V8's %GetOptimizationStatus through the real server on compute/manager.py
 * (stop 19): at the first keystroke runChecks and collectItems ran unoptimised (runChecks had been optimised by the
 * warm-up and deoptimised by the open's full analysis of the real file) and analyzeIncremental had never been
 * optimised; runChecks and analyzeIncremental got optimised between the 40th and 60th keystroke. With the second
 * warm-up, runChecks and collectItems were optimised at the first keystroke in 3 runs of 3; analyzeIncremental still
 * was not (called once per step on a sample of a few dozen units, it does not use up V8's budget in 300 steps) and
 * got optimised between the 20th and 60th keystroke. Keystroke p95 in 6 alternating runs through the real server:
 * 13.3, 11.5, 12.6, 11.5, 13.6, 13.7 ms (median 12.6) without the second warm-up, 9.8, 12.6, 10.8, 8.4, 11.5, 9.8
 * (median 9.8) with it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AnalysisResult, Engine } from '../engine/engine';
import { analyzeSourceIncremental } from '../engine/analyze';
import type { IncrementalState } from '../engine/incremental';
import { DEFAULT_SETTINGS } from '../protocol';
import { toDiagnostics } from './diagnostics';
import { DocumentStore } from './documents';
import { analysisKey } from './settings';
import { WARMUP_SAMPLE } from './warmupSample';

/** Keystrokes typed by default (each an insertion or a deletion that undoes one). */
export const WARMUP_STEPS = 300;

/**
 * The server warms up again after the first full analysis of a document this large (UTF-16 code units), unless the
 * user has typed: see server.ts. Smaller files (like the tests' documents) leave V8's feedback as the warm-up made it.
 */
export const WARM_AGAIN_MIN_CHARS = 64 * 1024;

const URI = 'vigil-warmup:/sample.py';

/**
 * The offsets just after the first character of every word of 3+ characters: identifiers anywhere, keywords, and
 * words in comments and strings, as a user's typing lands. A letter inserted into a keyword (`dxef`, `rxeturn`)
 * makes a syntax error, often an ERROR node among a class's statements, so the warm-up also runs the paths of
 * error recovery and of comments, which a fresh server would otherwise first run, and deoptimise, in the user's
 * keystrokes.
 */
export function editOffsets(text: string): number[] {
  const out: number[] = [];
  const word = /\b[A-Za-z_][A-Za-z0-9_]{2,}/g;
  for (let m = word.exec(text); m; m = word.exec(text)) out.push(m.index + 1);
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
  /**
   * The server's per-document time budget (ms). The warm-up parses and analyses with it as the server's keystrokes
   * do, so that the budget's own code (tree-sitter's progress callback, the deadline checks, the per-rule timing)
   * is warm too: without it, the first keystrokes deoptimised `runChecks` at its deadline check.
   */
  timeBudgetMs?: number;
}

/** Types `steps` keystrokes into the sample; resolves to the number typed. Throws what the analysis throws. */
export async function warmUp(engine: Engine, opts: WarmUpOptions = {}): Promise<number> {
  const steps = opts.steps ?? WARMUP_STEPS;
  const stopped = opts.stopped ?? (() => false);
  const pause = opts.pause ?? (() => nextTurn());
  const budget = opts.timeBudgetMs && opts.timeBudgetMs > 0 ? opts.timeBudgetMs : undefined;
  const store = new DocumentStore((text, old) => {
    const tree = engine.tryParse(text, old, budget);
    if (!tree) throw new Error(`the warm-up sample's parse went over ${budget} ms`);
    return tree;
  });
  const key = analysisKey(DEFAULT_SETTINGS, 'warm-up', true);
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
        plugins: {},
        ignoreNosec: DEFAULT_SETTINGS.ignoreNosec,
        ...(budget ? { timeBudgetMs: budget } : {}),
        tree,
        key,
        prev,
        edits: delta?.edits,
        changed: delta?.changed ?? [],
      });
      prev = state;
      toDiagnostics(analysis.findings, DEFAULT_SETTINGS, doc.uri);
      opts.onStep?.(doc.getText(), analysis);
    };
    analyse();
    const offsets = editOffsets(WARMUP_SAMPLE);
    if (offsets.length === 0) throw new Error('the warm-up sample has no words');
    // Each group of four steps types a letter at one word, then one at another word while the first is still there,
    // then deletes them in reverse order: the text is the sample again after every fourth step, and when the first
    // letter broke a keyword, the two steps in between are typed in a file with a syntax error (as users type on
    // with an unfinished line elsewhere). Group k starts at offset k * stride (mod n), a stride prime to n visiting
    // them all; its second word lies half the words away.
    let stride = 7;
    while (gcd(stride, offsets.length) !== 1) stride++;
    const n = offsets.length;
    let first = 0; // the offsets of the two letters in the current text
    let second = 0;
    let done = 0;
    for (; done < steps; done++) {
      await pause();
      if (stopped()) break;
      const doc = store.get(URI)!;
      const group = done >> 2;
      let at: number;
      let insert = true;
      switch (done & 3) {
        case 0:
          at = first = offsets[(group * stride) % n]!;
          break;
        case 1: {
          const b = offsets[(group * stride + (n >> 1)) % n]!;
          at = second = b < first ? b : b + 1;
          if (b < first) first++;
          break;
        }
        case 2:
          at = second;
          insert = false;
          if (second < first) first--;
          break;
        default:
          at = first;
          insert = false;
      }
      const pos = doc.positionAt(at);
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
