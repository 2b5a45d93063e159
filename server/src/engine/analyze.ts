/**
 * Analysing one file's text: the single entry point the language server, the workspace scan and the CLI all
 * use, so the editor and CI agree by construction.
 */
import type { Tree } from './parser';
import type { AnalysisResult, AnalyzeOptions, Engine } from './engine';
import { analyzeIncremental, type ChangedRange, type EditLike, type IncrementalState } from './incremental';
import type { PluginConfig } from './options';
import { parseTimeoutNotice, resolveBudget } from './budget';
import { AnalysisStopped, runWithHardLimit } from './watchdog';

export interface AnalyzeSourceOptions {
  /** The file name as reported (CLI: as given on the command line; server: the fs path or URI). */
  filename: string;
  /** The workspace folder the editor scans the file in (RuleOptions.relativeTo). */
  relativeTo?: string;
  /** Rule ids to run; undefined runs all. */
  enabled?: ReadonlySet<string>;
  plugins?: PluginConfig;
  ignoreNosec?: boolean;
  /** An already parsed tree for exactly this text (the server's incremental tree); not freed here. */
  tree?: Tree;
  /**
   * Wall-clock budget (ms) for parsing and, separately, for analysis. Unset = unbounded (the default). A parse
   * over budget is cancelled and the result has no findings and a `parse-timeout` notice; analysis over budget
   * stops with an `analysis-timeout` notice and keeps what it found. Never throws for a budget.
   */
  timeBudgetMs?: number;
  /** Cumulative time one rule may spend on the file (ms; default half of `timeBudgetMs`; 0: none); then it is skipped. */
  ruleBudgetMs?: number;
  /**
   * Stops the parse and analysis, wherever they are, once they have run this long together (ms; watchdog.ts):
   * `analyzeSource` then throws `AnalysisStopped`, with the engine recovering (`Engine.recover`: await its
   * `ready()` before the next use). Unset: no limit.
   * For a thread that has nothing else to stop it (the scan's workers are stopped from outside instead).
   */
  hardLimitMs?: number;
}

export interface FileAnalysis extends AnalysisResult {
  /** Bandit's `loc`: non-blank lines that are not comments. */
  loc: number;
}

/**
 * Bandit's lines-of-code count. Bandit counts on the file's bytes: `data.splitlines()` (lines end at LF, CR or
 * CRLF) and `line.strip()` (ASCII whitespace only), counting the lines left non-empty and not starting with `#`.
 * On decoded text that is: lines split at CR/LF only, leading space/tab/VT/FF skipped; any other character (a
 * no-break space, U+2028, a BOM) makes the line count, as its bytes do for Bandit. No line is allocated.
 */
export function countLoc(source: string): number {
  // One pass over the characters. (A version that jumped to the next LF with indexOf ran 1,000 times slower once
  // optimised, on a 100,000-line text: 5.7 s instead of 6 ms, from its third call on; this loop stays at ~17 ms.)
  let n = 0;
  const len = source.length;
  let i = 0;
  while (i < len) {
    let c = source.charCodeAt(i);
    while (c === 32 || c === 9 || c === 11 || c === 12) c = source.charCodeAt(++i); // bytes.strip()'s, but CR/LF
    if (i < len && c !== 10 && c !== 13 && c !== 35 /* # */) n++;
    while (i < len && c !== 10 && c !== 13) c = source.charCodeAt(++i);
    if (c === 13 && source.charCodeAt(i + 1) === 10) i++; // CRLF is one line end
    i++;
  }
  return n;
}

/**
 * The engine's options for a file (the CLI's, the scan's and the editor's alike), as one object literal with every
 * field, absent ones undefined. Built with conditional spreads they came in several shapes, and `--trace-deopt` on
 * a Nova scan showed 17 'wrong map' deoptimizations of `analyzeMemo` at `opts.ignoreNosec` (none with this); the
 * scan's time did not change measurably.
 */
function engineOptions(opts: AnalyzeSourceOptions, budget: ReturnType<typeof resolveBudget>, verifySyntaxErrors: boolean): AnalyzeOptions {
  return {
    enabled: opts.enabled,
    options: { filename: opts.filename, relativeTo: opts.relativeTo, plugins: opts.plugins ?? {} },
    ignoreNosec: opts.ignoreNosec ?? false,
    strict: undefined,
    noPrefilter: undefined,
    analysisBudgetMs: budget?.analysisMs || undefined,
    ruleBudgetMs: budget?.ruleMs || undefined,
    verifySyntaxErrors,
  };
}

/** Parses (unless given a tree) and analyses one file. */
export function analyzeSource(engine: Engine, source: string, opts: AnalyzeSourceOptions): FileAnalysis {
  if (opts.hardLimitMs === undefined) return analyzeOnce(engine, source, opts, undefined);
  // The tree is freed here, outside the limit: an interrupted analysis runs no `finally` of its own.
  const own: { tree?: Tree } = {};
  try {
    return runWithHardLimit(() => analyzeOnce(engine, source, opts, own), opts.hardLimitMs);
  } catch (e) {
    // The tree belongs to the runtime the engine now leaves (`Engine.recover`): dropped, not deleted.
    if (e instanceof AnalysisStopped) {
      own.tree = undefined;
      engine.recover();
    }
    throw e;
  } finally {
    own.tree?.delete();
  }
}

/** `analyzeSource`'s work. The tree it parses is freed here, or by the caller when `own` is given. */
function analyzeOnce(engine: Engine, source: string, opts: AnalyzeSourceOptions, own: { tree?: Tree } | undefined): FileAnalysis {
  const budget = resolveBudget(opts.timeBudgetMs, opts.ruleBudgetMs);
  const parsed = opts.tree ? undefined : budget?.parseMs ? engine.tryParse(source, undefined, budget.parseMs) : engine.parse(source);
  if (!opts.tree && !parsed) {
    return { findings: [], nosec: 0, skippedTests: 0, failures: [], notices: [parseTimeoutNotice(budget!.parseMs!, Buffer.byteLength(source, 'utf8'))], loc: countLoc(source) };
  }
  if (own) own.tree = parsed;
  const tree = opts.tree ?? parsed!;
  try {
    const res = engine.analyze(tree, source, engineOptions(opts, budget, true));
    return { ...res, loc: countLoc(source) };
  } finally {
    if (!own) parsed?.delete();
  }
}

/** Options of an editor re-analysis: the document's tree, what changed since the last one, and its state. */
export interface IncrementalSourceOptions extends AnalyzeSourceOptions {
  tree: Tree;
  /** Identifies settings and project config: a different key analyses fully. */
  key: string;
  prev: IncrementalState | undefined;
  /** Edits since `prev`'s text (undefined: unknown, analyse fully) and the syntax ranges they changed. */
  edits: readonly EditLike[] | undefined;
  changed?: readonly ChangedRange[];
}

/**
 * The editor's per-keystroke analysis: equal to `analyzeSource` on the same text (without `loc`), but re-checks
 * only the analysis units the edits touched (engine/incremental.ts).
 */
export function analyzeSourceIncremental(engine: Engine, source: string, opts: IncrementalSourceOptions): { analysis: AnalysisResult; state: IncrementalState } {
  const budget = resolveBudget(opts.timeBudgetMs, opts.ruleBudgetMs);
  const r = analyzeIncremental(
    engine,
    opts.tree,
    source,
    engineOptions(opts, budget, false),
    opts.key,
    opts.prev,
    opts.edits,
    opts.changed ?? [],
  );
  return { analysis: r.result, state: r.state };
}
