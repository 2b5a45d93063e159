/**
 * The workspace/CLI scan: discovers Python files under the targets (see discover.ts), analyses each with the
 * shared engine — in a pool of worker threads (dist/worker.js) or in process — reuses the persistent cache for
 * unchanged files, and streams one result per file through `onFile` as files finish.
 *
 * ORDER: with workers (and cache hits) `onFile` is called in completion order, which varies from run to run.
 * Callers that print (the CLI) must sort the results themselves, e.g. by file name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Engine } from '../engine';
import type { RuleDefinition } from '../rule';
import { analyzeSource, countLoc, type FileAnalysis } from '../analyze';
import { AnalysisStopped, hardLimitFor, runWithHardLimit, stoppedReason } from '../watchdog';
import { fileSkipIds, findPyprojectConfig, ruleIdLists, selectRules, withoutIds, type BanditConfig } from '../config';
import type { PluginConfig } from '../options';
import { discover, discoverSteps, DEFAULT_MAX_FILE_SIZE_KB, type DiscoverOptions } from './discover';
import { defaultCacheDir, ScanCache, sha1 } from './cache';
import type { FromWorker, TaskMessage, ToWorker } from './protocol';
import { decodeSource } from './decode';

export { BANDIT_DEFAULT_EXCLUDES, DEFAULT_EXCLUDED_DIRS, DEFAULT_MAX_FILE_SIZE_KB, ExcludeMatcher, cliExcludes, fnmatchToRegExp, discover, scanExclusion } from './discover';
export { ScanCache, defaultCacheDir, getEngineVersion } from './cache';

export interface ScanOptions {
  /** Files or directories, as given (reported file names keep this spelling). */
  targets: string[];
  /** An explicit config (CLI -c); otherwise the nearest pyproject.toml [tool.bandit] per file. */
  config?: BanditConfig;
  /** Extra test/skip ids from the command line (added to the config's lists). */
  tests?: string[];
  skips?: string[];
  ignoreNosec?: boolean;
  /**
   * Bandit's `-x` entries (comma-separated strings allowed): fnmatch or substring of the path. Added to the
   * `exclude_dirs` of the explicit config, or else of the pyproject config found for each directory target.
   */
  excludes?: string[];
  /**
   * Apply Bandit's default `-x` list (discover.ts BANDIT_DEFAULT_EXCLUDES; default true). False when a `-x` or a
   * `.bandit` `exclude` list was given: in Bandit that list replaces the default one.
   */
  banditDefaultExcludes?: boolean;
  /** Honour .gitignore files (default true). */
  respectGitignore?: boolean;
  /**
   * The editor's workspace folder: excludes are also matched against `./`-relative paths from it, and rules see it
   * (`assert_used.skips`), so settings written for `bandit -r .` in CI apply to the absolutely named files too.
   */
  relativeTo?: string;
  /** Skip (and report) files larger than this (default 1024 KB; 0 disables). */
  maxFileSizeKb?: number;
  /** Worker threads (default os.availableParallelism()); 1 analyses in process. */
  jobs?: number;
  /**
   * Per-file time budget in ms (parse and analysis each; see analyzeSource). A file over it keeps the findings
   * found so far, carries a notice, and is not cached. Undefined: unbounded.
   */
  timeBudgetMs?: number;
  /** Use the persistent cache (default true). */
  cache?: boolean;
  /**
   * Cache directory (default: $VIGIL_CACHE_DIR, else `.vigil-cache/` under the first target's root; the temp dir
   * when that is not writable).
   */
  cacheDir?: string;
  /** Stops the scan between files; `runScan` then resolves with `cancelled: true`. */
  signal?: AbortSignal;
  /**
   * Documents whose results the caller keeps live itself (the language server's open files, by absolute path):
   * reported as `{ open: true }`, not analysed. The server's incremental analysis of the live tree already has
   * their findings; analysing a large open file again here took its main thread (about 350 ms for Nova's
   * compute/manager.py).
   */
  isOpen?: (absPath: string) => boolean;
  /** The worker bundle (default: worker.js next to this bundle, or dist/worker.js of the checkout). */
  workerScript?: string;
  /** Nice value of the worker threads (Linux; the language server's scan yields to typing, lsp/threads.ts). */
  workerNiceness?: number;
  /**
   * The worker threads' young generation (MB; Worker `resourceLimits.maxYoungGenerationSizeMb`), default V8's.
   * A larger one spends less time in garbage collection: an analysis's nodes and memos outlive V8's default
   * semi-spaces, so a scavenge in the middle of a file copies them and promotes them to the old generation.
   */
  workerYoungGenerationMb?: number;
  /**
   * A file whose analysis has not finished after this long (ms) is stopped and listed with an error instead of
   * hanging the scan; the other files go on. The time budget is cooperative (checked between steps), so this is
   * what ends a rule stuck in a loop: a worker busy that long is terminated and replaced, and an analysis on this
   * thread is interrupted (engine/watchdog.ts). Default (`hardLimitFor`): 10 s plus three times `timeBudgetMs`
   * (which parse and analysis each get), at least 60 s; 300 s without a budget.
   */
  hardLimitMs?: number;
}

export interface FileResult {
  filename: string;
  analysis?: FileAnalysis;
  /** Read or decode failure (Bandit's errors[] reason), or why the file was skipped. */
  error?: string;
  /** Set when the file was skipped on purpose (too large) rather than failing. */
  skipped?: 'size';
  /** The analysis came from the cache. */
  cached?: boolean;
  /** An open document (`ScanOptions.isOpen`): not analysed, the caller has its live results. */
  open?: boolean;
  /** The text analysed, when the analysis has findings (reports quote code lines; no second read). */
  source?: string;
  /**
   * For a file read but not decodable (binary, a bad encoding): Bandit's `loc`, which Bandit counts on the bytes
   * before it fails to parse, so its metrics still list the file.
   */
  loc?: number;
}

export interface ScanSummary {
  /** Files discovered (analysed, cached, failed or skipped). */
  files: number;
  /** Files analysed in this run (cache misses). */
  analysed: number;
  /** Files answered from the cache. */
  cached: number;
  /** Per-file errors and skipped files. */
  errors: number;
  findings: number;
  /** Worker threads used (0 = in process). */
  workers: number;
  cancelled: boolean;
  durationMs: number;
}

/** Lists the .py files under the targets (directories recursively, in sorted order); problems and skipped files in `errors`. */
export function discoverFiles(targets: readonly string[], opts: DiscoverOptions = {}): { files: string[]; errors: FileResult[] } {
  const r = discover(targets, opts);
  return { files: r.files.map((f) => f.path), errors: r.errors };
}

/**
 * What a scan's walk leaves out and lists, from the config: the excludes (`opts.excludes`, Bandit's `-x`, plus the
 * `exclude_dirs` of the explicit config, or else of the pyproject config found for each directory target) and the
 * `include` globs (the same config's; undefined when none sets them: `*.py`, `*.pyw`). Each target's pyproject
 * is read once for both.
 */
export function walkConfig(opts: Pick<ScanOptions, 'targets' | 'excludes' | 'config'>): { excludes: string[]; include: string[] | undefined } {
  const excludes = [...(opts.excludes ?? [])];
  if (opts.config) return { excludes: [...excludes, ...(opts.config.excludeDirs ?? [])], include: opts.config.include };
  const include: string[] = [];
  for (const t of opts.targets) {
    try {
      const isDir = fs.statSync(t).isDirectory();
      const cfg = findPyprojectConfig(isDir ? t : path.dirname(t));
      excludes.push(...(cfg?.excludeDirs ?? []));
      // A file named as a target is read whatever its name: only directory walks use include.
      if (isDir) include.push(...(cfg?.include ?? []));
    } catch {
      /* reported by discovery */
    }
  }
  return { excludes, include: include.length > 0 ? include : undefined };
}

/** Candidate locations of the worker bundle. */
function findWorkerScript(explicit?: string): string | undefined {
  const candidates = [explicit, process.env.VIGIL_WORKER, path.join(__dirname, 'worker.js'), path.join(__dirname, '..', '..', 'dist', 'worker.js'), path.join(__dirname, '..', 'dist', 'worker.js')];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return undefined;
}

interface Job {
  filename: string;
  relativeTo: string | undefined;
  abs: string;
  source: string;
  hash: string;
  key: string;
  enabled: Set<string>;
  plugins: PluginConfig;
  ignoreNosec: boolean;
  timeBudgetMs: number | undefined;
}

const abortedSummary = (s: ScanSummary) => ({ ...s, cancelled: true });

/**
 * What `nextJob` returns after answering files (cache hits, open documents, unreadable files) for `SLICE_MS`: the
 * caller lets the event loop run, then asks again. A warm re-scan answers every file that way, and the language
 * server runs scans in its main thread, where typing must not wait for them. Discovery pauses the same way.
 */
const PAUSE = Symbol('pause');
/** The longest run of in-process analyses between turns of the event loop (ms; `runScan`'s `inProcess`). */
const ANALYSIS_SLICE_MS = 20;
const SLICE_MS = 10;

/**
 * The engine that analyses files in this thread, or the rules and a way to build it on first need: building one
 * compiles every rule's query, which a scan whose files all come from the cache, or go to worker threads (which
 * build their own), never needs.
 */
export type ScanEngine = Engine | { readonly rules: readonly RuleDefinition[]; build(): Engine };

/**
 * Scans the targets, calling `onFile` as each file finishes (in completion order: see the module comment).
 * Config errors (unknown test ids) throw. Resolves with a summary.
 */
export async function runScan(scanEngine: ScanEngine, opts: ScanOptions, onFile: (r: FileResult) => void): Promise<ScanSummary> {
  let built: Engine | undefined;
  const engine = (): Engine => (built ??= 'build' in scanEngine ? scanEngine.build() : scanEngine);
  const t0 = performance.now();
  const summary: ScanSummary = { files: 0, analysed: 0, cached: 0, errors: 0, findings: 0, workers: 0, cancelled: false, durationMs: 0 };
  const emit = (r: FileResult) => {
    if (r.error !== undefined) summary.errors++;
    if (r.analysis) summary.findings += r.analysis.findings.length;
    onFile(r);
  };
  const done = () => {
    summary.durationMs = performance.now() - t0;
    return summary;
  };

  // Discovery, one directory at a time, letting the event loop run every SLICE_MS.
  const walk = walkConfig(opts);
  const steps = discoverSteps(opts.targets, {
    excludes: walk.excludes,
    respectGitignore: opts.respectGitignore ?? true,
    ...(opts.relativeTo !== undefined ? { excludeRelativeTo: opts.relativeTo } : {}),
    maxFileSizeKb: opts.maxFileSizeKb ?? DEFAULT_MAX_FILE_SIZE_KB,
    banditDefaultExcludes: opts.banditDefaultExcludes ?? true,
    include: walk.include,
  });
  let sliceStart = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      if (opts.signal?.aborted) return abortedSummary(done());
      sliceStart = performance.now();
    }
    step = steps.next();
  }
  const { files, errors } = step.value;
  summary.files = files.length + errors.filter((e) => e.skipped).length;
  for (const e of errors) emit(e);
  if (opts.signal?.aborted) return abortedSummary(done());

  const lists = ruleIdLists(scanEngine.rules);
  const { ids, blacklist } = lists;
  const configCache = new Map<string, BanditConfig | undefined>();
  const selection = new Map<string, { enabled: Set<string>; key: string }>();
  const ignoreNosec = opts.ignoreNosec ?? false;
  const timeBudgetMs = opts.timeBudgetMs && opts.timeBudgetMs > 0 ? opts.timeBudgetMs : undefined;
  const rulesKey = sha1(ids.join(','));
  const configFor = (file: string): { cfg: BanditConfig | undefined; enabled: Set<string>; cfgKey: string } => {
    const dir = path.dirname(path.resolve(file));
    let cfg = opts.config;
    if (!cfg) {
      if (!configCache.has(dir)) configCache.set(dir, findPyprojectConfig(dir));
      cfg = configCache.get(dir);
    }
    const cfgFile = cfg?.file ?? '';
    let base = selection.get(cfgFile);
    if (!base) {
      const enabled = selectRules(ids, blacklist, [...(cfg?.tests ?? []), ...(opts.tests ?? [])], [...(cfg?.skips ?? []), ...(opts.skips ?? [])], cfg?.file);
      base = { enabled, key: sha1(JSON.stringify([rulesKey, [...enabled].sort(), cfg?.plugins ?? {}, ignoreNosec])) };
      selection.set(cfgFile, base);
    }
    // The config's per_file_skips matching this file (its key holds the selection it gives).
    const fileSkips = fileSkipIds(cfg, file, lists);
    if (fileSkips.length === 0) return { cfg, enabled: base.enabled, cfgKey: base.key };
    const selKey = `${cfgFile}\0${fileSkips.join(',')}`;
    let sel = selection.get(selKey);
    if (!sel) {
      const enabled = withoutIds(base.enabled, fileSkips);
      sel = { enabled, key: sha1(JSON.stringify([rulesKey, [...enabled].sort(), cfg?.plugins ?? {}, ignoreNosec])) };
      selection.set(selKey, sel);
    }
    return { cfg, enabled: sel.enabled, cfgKey: sel.key };
  };

  const useCache = opts.cache ?? true;
  let cache: ScanCache | undefined;
  if (useCache && files.length > 0) {
    // Reading the cache file takes a slice of its own (5-8 ms for Nova's): the event loop runs before and after.
    await nextTurn();
    try {
      cache = ScanCache.open(opts.cacheDir ?? process.env.VIGIL_CACHE_DIR ?? defaultCacheDir(opts.targets));
    } catch {
      cache = undefined; // no writable place: scan without a cache
    }
    await nextTurn();
  }

  // Largest files first keeps the workers evenly loaded at the end of the scan.
  const queue = [...files].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  let next = 0;

  /**
   * Reads the next file that needs analysis, answering cache hits, open documents and read errors directly;
   * `PAUSE` after answering files for `SLICE_MS`.
   */
  const nextJob = (): Job | undefined | typeof PAUSE => {
    const t0 = performance.now();
    while (next < queue.length) {
      if (opts.signal?.aborted) return undefined;
      if (performance.now() - t0 > SLICE_MS) return PAUSE;
      const f = queue[next++]!;
      const abs = path.resolve(f.path);
      if (opts.isOpen?.(abs)) {
        emit({ filename: f.path, open: true });
        continue;
      }
      const { cfg, enabled, cfgKey } = configFor(f.path);
      let buf: Buffer;
      try {
        buf = fs.readFileSync(f.path);
      } catch (e) {
        emit({ filename: f.path, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
        continue;
      }
      // Binary or mis-encoded files are reported, not analysed (Bandit cannot parse them either).
      const decoded = decodeSource(buf);
      if ('error' in decoded) {
        // Latin-1 maps each byte to one character: countLoc then sees Bandit's byte lines.
        emit({ filename: f.path, error: decoded.error, loc: countLoc(buf.toString('latin1')) });
        continue;
      }
      const hash = sha1(buf);
      // The file name is part of the key: rules read it (assert_used skips, test-file heuristics).
      const key = cache ? sha1(cfgKey + '\0' + f.path + (opts.relativeTo !== undefined ? '\0' + opts.relativeTo : '')) : '';
      const hit = cache?.get(abs, hash, key);
      if (hit) {
        summary.cached++;
        emit({ filename: f.path, analysis: hit, cached: true, ...(hit.findings.length > 0 ? { source: decoded.text } : {}) });
        continue;
      }
      return { filename: f.path, relativeTo: opts.relativeTo, abs, source: decoded.text, hash, key, enabled, plugins: cfg?.plugins ?? {}, ignoreNosec, timeBudgetMs };
    }
    return undefined;
  };

  const finish = (job: Job, analysis: FileAnalysis | undefined, error: string | undefined) => {
    if (analysis) {
      summary.analysed++;
      // An analysis cut short by the time budget is incomplete: analysed again next time.
      if (!analysis.notices?.length) cache?.set(job.abs, job.hash, job.key, analysis);
      emit({ filename: job.filename, analysis, ...(analysis.findings.length > 0 ? { source: job.source } : {}) });
    } else emit({ filename: job.filename, error: error ?? 'internal error' });
  };

  /** `nextJob`, letting the event loop run at each `PAUSE`. */
  const nextJobAfterPauses = async (): Promise<Job | undefined> => {
    for (;;) {
      const job = nextJob();
      if (job !== PAUSE) return job;
      await nextTurn();
    }
  };

  const hardLimitMs = opts.hardLimitMs ?? hardLimitFor(opts.timeBudgetMs);
  /**
   * Analyses on this thread. The files of one slice of at most ANALYSIS_SLICE_MS run under one watchdog
   * (engine/watchdog.ts), then other work runs (progress, cancellation, LSP requests). Its thread start and join
   * took 4% of a `--jobs 1` scan of Nova when paid per file. A file whose analysis outlasts the limit is stopped
   * and listed with an error, the engine moves to a fresh tree-sitter runtime (`Engine.recover`), and the
   * slice's other files are kept.
   */
  const inProcess = async (leftover: Job[] = []) => {
    let next: Job | undefined | typeof PAUSE = leftover.shift() ?? (await nextJobAfterPauses());
    while (next) {
      if (next === PAUSE) {
        next = await nextJobAfterPauses();
        continue;
      }
      const sliceEnd = performance.now() + ANALYSIS_SLICE_MS;
      let current: Job | undefined;
      const slice = (first: Job): Job | undefined | typeof PAUSE => {
        for (let job: Job | undefined | typeof PAUSE = first; ; ) {
          if (!job || job === PAUSE) return job;
          current = job;
          let analysis: FileAnalysis | undefined;
          let error: string | undefined;
          try {
            analysis = analyzeSource(engine(), job.source, { filename: job.filename, relativeTo: job.relativeTo, enabled: job.enabled, plugins: job.plugins, ignoreNosec, timeBudgetMs: job.timeBudgetMs, ruleBudgetMs: 0 });
          } catch (e) {
            error = `internal error: ${(e as Error)?.message ?? String(e)}`;
          }
          current = undefined;
          finish(job, analysis, error);
          job = leftover.shift() ?? nextJob();
          if (performance.now() > sliceEnd) return job;
        }
      };
      const first: Job = next;
      try {
        // A file starts before the slice's end, so it gets at least `hardLimitMs`.
        next = runWithHardLimit((): Job | undefined | typeof PAUSE => slice(first), hardLimitMs + ANALYSIS_SLICE_MS);
      } catch (e) {
        if (!(e instanceof AnalysisStopped) || !current) throw e;
        // The stopped file's tree belongs to the runtime the engine leaves: dropped with it.
        engine().recover();
        finish(current, undefined, stoppedReason(hardLimitMs));
        await engine().ready();
        next = leftover.shift() ?? nextJob();
      }
      await nextTurn();
    }
  };

  try {
    // Answer cache hits (and open documents, unreadable files) up to the first file that needs analysis before
    // starting any thread: a re-scan with nothing changed starts none.
    const first = await nextJobAfterPauses();
    const jobs = Math.max(1, Math.floor(opts.jobs ?? os.availableParallelism()));
    const script = first && jobs > 1 ? findWorkerScript(opts.workerScript) : undefined;
    // Few files left to analyse: starting threads (grammar load, query compile) costs more than it saves.
    const remaining = queue.length - next + 1;
    const explicitJobs = opts.jobs !== undefined;
    if (!first) {
      // Nothing to analyse.
    } else if (script && (explicitJobs || remaining >= 16)) {
      const n = Math.min(jobs, Math.max(1, remaining));
      const pool = await runPool(script, n, ids, first, nextJob, finish, opts.signal, (w) => (summary.workers = w), opts.workerNiceness, hardLimitMs, opts.workerYoungGenerationMb);
      if (!pool.ok) await inProcess(pool.leftover); // workers unavailable: finish what is left here
    } else {
      await inProcess([first]);
    }
  } finally {
    cache?.save();
  }
  if (opts.signal?.aborted) summary.cancelled = true;
  return done();
}

/**
 * Runs `first`, then jobs from `nextJob` until it has none left, on `n` worker threads. Resolves false when the
 * workers could not start (the caller finishes in process, `leftover` included); a crashed worker's files are
 * re-queued to the others. A worker busy with one file for more than `hardLimitMs` is stopped: that file gets an
 * error, its other queued file goes back to the queue, and a new worker takes its place.
 */
function runPool(
  script: string,
  n: number,
  ruleIds: string[],
  first: Job,
  nextJob: () => Job | undefined | typeof PAUSE,
  finish: (job: Job, analysis: FileAnalysis | undefined, error: string | undefined) => void,
  signal: AbortSignal | undefined,
  setWorkers: (n: number) => void,
  niceness: number | undefined,
  hardLimitMs: number,
  youngGenerationMb: number | undefined,
): Promise<{ ok: boolean; leftover: Job[] }> {
  return new Promise((resolve) => {
    const PER_WORKER = 2; // tasks in flight per worker, so a worker never waits for the main thread
    interface Slot {
      w: Worker;
      /** Tasks sent, in the order the worker runs them: the first is the one it is busy with. */
      inflight: Map<number, Job>;
      /** When the worker started the first task of `inflight` (performance.now()). */
      since: number;
      ready: boolean;
      dead: boolean;
    }
    const slots: Slot[] = [];
    // Jobs taken from `nextJob` (or handed over) but not running: handed out before new ones.
    const pending: Job[] = [first];
    let taskId = 0;
    let settled = false;
    let anyReady = false;
    let exhausted = false;
    // The time budget is checked between steps of an analysis; a step that never ends (a rule stuck in a loop)
    // would hang the scan. Such a worker is stopped and replaced, and its file reported.
    const watchdog = setInterval(
      () => {
        const now = performance.now();
        for (const s of [...slots]) {
          if (s.dead || s.inflight.size === 0 || now - s.since <= hardLimitMs) continue;
          const [id, job] = s.inflight.entries().next().value as [number, Job];
          s.inflight.delete(id);
          finish(job, undefined, stoppedReason(hardLimitMs));
          spawn();
          kill(s);
        }
      },
      Math.min(1000, Math.max(10, hardLimitMs / 4)),
    );
    watchdog.unref();

    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      clearInterval(watchdog);
      for (const s of slots) void s.w.terminate();
      // Jobs taken but never finished go back to the caller (in-process fallback) when the workers failed.
      if (!ok) for (const s of slots) pending.push(...s.inflight.values());
      resolve({ ok, leftover: ok ? [] : pending.splice(0) });
    };

    const take = (): Job | undefined | typeof PAUSE => pending.shift() ?? (exhausted ? undefined : nextJob() ?? ((exhausted = true), undefined));

    const pump = (s: Slot) => {
      if (settled || s.dead || !s.ready) return;
      while (s.inflight.size < PER_WORKER) {
        if (signal?.aborted) break;
        const job = take();
        if (job === PAUSE) {
          setImmediate(() => pump(s));
          break;
        }
        if (!job) break;
        const id = taskId++;
        if (s.inflight.size === 0) s.since = performance.now();
        s.inflight.set(id, job);
        const msg: TaskMessage = { type: 'task', id, filename: job.filename, ...(job.relativeTo !== undefined ? { relativeTo: job.relativeTo } : {}), source: job.source, enabled: [...job.enabled], plugins: job.plugins, ignoreNosec: job.ignoreNosec, ...(job.timeBudgetMs ? { timeBudgetMs: job.timeBudgetMs } : {}) };
        s.w.postMessage(msg satisfies ToWorker);
      }
      checkDone();
    };

    const checkDone = () => {
      const live = slots.filter((s) => !s.dead);
      if (live.length === 0) {
        settle(false);
        return;
      }
      if (live.some((s) => s.inflight.size > 0)) return;
      if (signal?.aborted || (exhausted && pending.length === 0)) settle(true);
    };

    const kill = (s: Slot) => {
      if (s.dead) return;
      s.dead = true;
      pending.push(...s.inflight.values());
      s.inflight.clear();
      void s.w.terminate();
      if (anyReady) for (const o of slots) pump(o);
      checkDone();
    };

    const onAbort = () => {
      for (const s of slots) s.inflight.clear();
      settle(true);
    };
    signal?.addEventListener('abort', onAbort);

    const spawn = (): void => {
      let w: Worker;
      try {
        w = new Worker(script, youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } } : undefined);
      } catch {
        return;
      }
      const s: Slot = { w, inflight: new Map(), since: 0, ready: false, dead: false };
      slots.push(s);
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.type === 'ready') {
          s.ready = true;
          anyReady = true;
          setWorkers(slots.filter((x) => x.ready).length);
          pump(s);
        } else if (m.type === 'initError') {
          kill(s);
        } else {
          const job = s.inflight.get(m.id);
          if (!job) return;
          s.inflight.delete(m.id);
          s.since = performance.now();
          finish(job, m.analysis, m.error);
          pump(s);
        }
      });
      w.on('error', () => kill(s));
      w.on('exit', () => {
        if (!settled) kill(s);
      });
      w.postMessage({ type: 'init', ruleIds, ...(niceness ? { niceness } : {}) } satisfies ToWorker);
    };
    for (let i = 0; i < n; i++) spawn();

    if (slots.length === 0) settle(false);
  });
}
