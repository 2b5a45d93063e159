/**
 * A scan worker thread (bundled as dist/worker.js): loads the grammar itself (the WASM files sit next to the
 * bundle), builds an engine with the rule ids the main thread uses, and analyses the files it is sent.
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine';
import { loadPython } from '../parser';
import { analyzeSource } from '../analyze';
import { RULE_BY_ID } from '../../../../rules';
import type { FromWorker, ToWorker } from './protocol';

/** On Linux a thread's nice value is its own: `setpriority(PRIO_PROCESS, 0)` changes only the calling thread. */
function lowerThisThread(niceness: number): void {
  if (process.platform !== 'linux') return;
  try {
    if (os.getPriority() < niceness) os.setPriority(niceness);
  } catch {
    // Refused: run at the normal priority.
  }
}

const port = parentPort;
if (!port) throw new Error('scan worker: not started as a worker thread');

let engine: Promise<Engine> | undefined;
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    if (msg.niceness) lowerThisThread(msg.niceness);
    engine = (async () => {
      const missing = msg.ruleIds.filter((id) => !RULE_BY_ID.has(id));
      if (missing.length > 0) throw new Error(`rules unknown to the worker bundle: ${missing.join(', ')}`);
      return new Engine(await loadPython(), msg.ruleIds.map((id) => RULE_BY_ID.get(id)!));
    })();
    engine.then(
      () => post({ type: 'ready' }),
      (e: unknown) => post({ type: 'initError', error: (e as Error)?.message ?? String(e) }),
    );
    return;
  }
  const task = msg;
  if (!engine) {
    post({ type: 'result', id: task.id, error: 'scan worker: task before init' });
    return;
  }
  engine.then(
    (eng) => {
      try {
        const analysis = analyzeSource(eng, task.source, {
          filename: task.filename,
          ...(task.relativeTo !== undefined ? { relativeTo: task.relativeTo } : {}),
          ...(task.enabled ? { enabled: new Set(task.enabled) } : {}),
          plugins: task.plugins,
          ignoreNosec: task.ignoreNosec,
          ...(task.timeBudgetMs ? { timeBudgetMs: task.timeBudgetMs, ruleBudgetMs: 0 } : {}),
        });
        post({ type: 'result', id: task.id, analysis });
      } catch (e) {
        post({ type: 'result', id: task.id, error: `internal error: ${(e as Error)?.message ?? String(e)}` });
      }
    },
    () => {
      /* reported by initError */
    },
  );
});
