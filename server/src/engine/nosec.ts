/**
 * `# nosec` comments with Bandit's exact semantics (spec §3.1), plus `# noqa: S###` as an alias of B###.
 * A line maps to a set of suppressed ids; an empty set is a blanket suppression.
 */

import type { Node } from './parser';

/** Bandit's NOSEC_COMMENT: `#`, spaces, lowercase `nosec`, optional `:`, then everything to the next `#`. */
const NOSEC_COMMENT = /#\s*nosec:?([^#]+)?#?/;
/** Bandit's NOSEC_COMMENT_TESTS; the repeated group keeps only its last repetition (the comma quirk). */
const NOSEC_COMMENT_TESTS = /(?:(B\d+|[a-z\d_]+),?)+/gi;
/** Ruff's noqa with codes; S### maps to B###. A bare `# noqa` is not a security suppression. */
const NOQA = /#\s*noqa\s*:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)/i;

/** Resolves a token from a nosec comment to a rule id (id or Bandit test name), or undefined. */
export type TestIdResolver = (token: string) => string | undefined;

/** Result of parsing one comment. */
export interface NosecComment {
  /** Ids named; empty means blanket. */
  ids: Set<string>;
  /** Tokens that named no test (Bandit warns and drops them). */
  unknown: string[];
  /** Whether it came from `nosec` (true) or `noqa` (false). */
  nosec: boolean;
}

/** Parses one comment's text; undefined when it is neither nosec nor a noqa with S codes. */
export function parseSuppression(comment: string, resolve: TestIdResolver): NosecComment | undefined {
  const m = NOSEC_COMMENT.exec(comment);
  if (m) {
    const ids = new Set<string>();
    const unknown: string[] = [];
    const tests = m[1];
    if (tests) {
      for (const t of tests.matchAll(NOSEC_COMMENT_TESTS)) {
        const token = t[1];
        if (!token) continue;
        const id = resolve(token);
        if (id) ids.add(id);
        else unknown.push(token);
      }
    }
    return { ids, unknown, nosec: true };
  }
  const q = NOQA.exec(comment);
  if (q) {
    const ids = new Set<string>();
    for (const code of q[1]!.split(',')) {
      const c = code.trim().toUpperCase();
      const sm = /^S(\d{3})$/.exec(c);
      if (sm) {
        const id = resolve(`B${sm[1]}`);
        if (id) ids.add(id);
      }
    }
    // A noqa that names no security code suppresses nothing of ours.
    if (ids.size === 0) return undefined;
    return { ids, unknown: [], nosec: false };
  }
  return undefined;
}

/** Suppressions by 1-based line. */
export class SuppressionMap {
  readonly lines = new Map<number, NosecComment>();

  add(line: number, c: NosecComment): void {
    const prev = this.lines.get(line);
    if (!prev) {
      this.lines.set(line, c);
      return;
    }
    // A nosec and a noqa on one line: a blanket nosec wins, otherwise ids merge (into a copy: comments may be
    // cached and added again to another map).
    if (prev.nosec && prev.ids.size === 0) return;
    if (c.nosec && c.ids.size === 0) {
      this.lines.set(line, c);
      return;
    }
    this.lines.set(line, { ...prev, ids: new Set([...prev.ids, ...c.ids]) });
  }

  /** The map of scanned comments (in text order). */
  static of(entries: readonly SuppressionEntry[]): SuppressionMap {
    const m = new SuppressionMap();
    for (const e of entries) m.add(e.row + 1, e.comment);
    return m;
  }

  /**
   * Bandit's decision for a finding: `undefined` (not suppressed), `'nosec'` (blanket) or `'skipped'`
   * (suppressed by id). Tests from the reported line and from the first line of the node's range that has
   * a comment are combined, exactly as Bandit's `_get_nosecs_from_contexts`.
   */
  check(ruleId: string, line: number, lineRange: readonly number[]): 'nosec' | 'skipped' | undefined {
    if (this.lines.size === 0) return undefined;
    const base = this.lines.get(line);
    const context = this.firstIn(lineRange);
    if (!base && !context) return undefined;
    const ids = new Set<string>();
    if (base) for (const i of base.ids) ids.add(i);
    if (context) for (const i of context.ids) ids.add(i);
    if (ids.size === 0) return 'nosec';
    return ids.has(ruleId) ? 'skipped' : undefined;
  }

  /**
   * The comment on the first line of `lineRange` (contiguous) that has one. Looked up line by line, or through
   * the comments when there are fewer of them: the strings of a 10,000-line list each have its whole range.
   */
  private firstIn(lineRange: readonly number[]): NosecComment | undefined {
    if (lineRange.length <= this.lines.size) {
      for (const l of lineRange) {
        const c = this.lines.get(l);
        if (c) return c;
      }
      return undefined;
    }
    const first = lineRange[0]!;
    const last = lineRange[lineRange.length - 1]!;
    let best: number | undefined;
    for (const l of this.lines.keys()) if (l >= first && l <= last && (best === undefined || l < best)) best = l;
    return best === undefined ? undefined : this.lines.get(best);
  }
}

/** Comment text that can be a suppression (Bandit's `nosec`, ruff's `noqa`); other comments are never read. */
const SUPPRESSION_WORD = /nosec|noqa/gi;

/** A suppression comment found in a text: the comment's UTF-16 range, its 0-based row and what it says. */
export interface SuppressionEntry {
  start: number;
  end: number;
  row: number;
  comment: NosecComment;
}

/**
 * The suppression comments whose `nosec`/`noqa` word starts in `[from, to)` (UTF-16 offsets; default: the whole
 * text), in text order, one per comment. `text` is the parsed text (lone CRs already replaced).
 */
export function scanSuppressions(root: Node, text: string, resolve: TestIdResolver, from = 0, to = text.length): SuppressionEntry[] {
  const out: SuppressionEntry[] = [];
  const part = from === 0 && to >= text.length ? text : text.slice(from, to);
  let last = -1;
  SUPPRESSION_WORD.lastIndex = 0;
  for (let w = SUPPRESSION_WORD.exec(part); w; w = SUPPRESSION_WORD.exec(part)) {
    const at = from + w.index;
    const c = root.descendantForIndex(at, at);
    if (!c || c.type !== 'comment' || c.startIndex === last) continue;
    last = c.startIndex;
    const s = parseSuppression(c.text, resolve);
    if (s) out.push({ start: c.startIndex, end: c.endIndex, row: c.startPosition.row, comment: s });
  }
  return out;
}
