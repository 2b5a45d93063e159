/**
 * Analysing one file's text: the single entry point the language server, the workspace scan and the CLI all
 * use, so the editor and CI agree by construction.
 */
import type { Tree } from './parser';
import type { AnalysisResult, AnalyzeOptions, Engine } from './engine';
import { analyzeIncremental, type ChangedRange, type EditLike, type IncrementalState } from './incremental';
import type { PluginConfig } from './options';
import { parseTimeoutNotice, resolveBudget } from './budget';

export interface AnalyzeSourceOptions {
  /** The file name as reported (CLI: as given on the command line; server: the fs path or URI). */
  filename: string;
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
}

export interface FileAnalysis extends AnalysisResult {
  /** Bandit's `loc`: non-blank lines that are not comments. */
  loc: number;
}

/** Bandit's lines-of-code count. */
export function countLoc(source: string): number {
  // Equal to counting `source.split('\n')` lines whose trim() is non-empty and does not start with '#', without
  // allocating the lines: skip the leading whitespace of each line, then look at the first other character.
  let n = 0;
  let at = 0;
  while (at <= source.length) {
    LEADING_SPACE.lastIndex = at;
    LEADING_SPACE.test(source);
    const first = LEADING_SPACE.lastIndex;
    const c = source.charCodeAt(first); // NaN at the end
    if (first < source.length && c !== 10 /* \n */ && c !== 35 /* # */) n++;
    const nl = source.indexOf('\n', first);
    if (nl < 0) break;
    at = nl + 1;
  }
  return n;
}
/** Whitespace other than `\n` (the characters `trim()` removes), from a position. */
const LEADING_SPACE = /[^\S\n]*/y;

/**
 * The engine's options for a file (the CLI's, the scan's and the editor's alike), as one object literal with every
 * field, absent ones undefined. Built with conditional spreads they came in several shapes, and `--trace-deopt` on
 * a Nova scan showed 17 'wrong map' deoptimizations of `analyzeMemo` at `opts.ignoreNosec` (none with this); the
 * scan's time did not change measurably.
 */
function engineOptions(opts: AnalyzeSourceOptions, budget: ReturnType<typeof resolveBudget>): AnalyzeOptions {
  return {
    enabled: opts.enabled,
    options: { filename: opts.filename, plugins: opts.plugins ?? {} },
    ignoreNosec: opts.ignoreNosec ?? false,
    strict: undefined,
    noPrefilter: undefined,
    analysisBudgetMs: budget?.analysisMs || undefined,
    ruleBudgetMs: budget?.ruleMs || undefined,
  };
}

/** Parses (unless given a tree) and analyses one file. */
export function analyzeSource(engine: Engine, source: string, opts: AnalyzeSourceOptions): FileAnalysis {
  const budget = resolveBudget(opts.timeBudgetMs, opts.ruleBudgetMs);
  const own = opts.tree ? undefined : budget?.parseMs ? engine.tryParse(source, undefined, budget.parseMs) : engine.parse(source);
  if (!opts.tree && !own) {
    return { findings: [], nosec: 0, skippedTests: 0, failures: [], notices: [parseTimeoutNotice(budget!.parseMs!, Buffer.byteLength(source, 'utf8'))], loc: countLoc(source) };
  }
  const tree = opts.tree ?? own!;
  try {
    const res = engine.analyze(tree, source, engineOptions(opts, budget));
    return { ...res, loc: countLoc(source) };
  } finally {
    own?.delete();
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
    engineOptions(opts, budget),
    opts.key,
    opts.prev,
    opts.edits,
    opts.changed ?? [],
  );
  return { analysis: r.result, state: r.state };
}
