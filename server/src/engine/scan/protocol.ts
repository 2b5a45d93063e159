/** Messages between the scan (main thread) and its worker threads (dist/worker.js). */
import type { FileAnalysis } from '../analyze';
import type { PluginConfig } from '../options';

export interface InitMessage {
  type: 'init';
  /** The engine's rules, by id, in the engine's order (the worker takes them from the bundled registry). */
  ruleIds: string[];
  /** Run the worker thread at this nice value (Linux; the editor's scan, so that it yields to typing). */
  niceness?: number;
}

export interface TaskMessage {
  type: 'task';
  id: number;
  filename: string;
  /** ScanOptions.relativeTo. */
  relativeTo?: string;
  source: string;
  /** Enabled rule ids; null runs all. */
  enabled: string[] | null;
  plugins: PluginConfig;
  ignoreNosec: boolean;
  /** Per-file time budget (ms; analyzeSource's timeBudgetMs), undefined = unbounded. */
  timeBudgetMs?: number;
}

export type ToWorker = InitMessage | TaskMessage;

export type FromWorker =
  | { type: 'ready' }
  | { type: 'initError'; error: string }
  | { type: 'result'; id: number; analysis?: FileAnalysis; error?: string };
