/**
 * `vigil/scanWorkspace`: runs the shared scan (engine/scan, the CLI's) over each workspace folder with
 * cancellable work-done progress, publishing diagnostics for closed files as they finish. Those persist until
 * the file is opened or changes on disk; open documents keep their live results.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type CancellationToken, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { Engine } from '../engine/engine';
import { cliExcludes, runScan, type FileResult } from '../engine/scan/index';
import { sha1 } from '../engine/scan/cache';
import type { FolderBaseline } from '../engine/baseline';
import type { BanditConfig, IniOptions } from '../engine/config';
import { SOURCE, type ScanWorkspaceResult, type Settings } from '../protocol';
import { shownFindings, toDiagnostics } from './diagnostics';
import { withIni } from './projectConfig';

export interface ScanHost {
  connection: Connection;
  engine: Engine;
  /** Workspace folder paths. */
  folders(): string[];
  settings(scopeUri: string): Promise<Settings>;
  /** The folder's `.bandit` file, as `vigil scan FOLDER` reads it (lsp/projectConfig.ts). */
  ini(folder: string): IniOptions | undefined;
  /** `vigil.configFile` or the config file that `.bandit` names (the CLI's `-c`): it replaces the pyproject lookup. */
  explicitConfig(folder: string, configFile: string): BanditConfig | undefined;
  /** The baseline the settings name, loaded for the folder (undefined: none, or unreadable and reported). */
  baseline(settings: Settings, folder: string): FolderBaseline | undefined;
  /** Whether a document is open (by absolute path): its live results stand, the scan does not analyse it. */
  isOpen(absPath: string): boolean;
  /** Publishes scan diagnostics for a closed file (the host remembers them). */
  publishScanResult(uri: string, diagnostics: Diagnostic[]): void;
  /** Per-file time budget (ms) for parsing and for analysis; a file over it gets an Information diagnostic. */
  timeBudgetMs?: number;
  /** Nice value of the scan's worker threads (lsp/threads.ts). */
  workerNiceness?: number;
}

/** Runs one workspace scan (the server queues requests so only one runs at a time). */
export async function scanWorkspace(host: ScanHost, token: CancellationToken | undefined): Promise<ScanWorkspaceResult> {
  const t0 = performance.now();
  const progress = await host.connection.window.createWorkDoneProgress();
  const controller = new AbortController();
  const onCancel = () => controller.abort();
  const subs = [progress.token.onCancellationRequested(onCancel), token?.onCancellationRequested(onCancel)];
  if (token?.isCancellationRequested) controller.abort(); // cancelled while queued behind another scan
  let files = 0;
  let findings = 0;
  try {
    progress.begin('Vigil: scanning workspace', 0, 'discovering files', true);
    for (const folder of host.folders()) {
      if (controller.signal.aborted) break;
      // As `vigil scan FOLDER` runs: the folder's `.bandit` adds its tests, skips and excludes, may name a config
      // file that replaces the pyproject lookup, raise the thresholds, ignore nosec and name a baseline (withIni).
      const ini = host.ini(folder);
      const settings = withIni(await host.settings(pathToFileURL(folder).href), ini);
      if (!settings.enable) continue;
      const baseline = host.baseline(settings, folder);
      const explicit = host.explicitConfig(folder, settings.configFile);
      let last = performance.now();
      const onFile = (r: FileResult) => {
        files++;
        if (!r.analysis) return;
        const abs = path.resolve(r.filename);
        if (host.isOpen(abs)) return; // opened since the scan read it: live results win
        const diags = toDiagnostics(shownFindings(r.analysis.findings, settings, baseline, abs), settings, undefined);
        findings += diags.length;
        for (const n of r.analysis.notices ?? []) {
          diags.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, message: n.message });
        }
        host.publishScanResult(pathToFileURL(abs).href, diags);
        const now = performance.now();
        if (now - last > 100) {
          last = now;
          progress.report(`${files} files, ${findings} findings`);
        }
      };
      await runScan(
        host.engine,
        {
          targets: [folder],
          // exclude_dirs such as `./tests/*` are written for `bandit -r .` in the folder: match those spellings too.
          relativeTo: folder,
          ignoreNosec: settings.ignoreNosec,
          ...(explicit ? { config: explicit } : {}),
          ...(ini?.tests ? { tests: ini.tests } : {}),
          ...(ini?.skips ? { skips: ini.skips } : {}),
          ...(ini?.exclude ? { excludes: cliExcludes(ini.exclude, folder), banditDefaultExcludes: false } : {}),
          maxFileSizeKb: settings.maxFileSizeKb,
          signal: controller.signal,
          isOpen: (abs) => host.isOpen(abs),
          // Keep the cache out of the user's workspace.
          cacheDir: path.join(os.tmpdir(), 'vigil-cache', sha1(folder).slice(0, 16)),
          ...(host.timeBudgetMs ? { timeBudgetMs: host.timeBudgetMs } : {}),
          ...(host.workerNiceness ? { workerNiceness: host.workerNiceness } : {}),
        },
        onFile,
      );
    }
  } finally {
    for (const s of subs) s?.dispose();
    progress.done();
  }
  return { files, findings, ms: Math.round(performance.now() - t0), ...(controller.signal.aborted ? { cancelled: true } : {}) };
}
