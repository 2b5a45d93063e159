/**
 * The "Suppress Bxxx on this line" edit: writes `# nosec Bxxx` on Bandit's reported line or adds the id to an
 * existing nosec comment (ids separated by spaces, because Bandit's id regex keeps only the last of a
 * comma-joined run). Pure text in, edit out, so the server and the CLI share it.
 */
import type { TextEdit } from './types';

/** Bandit's NOSEC_COMMENT, with match indices. */
const NOSEC = /#\s*nosec:?([^#]+)?#?/d;

/** What the tokenizer knows about one physical line. */
export interface PhysicalLine {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset of the line break (`\r\n` or `\n`), or the text length. */
  end: number;
  /** Offset of the `#` that starts a comment on this line, if any. */
  commentStart?: number;
  /** The line break falls inside a string literal (a triple-quoted string, or a backslash continuation). */
  endsInString: boolean;
}

/**
 * Scans Python text up to the 0-based `row` tracking string literals, so a `#` inside a string is not taken for a
 * comment. Undefined when the text has fewer rows.
 */
export function physicalLine(source: string, row: number): PhysicalLine | undefined {
  let r = 0;
  let lineStart = 0;
  let quote: string | null = null;
  let commentStart: number | undefined;
  let continued = false;
  const n = source.length;
  let i = 0;
  while (i <= n) {
    const c = i < n ? source[i]! : '\n';
    if (c === '\n') {
      if (r === row) {
        const end = i > lineStart && source[i - 1] === '\r' ? i - 1 : i;
        return { start: lineStart, end: Math.min(end, n), ...(commentStart !== undefined ? { commentStart } : {}), endsInString: quote !== null && i < n };
      }
      if (i >= n) return undefined;
      // An unterminated single-quoted string ends at the line break (a syntax error; recover).
      if (quote !== null && quote.length === 1 && !continued) quote = null;
      continued = false;
      r++;
      lineStart = i + 1;
      commentStart = undefined;
      i++;
      continue;
    }
    if (quote !== null) {
      if (c === '\\') {
        const next = source[i + 1];
        // An escaped line break keeps even a single-quoted string open on the next line.
        if (next === '\n' || next === '\r') {
          continued = true;
          i++;
        } else i += 2;
        continue;
      }
      if (source.startsWith(quote, i)) {
        i += quote.length;
        quote = null;
        continue;
      }
      i++;
      continue;
    }
    if (c === '#') {
      commentStart = i;
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = source.startsWith(c + c + c, i) ? c + c + c : c;
      i += quote.length;
      continue;
    }
    i++;
  }
  return undefined;
}

/** Whether a code line (comment excluded) ends with an explicit `\` continuation. */
function endsWithContinuation(source: string, pl: PhysicalLine): boolean {
  const code = source.slice(pl.start, pl.commentStart ?? pl.end).trimEnd();
  return code.endsWith('\\');
}

/** The reported line, then the others of the line range. */
function* candidateLines(line: number, [first, last]: readonly [number, number]): Generator<number> {
  yield line;
  for (let l = first; l <= last; l++) if (l !== line) yield l;
}

/**
 * The edit that suppresses `ruleId` on 1-based `line` (Bandit's reported line). When that line cannot take a
 * comment (it ends inside a string or with a `\` continuation), the other lines of the line range `lines`
 * (first and last) are tried, in order. Returns undefined when no line can take one, or when the line already
 * suppresses the id or everything.
 */
export function suppressEdit(source: string, line: number, ruleId: string, lines?: readonly [number, number]): TextEdit | undefined {
  for (const l of candidateLines(line, lines ?? [line, line])) {
    const pl = physicalLine(source, l - 1);
    if (!pl || pl.endsInString || endsWithContinuation(source, pl)) continue;
    if (pl.commentStart !== undefined) {
      const comment = source.slice(pl.commentStart, pl.end);
      const m = NOSEC.exec(comment);
      if (m) {
        const tests = m[1];
        const tokens = (tests ?? '').split(/[\s,:]+/).filter(Boolean);
        // A blanket nosec already suppresses every id; an existing id needs nothing.
        if (tokens.length === 0) return undefined;
        // Ids are case-sensitive in nosec comments (engine.ts resolveTestId), so `b506` does not name B506.
        if (tokens.includes(ruleId)) return undefined;
        const groupStart = pl.commentStart + m.indices![1]![0];
        const at = groupStart + tests!.trimEnd().length;
        return { start: at, end: at, text: ` ${ruleId}` };
      }
    }
    // Append after everything on the line (an existing comment stays byte for byte), before trailing blanks.
    const content = source.slice(pl.start, pl.end);
    const at = pl.start + content.trimEnd().length;
    if (at === pl.start) continue;
    return { start: at, end: at, text: `  # nosec ${ruleId}` };
  }
  return undefined;
}
