/**
 * Keeps the language server's main thread first in line for the CPU (Linux only).
 *
 * Besides the main thread, a Node process runs V8's worker threads: they optimise hot functions (TurboFan) and
 * help the garbage collector. In a fresh server they stay busy for seconds: in an in-process replay of 200
 * keystrokes in Nova's compute/manager.py on a 2-core VM, they used about 0.9 s of CPU during the keystrokes
 * against 0.7 s for the main thread, nearly all of it recompiling the big incremental-analysis functions as their
 * type feedback grew (with --no-concurrent-recompilation that time moved to the main thread). On two cores they
 * preempt the main thread in the middle of a keystroke (about 300 involuntary context switches of the main thread
 * in that replay), so that a 2 ms keystroke sometimes took 10 ms. With the other threads at nice 10 the main
 * thread takes a core whenever it has work, and they get the rest.
 *
 * Measured through the server (5 fresh servers each, alternating): keystroke p95 median 10.8 ms with every thread
 * at nice 0, 8.3 ms at nice 10, 7.7 ms at nice 19. 10 rather than 19: a starved GC helper thread can hold up the
 * main thread that waits for it, and a machine busy with other work would starve them at 19.
 *
 * Linux gives each thread its own nice value: `setpriority` on a thread id changes only that thread, and raising
 * it needs no privilege. Elsewhere (and without /proc) this does nothing. Only threads that exist when called are
 * changed: V8's workers are created before any JavaScript runs. The workspace scan's worker threads lower
 * themselves (engine/scan/worker.ts, `ScanOptions.workerNiceness`).
 */
import fs from 'node:fs';
import os from 'node:os';

/** Lowers the priority of the process's other threads; returns how many were changed. */
export function deprioritizeBackgroundThreads(niceness: number): number {
  if (process.platform !== 'linux') return 0;
  let changed = 0;
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  for (const t of tids) {
    const tid = Number(t);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      if (os.getPriority(tid) >= niceness) continue;
      os.setPriority(tid, niceness);
      changed++;
    } catch {
      // The thread ended meanwhile, or the system refused: nothing lost.
    }
  }
  return changed;
}
