/**
 * The language server: capabilities and wiring. All state lives in objects created here (no module-level
 * mutable state), so tests start it in-process over a stream pair and a restart is a fresh call.
 */
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  CancellationTokenSource,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  ResponseError,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver';
import { RULES } from '../../rules';
import { analyzeSourceIncremental } from './engine/analyze';
import type { IncrementalState } from './engine/incremental';
import { parseTimeoutNotice, type AnalysisNotice } from './engine/budget';
import { AnalysisStopped, hardLimitFor, runWithHardLimit, seconds } from './engine/watchdog';
import { onConfigWarning, type ConfigError } from './engine/config';
import { Engine } from './engine/engine';
import { escapeRegExp } from './engine/edits';
import { loadPython, type Tree } from './engine/parser';
import { FIX_ALL_KIND, PingRequest, ScanWorkspaceRequest, SOURCE, type InitializationOptions, type ScanWorkspaceResult, type Settings } from './protocol';
import { baselineReader, baselineWorkspaceEdit, isBaselineActionData, provideCodeActions, type CodeActionEnv } from './lsp/codeActions';
import { resultIds, sameDiagnostics, shownFindings, toDiagnostics } from './lsp/diagnostics';
import type { Finding } from './engine/types';
import type { BaselineError } from './engine/baseline';
import { DocumentStore } from './lsp/documents';
import { IdleCollector } from './lsp/memory';
import { ProjectConfigs, uriToPath, withIni, type ProjectConfig } from './lsp/projectConfig';
import { analysisKey, SettingsCache } from './lsp/settings';
import { scanWorkspace } from './lsp/workspaceScan';
import { WARM_AGAIN_MIN_CHARS, warmUp, WARMUP_STEPS } from './lsp/warmup';

export interface ServerOptions {
  /** Log uncaughtException/unhandledRejection instead of crashing (the real process; not in-process tests). */
  processHandlers?: boolean;
  /** Send console.* to the client's log (the real process). */
  redirectConsole?: boolean;
  /** Push-diagnostics debounce after a change (ms). */
  debounceMs?: number;
  /** An already loaded engine (tests share one). */
  engine?: Promise<Engine>;
  /**
   * Per-document time budget (ms) for parsing and, separately, for analysis (default 1000). Over budget the
   * document gets an Information diagnostic instead of (or besides partial) findings; the server never blocks longer.
   */
  timeBudgetMs?: number;
  /**
   * A document's parse and analysis together are stopped after this long (ms; engine/watchdog.ts), whatever they
   * are doing. Default: 10 s plus three times `timeBudgetMs`.
   */
  hardLimitMs?: number;
  /** Recently edited documents that keep their tree between analyses (lsp/documents.ts; default 8). */
  maxTrees?: number;
  /** Nice value of the workspace scan's worker threads (Linux; lsp/threads.ts). */
  backgroundNiceness?: number;
  /** Idle time before a document with a syntax error is parsed again from scratch (ms; see `converge`). */
  convergeIdleMs?: number;
  /** Tests: receives the document store (tree lifecycle and parse statistics). */
  inspect?: (internals: { store: DocumentStore }) => void;
  /** Keystrokes of each warm-up (lsp/warmup.ts; default WARMUP_STEPS; 0: none). */
  warmUpSteps?: number;
  /**
   * Tests only (VIGIL_TEST_HANG_ON): an analysis of a text containing this string never ends, as a rule stuck in a
   * loop would (test/e2e: the client restarts the stuck server).
   */
  testHangOn?: string;
  /** Tests: called with the number of keystrokes typed each time a warm-up has ended (or was skipped: 0). */
  onWarmedUp?: (steps: number) => void;
  /** Quiet time after a configuration change before the workspace scan's results are redone (ms; default 1000). */
  rescanDelayMs?: number;
}

/** One document's last analysis. */
interface Analysed {
  version: number;
  /** The analysed text: a client may repeat a version number with different text. */
  text: string;
  /** Settings + project config key the analysis used, and the baseline's stamp when one hides findings. */
  key: string;
  resultId: string;
  diagnostics: Diagnostic[];
  /**
   * The findings shown, which code actions look a diagnostic's finding up in (its fixes, what "Add this finding to
   * the baseline" writes), and the baseline file when one applies.
   */
  shown?: readonly Finding[];
  baselineFile?: string;
}

/** Files whose change is a configuration change wherever they are (`.gitignore`: what the scan and editor leave out). */
const CONFIG_FILES = new Set(['pyproject.toml', '.bandit', '.gitignore']);
/** Idle time (ms) before a document with a syntax error is parsed again from scratch (`converge` in startServer). */
const CONVERGE_IDLE_MS = 1000;
/** The slices of that parse (ms): the event loop runs between them. */
const CONVERGE_SLICE_MS = 5;
/** The largest spread of differences between the two trees that is re-analysed (characters; see `converge`). */
const CONVERGE_MAX_CHANGED = 50_000;

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const logError = (msg: string, e?: unknown) =>
    connection.console.error(e === undefined ? msg : `${msg}: ${e instanceof Error ? (e.stack ?? e.message) : util.inspect(e)}`);
  // window/showMessage (a notification: nothing to answer, nothing to wait for).
  const showError = (message: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });

  // What Bandit reads with a warning (an unknown key...) is logged, and shown once: one message per file for the
  // warnings its reading gave (each warning is given once per process, config.ts). The configuration is used.
  const pendingWarnings = new Map<string, string[]>();
  onConfigWarning((file, key, message) => {
    const text = `${key ? `[${key}] ` : ''}${message}`;
    connection.console.warn(`Vigil: configuration warning: ${file}: ${text}`);
    const list = pendingWarnings.get(file);
    if (list) return void list.push(text);
    pendingWarnings.set(file, [text]);
    setImmediate(() => {
      const all = pendingWarnings.get(file) ?? [];
      pendingWarnings.delete(file);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Vigil: ${file}: ${all.join('; ')} (the rest of the configuration is used, as Bandit does)`,
      });
    });
  });

  if (options.redirectConsole) {
    /* eslint-disable no-console -- the one place console is redirected to the client's log */
    console.log = (...a: unknown[]) => connection.console.log(util.format(...a));
    console.info = (...a: unknown[]) => connection.console.info(util.format(...a));
    console.warn = (...a: unknown[]) => connection.console.warn(util.format(...a));
    console.error = (...a: unknown[]) => connection.console.error(util.format(...a));
    /* eslint-enable no-console */
  }
  if (options.processHandlers) {
    process.on('uncaughtException', (e) => logError('Vigil: uncaught exception', e));
    process.on('unhandledRejection', (e) => logError('Vigil: unhandled rejection', e));
  }

  const debounceMs = options.debounceMs ?? 100;
  const enginePromise: Promise<Engine | undefined> = (options.engine ?? loadPython().then((p) => new Engine(p, RULES))).then(
    (e) => {
      for (const b of e.brokenRules) logError(`Vigil: rule ${b.ruleId} disabled: ${b.error}`);
      return e;
    },
    (e: unknown) => {
      // The server stays up with analysis off; the message names the path tried.
      logError('Vigil: cannot load the Python grammar; analysis is off', e);
      showError(`Vigil: cannot load the Python grammar (${(e as Error)?.message}). Analysis is off.`);
      return undefined;
    },
  );
  let engine: Engine | undefined;
  void enginePromise.then((e) => (engine = e));
  /** Set by `shutdown`: the warm-up stops. */
  let shutDown = false;
  const timeBudgetMs = options.timeBudgetMs && options.timeBudgetMs > 0 ? options.timeBudgetMs : 1000;
  /** Set by the user's first edit: the warm-up stops, so that it never competes with real keystrokes. */
  let userTyped = false;
  // Types into a private sample once the engine is ready, so that the user's first keystrokes run optimised code
  // (lsp/warmup.ts), and once more after the first full analysis of a large document: that analysis meets many
  // shapes the sample has not, and V8 deoptimises the functions the keystrokes share with it (runChecks,
  // analyzeIncremental, collectItems, ...), which then ran unoptimised for the user's first 40-100 keystrokes.
  // One keystroke per turn of the event loop: requests are answered in between. Both end at the user's first edit.
  const warmUpSteps = options.warmUpSteps ?? WARMUP_STEPS;
  let warming: Promise<unknown> = Promise.resolve();
  let warmedAgain = false;
  /** Resolved by the client's `initialized`: from then on the server may ask for settings. */
  let markInitialized = (): void => {};
  const initialized = new Promise<void>((resolve) => (markInitialized = resolve));
  /**
   * Whether `vigil.enable` is on for some workspace folder (or for the window when there is none). The start-up
   * warm-up runs only then: a user who turned Vigil off gets no analysis, so nothing is worth warming up.
   */
  const enabledSomewhere = async (): Promise<boolean> => {
    await initialized;
    const scopes = folders.length > 0 ? folders.map((f) => pathToFileURL(f).href) : [''];
    const all = await Promise.all(scopes.map((u) => getSettings(u)));
    return all.some((s) => s.enable);
  };
  const scheduleWarmUp = (): void => {
    warming = warming
      .then(() => enginePromise)
      .then(async (e) => (e && !shutDown && !userTyped && (await enabledSomewhere()) && !shutDown && !userTyped ? warmUp(e, { steps: warmUpSteps, timeBudgetMs, stopped: () => shutDown || userTyped || !engine }) : 0))
      .then(
        (n) => options.onWarmedUp?.(n),
        (e: unknown) => logError('Vigil: a keystroke warm-up failed (analysis is not affected)', e),
      );
  };
  if (warmUpSteps > 0) scheduleWarmUp();
  /** After a full analysis of `chars` characters: the second warm-up, the first time a large document is analysed. */
  const warmUpAgainAfter = (chars: number): void => {
    if (warmedAgain || userTyped || warmUpSteps <= 0 || chars < WARM_AGAIN_MIN_CHARS) return;
    warmedAgain = true;
    scheduleWarmUp();
  };

  const store = new DocumentStore((text, old) => {
    if (!engine) throw new Error('engine not loaded');
    const tree = engine.tryParse(text, old, timeBudgetMs);
    if (!tree) throw new Error(`parse over the ${timeBudgetMs} ms budget`);
    return tree;
  }, {
    ...(options.maxTrees ? { maxTrees: options.maxTrees } : {}),
    // An evicted document's next analysis is a full one: its incremental state would only take memory.
    onEvict: (uri) => incremental.delete(uri),
  });
  options.inspect?.({ store });
  const noticeDiagnostic = (n: AnalysisNotice): Diagnostic => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: n.message,
  });
  const timers = new Map<string, NodeJS.Timeout>();
  /** Gives a big analysis' garbage back to the OS once idle (lsp/memory.ts). */
  const idleGc = new IdleCollector();
  const analysed = new Map<string, Analysed>();
  const nextResultId = resultIds();
  /** Per open document: what incremental re-analysis reuses (dropped on close). */
  const incremental = new Map<string, IncrementalState>();
  /** Version of each document at open or last save (what `vigil.run: onSave` analyses). */
  const savedVersion = new Map<string, number>();
  const scanResults = new Map<string, Diagnostic[]>();
  /** The URIs the running workspace scan has published (`runScanRequest` clears the others when it completes). */
  let scanSeen: Set<string> | undefined;
  /** `vigil.diagnosticMode` of the first folder when last looked at (`rescanSoon`). */
  let knownMode: Settings['diagnosticMode'] | undefined;
  let rescanTimer: NodeJS.Timeout | undefined;
  /** Cancels the scan `rescanSoon` started, when another configuration change makes it out of date. */
  let autoScan: CancellationTokenSource | undefined;
  /** Files the client was asked to watch (`watchNamedFile`). */
  const watchedNamed = new Set<string>();
  let watchRegistration = false;
  let relativePatterns = false;
  const loggedFailures = new Set<string>();
  /** Documents already logged as left out of analysis (exclusions), so the log says it once each. */
  const loggedExclusions = new Set<string>();
  const configErrorUris = new Set<string>();
  let folders: string[] = [];
  let pullClient = false;
  let refreshSupport = false;
  let dynamicConfig = false;
  let folderEvents = false;
  /** The client resolves code actions' edits on demand (`codeAction/resolve`). */
  let resolveEdits = false;
  let settings: SettingsCache | undefined;
  let configs: ProjectConfigs | undefined;
  let scanChain: Promise<unknown> = Promise.resolve();

  const getSettings = (uri: string) => settings!.get(uri);

  function reportConfigError(e: ConfigError): void {
    showError(`Vigil: ${e.message}`);
    logError(`Vigil: configuration error: ${e.message}`);
    const uri = pathToFileURL(e.file).href;
    let line = 0;
    try {
      const lines = fs.readFileSync(e.file, 'utf8').split(/\r?\n/);
      const leaf = e.key?.split('.').pop();
      const i = leaf ? lines.findIndex((l) => new RegExp(`^\\s*${escapeRegExp(leaf)}\\s*[=:]`).test(l)) : -1;
      line = i >= 0 ? i : Math.max(0, lines.findIndex((l) => /^\s*\[tool\.bandit/.test(l)));
    } catch {
      // unreadable: line 0
    }
    configErrorUris.add(uri);
    void connection.sendDiagnostics({
      uri,
      diagnostics: [{ range: { start: { line, character: 0 }, end: { line, character: 1000 } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: e.message }],
    });
  }

  /** A baseline (`vigil.baseline` or `.bandit`) that cannot be read: shown and logged; nothing is hidden meanwhile. */
  function reportBaselineError(e: BaselineError): void {
    showError(`Vigil: baseline: ${e.message}; findings are shown without it`);
    logError(`Vigil: baseline: ${e.message}`);
  }

  function newConfigs(eng: Engine): ProjectConfigs {
    return new ProjectConfigs(eng, { onError: reportConfigError, onBaselineError: reportBaselineError, onNote: (m) => connection.console.info(m), onNamedFile: watchNamedFile });
  }

  /**
   * A config file or baseline that a setting or a `.bandit` file names can lie anywhere (outside the workspace, or
   * named `*.json`, which the VS Code client does not watch): the client is asked to watch it, when it can register
   * watchers, so that a change applies at once (a baseline is otherwise looked at again only at the next analysis).
   */
  function watchNamedFile(file: string): void {
    if (!watchRegistration || watchedNamed.has(file)) return;
    watchedNamed.add(file);
    const globPattern = relativePatterns ? { baseUri: pathToFileURL(path.dirname(file)).href, pattern: path.basename(file) } : file.split(path.sep).join('/');
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] }).catch((e: unknown) => {
      watchedNamed.delete(file);
      logError(`Vigil: could not ask the client to watch ${file}`, e);
    });
  }

  function folderOf(uri: string): string | undefined {
    const p = uriToPath(uri);
    if (!p) return folders[0];
    let best: string | undefined;
    for (const f of folders) if ((p === f || p.startsWith(f + path.sep)) && (!best || f.length > best.length)) best = f;
    return best;
  }

  /**
   * The parse (incremental when possible) and analysis of an open document, run under the watchdog by `diagnose`.
   * No analysis: the budgeted parse was cancelled. `full`: no edits were known, the whole file was analysed.
   */
  function parseAndAnalyse(uri: string, text: string, eng: Engine, root: string | undefined, project: ProjectConfig, s: Settings, key: string) {
    const tree = store.getTree(uri);
    if (!tree) return { analysis: undefined };
    const delta = store.takeDelta(uri);
    const { analysis, state } = analyzeSourceIncremental(eng, text, {
      filename: uriToPath(uri) ?? uri,
      ...(root !== undefined ? { relativeTo: root } : {}),
      ...(project.enabled ? { enabled: project.enabled } : {}),
      plugins: project.plugins,
      ignoreNosec: s.ignoreNosec,
      tree,
      timeBudgetMs,
      key,
      prev: incremental.get(uri),
      edits: delta?.edits,
      changed: delta?.changed ?? [],
    });
    return { analysis, state, full: !delta };
  }
  /**
   * Documents whose analysis the watchdog stopped (`hardLimitMs`): not analysed again until saved or reopened, as
   * each keystroke would most likely take that long again.
   */
  const stopped = new Set<string>();
  const testHangOn = options.testHangOn;
  /** Documents whose keystroke re-checks run under the watchdog too (`InitializationOptions.guarded`). */
  const guarded = new Set<string>();
  const hardLimitMs = options.hardLimitMs ?? hardLimitFor(timeBudgetMs, 10_000);
  const stoppedNotice = (): AnalysisNotice => ({
    level: 'info',
    code: 'analysis-stopped',
    message: `Vigil stopped analysing this file: the analysis did not finish within ${seconds(hardLimitMs)} s. It is analysed again once saved or reopened.`,
  });

  /** The engine's `generation` the documents' trees and incremental states were made with. */
  let treesGeneration = 0;
  /**
   * After the watchdog stopped an analysis, here or in a workspace scan on this thread, the engine moves to a fresh
   * tree-sitter runtime (Engine.recover): waits for it, then drops every tree and incremental state of the old one.
   */
  async function afterRecovery(eng: Engine): Promise<void> {
    await eng.ready();
    if (eng.generation === treesGeneration) return; // another analysis dropped them while this one waited
    treesGeneration = eng.generation;
    store.forgetAllTrees();
    incremental.clear();
  }

  /** Analyses the document's current version (cached per version and settings). Undefined when not open or outdated. */
  async function diagnose(uri: string): Promise<Analysed | undefined> {
    const doc = store.get(uri);
    if (!doc) return undefined;
    idleGc.busy();
    const version = doc.version;
    const eng = await enginePromise;
    // (Checked here, not in an async call: no extra await on every keystroke.)
    if (eng && (eng.recovering || eng.generation !== treesGeneration)) await afterRecovery(eng);
    const settings = await getSettings(uri);
    const cur = store.get(uri);
    if (!cur || cur.version !== version) return undefined; // superseded while waiting: drop
    const root = folderOf(uri);
    const project = configs!.forUri(uri, root, settings.configFile);
    // The folder's `.bandit` applies as `vigil scan FOLDER` applies it (thresholds, ignore-nosec, baseline).
    const s = withIni(settings, project.ini);
    const key = analysisKey(s, project.key, !!eng);
    // A baseline only hides findings: it is part of the shown results' key, not of the analysis's.
    const base = configs!.baselineFor(s, root);
    // A file `vigil scan FOLDER` leaves out (exclude_dirs, .bandit exclude, .gitignore, build/...) shows nothing.
    const docPath = uriToPath(uri);
    const excluded = docPath ? configs!.exclusionFor(docPath, root, settings.configFile) : undefined;
    const shownKey = `${key}${base ? `|${base.stamp}` : ''}${excluded ? '|excluded' : ''}`;
    const prev = analysed.get(uri);
    const text = cur.getText();
    if (prev && prev.version === version && prev.key === shownKey && prev.text === text) return prev;
    // vigil.run = onSave: keep showing the last saved analysis while the buffer is dirty.
    if (s.run === 'onSave' && prev && prev.key === shownKey && savedVersion.get(uri) !== version) return prev;
    let diagnostics: Diagnostic[] = [];
    let shown: readonly Finding[] | undefined;
    let parseAgain = false;
    if (eng && s.enable && excluded) {
      if (!loggedExclusions.has(uri)) {
        loggedExclusions.add(uri);
        connection.console.info(`Vigil: ${uri} is not analysed, as \`vigil scan\` of its folder leaves it out: ${excluded}.`);
      }
    } else if (eng && s.enable) {
      const kb = Buffer.byteLength(text, 'utf8') / 1024;
      if (s.maxFileSizeKb > 0 && kb > s.maxFileSizeKb) {
        diagnostics = [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Information,
            source: SOURCE,
            message: `Vigil skipped this file: ${Math.round(kb)} KB is above vigil.maxFileSizeKb (${s.maxFileSizeKb}).`,
          },
        ];
      } else if (stopped.has(uri)) {
        diagnostics = [noticeDiagnostic(stoppedNotice())];
      } else {
        // Re-checks only what the edits since the last analysis touched (engine/incremental.ts). A whole-file
        // analysis (no incremental state yet: the document was just opened, evicted, stopped or reconfigured) runs
        // under the watchdog: a rule stuck in a loop would otherwise take this thread, and with it the server, for
        // good. Keystroke re-checks run without it, except in `guarded` documents: its thread start and join cost
        // about 2 ms at the 95th percentile per keystroke, idle or during a workspace scan (measured against a
        // build without it). The VS Code client restarts a server that stops answering instead (client/src/stall.ts).
        let run: ReturnType<typeof parseAndAnalyse> | { stopped: true };
        try {
          const analyse = () => {
            if (testHangOn && text.includes(testHangOn)) for (;;); // the end-to-end test of a stuck server
            return parseAndAnalyse(uri, text, eng, root, project, s, key);
          };
          run = incremental.has(uri) && !guarded.has(uri) ? analyse() : runWithHardLimit(analyse, hardLimitMs);
        } catch (e) {
          if (!(e instanceof AnalysisStopped)) throw e;
          // The interrupted code ran no `finally`, and may have stopped inside tree-sitter: the engine moves to a
          // fresh runtime, and every document's tree and incremental state go with the old one (afterRecovery).
          eng.recover();
          stopped.add(uri);
          logError(`Vigil: ${uri} (version ${version}): ${e.message}. It is analysed again once saved or reopened. Please report this file.`);
          run = { stopped: true };
        }
        if ('stopped' in run) {
          diagnostics = [noticeDiagnostic(stoppedNotice())];
        } else if (!run.analysis) {
          // No tree: the (budgeted) parse was cancelled; parsing again would only take as long.
          const n = parseTimeoutNotice(timeBudgetMs, Buffer.byteLength(text, 'utf8'));
          connection.console.info(`${n.message} (${uri})`);
          diagnostics = [noticeDiagnostic(n)];
        } else {
          const { analysis, state, full } = run;
          parseAgain = !!analysis.syntaxError && store.isActive(uri) && store.hasIncrementalTree(uri);
          // Inactive documents lose their tree now (lsp/documents.ts), and with it the use of this state.
          if (store.isActive(uri)) incremental.set(uri, state);
          else incremental.delete(uri);
          store.release(uri);
          if (full) {
            // A full analysis (no edits known).
            idleGc.note(text.length);
            warmUpAgainAfter(text.length);
          }
          for (const f of analysis.failures) {
            if (loggedFailures.has(f.ruleId)) continue;
            loggedFailures.add(f.ruleId);
            logError(`Vigil: rule ${f.ruleId} threw on ${uri} (other rules still report): ${f.error}`);
          }
          shown = shownFindings(analysis.findings, s, base?.baseline, docPath);
          diagnostics = toDiagnostics(shown, s, uri, prev?.diagnostics);
          for (const n of analysis.notices ?? []) {
            connection.console.info(`${n.message} (${uri})`);
            diagnostics.push(noticeDiagnostic(n));
          }
        }
      }
    }
    // Nothing moved (the same diagnostic objects): the same result id, so a pull client gets "unchanged".
    const resultId = prev && sameDiagnostics(prev.diagnostics, diagnostics) ? prev.resultId : nextResultId();
    const entry: Analysed = { version, text, key: shownKey, resultId, diagnostics, ...(shown ? { shown } : {}), ...(base?.baseline && root ? { baselineFile: base.file } : {}) };
    analysed.set(uri, entry);
    if (parseAgain) scheduleConverge(uri, version);
    return entry;
  }

  /**
   * Editor/CLI agreement in a document with a syntax error. After an incremental reparse, tree-sitter's error
   * recovery can build another tree than a fresh parse of the same text (the random-edit test finds such texts),
   * and the editor then shows other findings than the CLI until the error is fixed. Once such a document has been
   * left alone for `convergeIdleMs`, its text is parsed again from scratch, in slices of CONVERGE_SLICE_MS with the
   * event loop running in between (about 100 ms in all for Nova's compute/manager.py; an edit meanwhile abandons
   * it). The fresh tree replaces the incremental one, and the next analysis re-checks only where the two trees
   * differ (tree-sitter's changed ranges between them): on 58,267 random-edit steps with a syntax error, that gave
   * the fresh parse's findings every time. Usually the trees agree and nothing is re-checked. That analysis runs
   * in one piece, so differences spread over more than CONVERGE_MAX_CHANGED characters are left as they are.
   * The client hears of it only when the diagnostics changed.
   */
  const convergeTimers = new Map<string, NodeJS.Timeout>();
  const convergeIdleMs = options.convergeIdleMs ?? CONVERGE_IDLE_MS;
  function cancelConverge(uri: string): void {
    const t = convergeTimers.get(uri);
    if (t) clearTimeout(t);
    convergeTimers.delete(uri);
  }
  function scheduleConverge(uri: string, version: number): void {
    cancelConverge(uri);
    const t = setTimeout(() => {
      convergeTimers.delete(uri);
      converge(uri, version).catch((e: unknown) => logError(`Vigil: re-parsing ${uri} from scratch failed`, e));
    }, convergeIdleMs);
    t.unref();
    convergeTimers.set(uri, t);
  }
  /** One converge at a time: they share the engine's sliced parser. */
  let converging: Promise<void> = Promise.resolve();
  function converge(uri: string, version: number): Promise<void> {
    const run = converging.then(() => convergeNow(uri, version));
    converging = run.catch(() => undefined); // a failure (reported by the caller) does not stop later ones
    return run;
  }
  async function convergeNow(uri: string, version: number): Promise<void> {
    const current = (): boolean => {
      const before = analysed.get(uri);
      return store.get(uri)?.version === version && before?.version === version && store.hasIncrementalTree(uri);
    };
    if (!current() || !engine) return;
    const s = await getSettings(uri);
    if (s.run === 'onSave' && savedVersion.get(uri) !== version) return; // showing the saved version's results
    const eng = engine;
    if (eng.recovering) return; // the document's next analysis parses it on the fresh runtime anyway
    const generation = eng.generation;
    const parse = eng.slicedParse(store.get(uri)!.getText());
    let fresh: Tree | undefined;
    for (;;) {
      // The engine left this runtime (Engine.recover): nothing of it is called again.
      if (eng.generation !== generation) return;
      if (!current() || shutDown) {
        parse.cancel();
        return;
      }
      const until = performance.now() + CONVERGE_SLICE_MS;
      fresh = parse.step(() => performance.now() > until);
      if (fresh) break;
      // A timer, not setImmediate: requests that arrived during the slice (handled in setImmediate callbacks) go
      // first. Pulls sent every 2 ms during a converge of compute/manager.py waited at most 23-25 ms with
      // setImmediate, 14-21 ms with the timer (the rest is a pause of about 13 ms after the converge, GC I think).
      await new Promise((r) => setTimeout(r, 0));
    }
    if (eng.generation !== generation) return;
    const old = current() ? store.getTree(uri) : undefined;
    if (!old) {
      fresh.delete();
      return;
    }
    const changed = old.getChangedRanges(fresh);
    // The next analysis re-checks the units in `changed` on this thread, in one piece: a difference spread over
    // more than CONVERGE_MAX_CHANGED characters is left as it is (a full analysis of 120K characters took 215 ms).
    const spread = changed.reduce((n, r) => n + r.endIndex - r.startIndex, 0);
    if (spread > CONVERGE_MAX_CHANGED || !store.replaceTree(uri, fresh, changed)) {
      fresh.delete();
      return;
    }
    const before = analysed.get(uri)!;
    analysed.delete(uri);
    const after = await diagnose(uri);
    if (!after) return;
    if (util.isDeepStrictEqual(after.diagnostics, before.diagnostics)) {
      // Same diagnostics: pull clients keep getting "unchanged" for the result id they hold.
      analysed.set(uri, { ...after, resultId: before.resultId });
      return;
    }
    if (pullClient) {
      if (refreshSupport) await connection.languages.diagnostics.refresh();
    } else await connection.sendDiagnostics({ uri, version: after.version, diagnostics: after.diagnostics });
  }

  async function push(uri: string, trigger: 'open' | 'change' | 'save' | 'config'): Promise<void> {
    try {
      if (pullClient) return;
      const s = await getSettings(uri);
      if (trigger === 'change' && s.run === 'onSave') return;
      const r = await diagnose(uri);
      const doc = store.get(uri);
      if (!r || !doc || doc.version !== r.version) return; // a newer version is on its way
      await connection.sendDiagnostics({ uri, version: r.version, diagnostics: r.diagnostics });
    } catch (e) {
      logError(`Vigil: diagnostics failed for ${uri}`, e);
    }
  }

  function schedule(uri: string, trigger: 'open' | 'change' | 'save' | 'config', delay: number): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void push(uri, trigger);
      }, delay),
    );
  }

  function revalidateAll(): void {
    analysed.clear();
    if (pullClient) {
      if (refreshSupport) connection.languages.diagnostics.refresh().catch((e: unknown) => logError('Vigil: diagnostic refresh failed', e));
      return;
    }
    for (const d of store.all()) schedule(d.uri, 'config', 0);
  }

  function publishScanResult(uri: string, diagnostics: Diagnostic[]): void {
    scanResults.set(uri, diagnostics);
    scanSeen?.add(uri);
    void connection.sendDiagnostics({ uri, diagnostics });
  }

  function clearScanResult(uri: string): void {
    if (scanResults.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * After a configuration change (settings, a config file, a baseline, a `.gitignore`, the folders), once changes
   * have stopped for `rescanDelayMs`: closed files' scan results are from the old configuration, so the workspace
   * scan runs again (the cache keeps unchanged files cheap) when there are any or `vigil.diagnosticMode` is
   * `workspace`. Switching the mode from `workspace` to `openFiles` clears them instead.
   */
  function rescanSoon(): void {
    if (rescanTimer) clearTimeout(rescanTimer);
    rescanTimer = setTimeout(() => {
      rescanTimer = undefined;
      void (async () => {
        const first = folders[0];
        const before = knownMode;
        knownMode = first ? (await getSettings(pathToFileURL(first).href)).diagnosticMode : undefined;
        if (shutDown) return;
        if (knownMode !== 'workspace' && before === 'workspace') {
          autoScan?.cancel();
          for (const uri of [...scanResults.keys()]) clearScanResult(uri);
          return;
        }
        if (knownMode !== 'workspace' && scanResults.size === 0) return;
        autoScan?.cancel();
        const source = new CancellationTokenSource();
        autoScan = source;
        try {
          await runScanRequest(source.token);
        } finally {
          if (autoScan === source) autoScan = undefined;
          source.dispose();
        }
      })().catch((e: unknown) => logError('Vigil: the workspace scan after a configuration change failed', e));
    }, options.rescanDelayMs ?? 1000);
  }

  // LSP: before `initialize`, requests are answered with ServerNotInitialized and notifications are dropped.
  let initializeReceived = false;
  const notInitialized = () => new ResponseError(ErrorCodes.ServerNotInitialized, 'Vigil: the server has not received initialize yet');

  connection.onInitialize((params): InitializeResult => {
    initializeReceived = true;
    const caps = params.capabilities;
    pullClient = !!caps.textDocument?.diagnostic;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    dynamicConfig = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    relativePatterns = !!caps.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    folderEvents = !!caps.workspace?.workspaceFolders;
    resolveEdits = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    const init = params.initializationOptions as InitializationOptions | undefined;
    // Ours has `settings` and `guarded`; another client may send its settings as the options themselves.
    const ours = !!init && typeof init === 'object' && ('settings' in init || 'guarded' in init);
    settings = new SettingsCache(connection, !!caps.workspace?.configuration, ours ? init.settings : init);
    if (ours && Array.isArray(init.guarded)) for (const u of init.guarded) if (typeof u === 'string') guarded.add(u);
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map((u) => uriToPath(u)).filter((p): p is string => !!p);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'vigil' },
    };
  });

  connection.onInitialized(() => {
    markInitialized();
    void (async () => {
      const eng = await enginePromise;
      if (eng) configs = newConfigs(eng);
      if (dynamicConfig) await connection.client.register(DidChangeConfigurationNotification.type, undefined);
      if (folderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders((ev) => {
          const removed = new Set(ev.removed.map((f) => uriToPath(f.uri)));
          folders = folders.filter((f) => !removed.has(f));
          for (const f of ev.added) {
            const p = uriToPath(f.uri);
            if (p) folders.push(p);
          }
          configs?.clear();
          revalidateAll();
          rescanSoon();
        });
      }
      const first = folders[0];
      knownMode = first ? (await getSettings(pathToFileURL(first).href)).diagnosticMode : undefined;
      if (knownMode === 'workspace') void runScanRequest(undefined);
    })().catch((e: unknown) => logError('Vigil: initialisation failed', e));
  });

  // Project config exists only once the engine is loaded; until then analysis waits in `diagnose`.
  const configsReady = enginePromise.then((eng) => {
    if (eng && !configs) configs = newConfigs(eng);
  });

  connection.onDidOpenTextDocument((p) => {
    if (!initializeReceived) return;
    try {
      const { uri, languageId, version, text } = p.textDocument;
      store.open(uri, languageId, version, text);
      savedVersion.set(uri, version);
      if (scanResults.delete(uri) && pullClient) void connection.sendDiagnostics({ uri, diagnostics: [] });
      void configsReady.then(() => schedule(uri, 'open', 0));
    } catch (e) {
      logError('Vigil: didOpen failed', e);
    }
  });

  connection.onDidChangeTextDocument((p) => {
    if (!initializeReceived) return;
    userTyped = true;
    try {
      cancelConverge(p.textDocument.uri);
      const doc = store.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
      if (doc) schedule(doc.uri, 'change', debounceMs);
      else connection.console.warn(`Vigil: didChange for ${p.textDocument.uri}, which is not open: ignored`);
    } catch (e) {
      logError('Vigil: didChange failed', e);
    }
  });

  connection.onDidSaveTextDocument((p) => {
    if (!initializeReceived) return;
    const doc = store.get(p.textDocument.uri);
    if (!doc) return;
    savedVersion.set(doc.uri, doc.version);
    // A document the watchdog stopped is analysed again (its last entry holds the notice).
    const retry = stopped.delete(doc.uri);
    if (retry) analysed.delete(doc.uri);
    if (pullClient) {
      void getSettings(doc.uri).then((s) => {
        if ((s.run === 'onSave' || retry) && refreshSupport) return connection.languages.diagnostics.refresh();
        return undefined;
      }).catch((e: unknown) => logError('Vigil: didSave failed', e));
    } else schedule(doc.uri, 'save', 0);
  });

  connection.onDidCloseTextDocument((p) => {
    if (!initializeReceived) return;
    try {
      const uri = p.textDocument.uri;
      const t = timers.get(uri);
      if (t) clearTimeout(t);
      timers.delete(uri);
      cancelConverge(uri);
      store.close(uri);
      analysed.delete(uri);
      incremental.delete(uri);
      savedVersion.delete(uri);
      stopped.delete(uri);
      if (!pullClient) void connection.sendDiagnostics({ uri, diagnostics: [] });
    } catch (e) {
      logError('Vigil: didClose failed', e);
    }
  });

  connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
    if (!initializeReceived) throw notInitialized();
    const uri = params.textDocument.uri;
    try {
      await configsReady;
      for (let attempt = 0; attempt < 5; attempt++) {
        if (!store.get(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: scanResults.get(uri) ?? [] };
        const r = await diagnose(uri);
        if (!r) continue; // the document changed while we waited: analyse the newer version
        if (params.previousResultId === r.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: r.resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId: r.resultId, items: r.diagnostics };
      }
    } catch (e) {
      logError(`Vigil: pull diagnostics failed for ${uri}`, e);
    }
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  });

  /** The pyproject.toml that "Disable in pyproject.toml" edits: the one in use, else the nearest, else the folder root's. */
  function pyprojectFor(uri: string, configFile: string): string | undefined {
    const p = uriToPath(uri);
    const root = folderOf(uri);
    // An explicit config file (vigil.configFile, a .bandit configfile) replaces pyproject.toml: editing it would
    // change nothing.
    if (configs?.explicitConfigFor(root, configFile)) return undefined;
    const used = configs?.forUri(uri, root, configFile).file;
    if (used && path.basename(used) === 'pyproject.toml') return used;
    if (!p) return root ? path.join(root, 'pyproject.toml') : undefined;
    let dir = path.dirname(p);
    for (let i = 0; i < 64; i++) {
      const f = path.join(dir, 'pyproject.toml');
      if (fs.existsSync(f)) return f;
      if (dir === root) break;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    const target = path.join(root ?? path.dirname(p), 'pyproject.toml');
    return fs.existsSync(path.dirname(target)) ? target : undefined;
  }

  connection.onCodeAction(async (params) => {
    if (!initializeReceived) throw notInitialized();
    try {
      await configsReady;
      const s = await getSettings(params.textDocument.uri);
      const doc = store.get(params.textDocument.uri);
      if (!doc) return [];
      // Actions come from the server's analysis of the current text (cached when it exists; otherwise the
      // incremental re-analysis of the edit): a diagnostic's finding is looked up there, and one that is no longer
      // at its place gets none. Fix-all (typically on save) must fix the text being saved, while the editor's
      // diagnostics can still be those of the previous version when the user saves right after typing: it takes
      // every current diagnostic.
      const current = await diagnose(doc.uri);
      const findings = current && current.version === doc.version && current.text === doc.getText() ? current.shown : undefined;
      const only = params.context.only;
      if (findings && current && only && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.'))) {
        params = { ...params, context: { ...params.context, diagnostics: current.diagnostics } };
      }
      const documentPath = uriToPath(doc.uri);
      const baseline = baselineOf(doc);
      return provideCodeActions(params, doc, { settings: s, findings: findings ?? [], pyprojectPath: pyprojectFor(doc.uri, s.configFile), ...(documentPath ? { documentPath } : {}), ...(baseline ? { baseline } : {}), resolveEdits });
    } catch (e) {
      logError('Vigil: code actions failed', e);
      return [];
    }
  });

  /** The baseline for "Add this finding to the baseline", with the findings of the analysis of `doc`'s version. */
  function baselineOf(doc: NonNullable<ReturnType<typeof store.get>>): CodeActionEnv['baseline'] {
    const root = folderOf(doc.uri);
    const last = analysed.get(doc.uri);
    return root && last?.baselineFile && last.shown && last.version === doc.version && last.text === doc.getText() ? { file: last.baselineFile, folder: root, findings: last.shown } : undefined;
  }

  // The baseline action's edit, made when it is chosen (`resolveEdits`). An action for another version, or whose
  // report can no longer be edited, comes back without an edit: the editor then changes nothing.
  connection.onCodeActionResolve((action) => {
    const data: unknown = action.data;
    if (!isBaselineActionData(data)) return action;
    try {
      const doc = store.get(data.uri);
      const documentPath = uriToPath(data.uri);
      const baseline = doc && doc.version === data.version ? baselineOf(doc) : undefined;
      const edit = baseline && documentPath ? baselineWorkspaceEdit(baseline, baselineReader(baseline.file), doc!, documentPath, data.start, data.ruleId, data.line) : undefined;
      if (edit) return { ...action, edit };
      connection.console.info(`Vigil: "${action.title}" is out of date (the file or its baseline changed); nothing was changed.`);
    } catch (e) {
      logError('Vigil: resolving a code action failed', e);
    }
    return action;
  });

  /** The paths of the open documents, computed again only after a document was opened or closed. */
  let openPathsOf = { generation: -1, paths: new Set<string>() };
  function openPaths(): ReadonlySet<string> {
    if (openPathsOf.generation !== store.generation) {
      const paths = new Set<string>();
      for (const d of store.all()) {
        const p = uriToPath(d.uri);
        if (p) paths.add(p);
      }
      openPathsOf = { generation: store.generation, paths };
    }
    return openPathsOf.paths;
  }

  function runScanRequest(token: Parameters<typeof scanWorkspace>[1]): Promise<ScanWorkspaceResult> {
    const run = scanChain.then(async () => {
      const eng = await enginePromise;
      if (!eng) return { files: 0, findings: 0, ms: 0 };
      await configsReady;
      const seen = new Set<string>();
      scanSeen = seen;
      const result = await scanWorkspace(
        {
          connection,
          engine: eng,
          folders: () => folders,
          settings: getSettings,
          ini: (folder) => configs?.iniFor(folder),
          explicitConfig: (folder, configFile) => configs?.explicitConfigFor(folder, configFile),
          baseline: (settings, folder) => configs?.baselineFor(settings, folder)?.baseline,
          isOpen: (abs) => openPaths().has(abs),
          publishScanResult,
          // Closed files get ten times an open document's budget (they are not typed in; workers run them).
          timeBudgetMs: 10 * timeBudgetMs,
          ...(options.backgroundNiceness ? { workerNiceness: options.backgroundNiceness } : {}),
        },
        token,
      ).finally(() => (scanSeen = undefined));
      // A complete scan replaces the last one: files it no longer lists (now excluded, in a folder removed or
      // disabled, unreadable) lose their results. A cancelled scan leaves them.
      if (!result.cancelled) for (const uri of [...scanResults.keys()]) if (!seen.has(uri)) clearScanResult(uri);
      return result;
    });
    scanChain = run.catch(() => undefined);
    return run;
  }

  connection.onRequest(PingRequest.method, () => ({}));

  connection.onRequest(ScanWorkspaceRequest.method, async (_params: unknown, token: CancellationToken) => {
    if (!initializeReceived) throw notInitialized();
    try {
      return await runScanRequest(token);
    } catch (e) {
      logError('Vigil: workspace scan failed', e);
      return { files: 0, findings: 0, ms: 0 };
    }
  });

  connection.onDidChangeConfiguration(() => {
    if (!initializeReceived) return;
    try {
      settings?.clear();
      revalidateAll();
      rescanSoon();
    } catch (e) {
      logError('Vigil: configuration change failed', e);
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (!initializeReceived) return;
    try {
      let configChanged = false;
      let pyChanged = false;
      for (const ch of params.changes) {
        const p = uriToPath(ch.uri);
        if (!p) continue;
        const base = path.basename(p);
        if (CONFIG_FILES.has(base) || /\.bandit\.ya?ml$/.test(base) || configs?.isNamedFile(p)) configChanged = true;
        else if (/\.pyw?$/.test(base) && !store.get(ch.uri)) {
          // A closed file changed on disk (or came or went): its scan result is out of date. In workspace mode the
          // scan runs again (re-analysing the changed files only) and replaces it; otherwise it goes.
          if (knownMode === 'workspace') pyChanged = true;
          else clearScanResult(ch.uri);
        }
      }
      if (configChanged) {
        configs?.clear();
        for (const uri of configErrorUris) void connection.sendDiagnostics({ uri, diagnostics: [] });
        configErrorUris.clear();
        revalidateAll();
      }
      if (configChanged || pyChanged) rescanSoon();
    } catch (e) {
      logError('Vigil: watched-file change failed', e);
    }
  });

  connection.onShutdown(() => {
    shutDown = true;
    if (rescanTimer) clearTimeout(rescanTimer);
    autoScan?.cancel();
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    for (const t of convergeTimers.values()) clearTimeout(t);
    convergeTimers.clear();
    idleGc.dispose();
    store.dispose();
    // An engine handed in (tests) belongs to the caller.
    if (!options.engine) engine?.dispose();
    engine = undefined;
  });

  connection.listen();
}
