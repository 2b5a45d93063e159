/**
 * The workspace/CLI scan: discovers Python files under the targets and analyses each with the shared engine,
 * streaming one result per file. The CLI and the server's workspace scan both call `runScan`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../engine';
import { analyzeSource, type FileAnalysis } from '../analyze';
import { findPyprojectConfig, selectRules, type BanditConfig } from '../config';

export interface ScanOptions {
  /** Files or directories, as given (reported file names keep this spelling). */
  targets: string[];
  /** An explicit config (CLI -c); otherwise the nearest pyproject.toml [tool.bandit] per file. */
  config?: BanditConfig;
  /** Extra test/skip ids from the command line (added to the config's lists). */
  tests?: string[];
  skips?: string[];
  ignoreNosec?: boolean;
}

export interface FileResult {
  filename: string;
  analysis?: FileAnalysis;
  /** Read or decode failure (Bandit's errors[] reason). */
  error?: string;
}

const DEFAULT_EXCLUDED_DIRS = new Set(['.git', '.venv', 'venv', '.tox', 'node_modules', '__pycache__', 'build', 'dist', 'site-packages', '.svn', '.hg', '.bzr', 'CVS', '.eggs']);

/** Lists the .py files under the targets (directories recursively, in sorted order). */
export function discoverFiles(targets: readonly string[]): { files: string[]; errors: FileResult[] } {
  const files: string[] = [];
  const errors: FileResult[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ filename: dir, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!DEFAULT_EXCLUDED_DIRS.has(e.name) && !e.name.endsWith('.egg')) walk(p);
      } else if (e.isFile() && /\.pyw?$/.test(e.name)) files.push(p);
    }
  };
  for (const t of targets) {
    let st: fs.Stats;
    try {
      st = fs.statSync(t);
    } catch {
      errors.push({ filename: t, error: 'No such file or directory' });
      continue;
    }
    if (st.isDirectory()) walk(t);
    else files.push(t);
  }
  return { files, errors };
}

/** Scans the targets, calling `onFile` as each file finishes. */
export async function runScan(engine: Engine, opts: ScanOptions, onFile: (r: FileResult) => void): Promise<void> {
  const { files, errors } = discoverFiles(opts.targets);
  for (const e of errors) onFile(e);
  const ids = engine.rules.map((r) => r.id);
  const blacklist = engine.rules.filter((r) => r.banditTestName === 'blacklist').map((r) => r.id);
  const configCache = new Map<string, BanditConfig | undefined>();
  for (const file of files) {
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (e) {
      onFile({ filename: file, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      continue;
    }
    const dir = path.dirname(path.resolve(file));
    let cfg = opts.config;
    if (!cfg) {
      if (!configCache.has(dir)) configCache.set(dir, findPyprojectConfig(dir));
      cfg = configCache.get(dir);
    }
    const enabled = selectRules(ids, blacklist, [...(cfg?.tests ?? []), ...(opts.tests ?? [])], [...(cfg?.skips ?? []), ...(opts.skips ?? [])], cfg?.file);
    const analysis = analyzeSource(engine, source, {
      filename: file,
      enabled,
      plugins: cfg?.plugins ?? {},
      ignoreNosec: opts.ignoreNosec ?? false,
    });
    onFile({ filename: file, analysis });
    // Let other work (progress, cancellation, LSP requests) run between files.
    await new Promise<void>((r) => setImmediate(r));
  }
}
