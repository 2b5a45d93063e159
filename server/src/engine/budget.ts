/**
 * Time budgets for one file: tree-sitter parsing and query matching are cancelled through their progress
 * callbacks once a wall-clock deadline passes; rule checks (synchronous JS) are timed and a rule that spends more
 * than its budget on a file is skipped for the rest of that file. Exceeding a budget never throws: it produces an
 * information-level notice, and whatever was found so far is still reported.
 */

/** Something the user should know about an analysis that did not run completely. Always information level. */
export interface AnalysisNotice {
  level: 'info';
  code: 'parse-timeout' | 'analysis-timeout' | 'rule-timeout' | 'analysis-stopped';
  message: string;
  /** The rule for `rule-timeout`. */
  ruleId?: string;
}

/** Resolved budgets in milliseconds (undefined = unbounded). */
export interface TimeBudget {
  /** Parsing (tree-sitter's progress callback cancels the parse). */
  parseMs?: number;
  /** Query matching plus running every rule on the file. */
  analysisMs?: number;
  /** Cumulative time one rule may spend in its checks on one file before it is skipped. */
  ruleMs?: number;
}

/**
 * `timeBudgetMs` bounds parsing and analysis each; a rule gets half of it unless `ruleBudgetMs` says otherwise
 * (0: no per-rule budget, which saves timing every check).
 */
export function resolveBudget(timeBudgetMs?: number, ruleBudgetMs?: number): TimeBudget | undefined {
  const ok = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (!ok(timeBudgetMs) && !ok(ruleBudgetMs)) return undefined;
  const b: TimeBudget = {};
  if (ok(timeBudgetMs)) {
    b.parseMs = timeBudgetMs;
    b.analysisMs = timeBudgetMs;
    b.ruleMs = Math.max(1, timeBudgetMs / 2);
  }
  if (ok(ruleBudgetMs)) b.ruleMs = ruleBudgetMs;
  else if (ruleBudgetMs === 0) delete b.ruleMs;
  return b;
}

/** A deadline `ms` from now; `expired()` is what tree-sitter progress callbacks return (true = cancel). */
export class Deadline {
  private readonly end: number;
  /** Set once `expired()` returned true. */
  hit = false;
  constructor(readonly ms: number) {
    this.end = performance.now() + ms;
  }
  readonly expired = (): boolean => {
    if (this.hit) return true;
    if (performance.now() > this.end) this.hit = true;
    return this.hit;
  };
}

export function parseTimeoutNotice(ms: number, bytes: number): AnalysisNotice {
  return {
    level: 'info',
    code: 'parse-timeout',
    message: `Vigil did not analyse this file: parsing it (${Math.round(bytes / 1024)} KB) took longer than ${ms} ms.`,
  };
}

export function analysisTimeoutNotice(ms: number): AnalysisNotice {
  return {
    level: 'info',
    code: 'analysis-timeout',
    message: `Vigil stopped analysing this file after ${ms} ms; findings may be incomplete.`,
  };
}

export function ruleTimeoutNotice(ruleId: string, ms: number): AnalysisNotice {
  return {
    level: 'info',
    code: 'rule-timeout',
    ruleId,
    message: `Vigil skipped rule ${ruleId} on the rest of this file: it took longer than ${ms} ms.`,
  };
}
