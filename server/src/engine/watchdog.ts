/**
 * The last resort against an analysis that never ends (a rule stuck in a loop, a regular expression backtracking
 * without end). The time budgets (budget.ts) are cooperative: they are checked between steps, so a step that never
 * returns hangs its thread. `runWithHardLimit` runs a synchronous function under a V8 watchdog that interrupts it
 * after a hard limit, wherever it is (JavaScript, a regular expression, or WASM), and throws `AnalysisStopped`.
 *
 * It uses the `timeout` of `vm.Script#runInContext`: Node starts a watchdog thread for the call, which terminates
 * the isolate's execution once the time is up. Everything the call runs is interrupted, also functions of this
 * context that it calls. The interrupted code's `catch` and `finally` blocks do not run, so whatever state the
 * function was changing may be left half-changed: the caller drops it (the engine through `Engine.recover`, which
 * resets tree-sitter's parsers and the node memo). The cost is a thread start per call, about 0.06 ms.
 */
import vm from 'node:vm';

/** Thrown by `runWithHardLimit` when the limit ended the function. */
export class AnalysisStopped extends Error {
  constructor(readonly limitMs: number) {
    super(stoppedReason(limitMs));
    this.name = 'AnalysisStopped';
  }
}

/** The hard limit for a file whose parse and analysis each have the cooperative budget `timeBudgetMs`. */
export function hardLimitFor(timeBudgetMs: number | undefined, minimumMs = 60_000): number {
  return timeBudgetMs && timeBudgetMs > 0 ? Math.max(minimumMs, 10_000 + 3 * timeBudgetMs) : 300_000;
}

/** The reason listed for a file whose analysis was stopped (the CLI's `errors[]`, the workspace scan). */
export function stoppedReason(limitMs: number): string {
  return `analysis did not finish within ${seconds(limitMs)} s; stopped`;
}

/** `limitMs` in seconds, as the messages give it ("190", "0.5"). */
export function seconds(limitMs: number): string {
  return limitMs % 1000 ? (limitMs / 1000).toFixed(1) : String(limitMs / 1000);
}

const context = vm.createContext(Object.create(null) as object) as { task?: () => unknown };
const script = new vm.Script('task()', { filename: 'vigil-watchdog' });

/**
 * Runs `fn` and returns its result, or throws `AnalysisStopped` once it has run `limitMs`. Other errors pass
 * through. Calls may nest (each has its own limit).
 */
export function runWithHardLimit<T>(fn: () => T, limitMs: number): T {
  context.task = fn; // read by the script's first step only: a nested call may replace it
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.round(limitMs)) }) as T;
  } catch (e) {
    if ((e as { code?: unknown })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new AnalysisStopped(limitMs);
    throw e;
  } finally {
    context.task = undefined;
  }
}
