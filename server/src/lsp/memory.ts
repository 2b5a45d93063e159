/**
 * Returning the garbage of a big analysis to the OS once the server is idle.
 *
 * A full analysis of a large file allocates ~50-100 MB of short-lived JS objects (tree-sitter Node wrappers and
 * the per-analysis node memo, engine/python.ts) that survive scavenges while the analysis runs, so they end up
 * in V8's old space. V8 grows the old space for them and gives the pages back only when its memory reducer runs,
 * 8-20 s after the process goes idle: until then the server's RSS stays ~100 MB above its live size.
 * `IdleCollector.note(bytes)` after such an analysis schedules one full collection `idleMs` after the last big
 * analysis (any newer one postpones it), so the collection never runs in the middle of a burst of work, and never
 * after keystroke re-analyses of small units (callers only note full analyses of big documents).
 *
 * Measured (Nova's 20 largest files opened and pulled back to back): RSS 500 ms later ~140-165 MB instead of
 * ~190-200 MB. Cost: one full GC of the live heap (~15-40 ms) when idle. Collecting right after every big analysis
 * instead (no idle delay) keeps the peak lower too, but doubled the CPU time of a burst of opens: each analysis
 * then regrows the heap through many GCs while its node memo is live. The same regrowth follows V8's own memory
 * reducer, which this only brings forward from 8-20 s of idleness to `idleMs`.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** A full analysis of at least this much source (UTF-16 code units) is worth a collection afterwards. */
export const IDLE_GC_MIN_CHARS = 64 * 1024;
/** Idle time before the collection (ms). */
export const IDLE_GC_DELAY_MS = 200;

let gcFn: (() => void) | null | undefined;

/** V8's `gc()` (exposed at run time into a fresh context), or null when the runtime does not allow it. */
export function getGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  try {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === 'function') return (gcFn = g);
    v8.setFlagsFromString('--expose-gc');
    const f = vm.runInNewContext('gc') as unknown;
    gcFn = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  /** Collections run (tests, debug output). */
  collections = 0;

  constructor(
    private readonly idleMs = IDLE_GC_DELAY_MS,
    private readonly minChars = IDLE_GC_MIN_CHARS,
  ) {}

  /** A full analysis of `chars` of source just finished. */
  note(chars: number): void {
    if (chars < this.minChars) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const gc = getGc();
      if (!gc) return;
      gc();
      this.collections++;
    }, this.idleMs);
    this.timer.unref();
  }

  /** Postpones a pending collection (work arrived). */
  busy(): void {
    if (!this.timer) return;
    this.timer.refresh();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
