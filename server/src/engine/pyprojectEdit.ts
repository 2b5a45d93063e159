/**
 * The "Disable Bxxx in pyproject.toml" edit: adds an id to `[tool.bandit] skips`, creating the key or the table
 * when needed, as a single insertion so the rest of the file stays byte for byte. Pure text in, edit out.
 */
import { parse as parseToml } from 'smol-toml';
import type { TextEdit } from './types';
import { applyEdits } from './fixes';

const HEADER = /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*bandit[ \t]*\][ \t]*(#.*)?$/;
const ANY_HEADER = /^[ \t]*\[/;
const SKIPS_KEY = /^[ \t]*skips[ \t]*=[ \t]*/;

interface Line {
  start: number;
  /** Offset of the line break (or the text length). */
  end: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const stop = nl < 0 ? text.length : nl;
    const end = stop > start && text[stop - 1] === '\r' ? stop - 1 : stop;
    out.push({ start, end, text: text.slice(start, end) });
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

/** The skips listed in the parsed file, upper-cased; undefined when the file does not parse. */
function parsedSkips(text: string): string[] | undefined {
  try {
    const doc = parseToml(text) as { tool?: { bandit?: { skips?: unknown } } };
    const s = doc.tool?.bandit?.skips;
    if (typeof s === 'string') return s.split(',').map((x) => x.trim().toUpperCase());
    if (Array.isArray(s)) return s.filter((x): x is string => typeof x === 'string').map((x) => x.toUpperCase());
    return [];
  } catch {
    return undefined;
  }
}

/** Finds the end of the value starting at `from` (an array: the offset of its closing `]`). */
function arrayEnd(text: string, from: number): { close: number; lastSignificant: number } | undefined {
  let depth = 0;
  let last = -1;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c + c + c, i);
      const q = triple ? c + c + c : c;
      let j = i + q.length;
      while (j < text.length && !text.startsWith(q, j)) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j + q.length - 1;
      last = i;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return { close: i, lastSignificant: last };
    }
    if (!/\s/.test(c)) last = i;
  }
  return undefined;
}

/**
 * The insertion that adds `ruleId` to `[tool.bandit] skips` of a pyproject.toml (`text` undefined: the file does
 * not exist yet). Undefined when the id is already skipped. Throws when the file is not valid TOML or keeps its
 * Bandit table in a form this edit cannot extend safely (dotted keys, inline tables).
 */
export function pyprojectSkipEdit(text: string | undefined, ruleId: string): TextEdit | undefined {
  const id = ruleId.toUpperCase();
  if (text === undefined || text.length === 0) return { start: 0, end: 0, text: `[tool.bandit]\nskips = ["${id}"]\n` };
  const before = parsedSkips(text);
  if (!before) throw new Error('pyproject.toml is not valid TOML');
  if (before.includes(id)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const ls = lines(text);
  const h = ls.findIndex((l) => HEADER.test(l.text));
  let edit: TextEdit;
  if (h < 0) {
    // No table: append one at the end, separated by a blank line.
    const sep = text.endsWith('\n') ? eol : eol + eol;
    edit = { start: text.length, end: text.length, text: `${sep}[tool.bandit]${eol}skips = ["${id}"]${eol}` };
  } else {
    let skipsLine: Line | undefined;
    for (let i = h + 1; i < ls.length; i++) {
      const l = ls[i]!;
      if (ANY_HEADER.test(l.text)) break;
      if (SKIPS_KEY.test(l.text)) {
        skipsLine = l;
        break;
      }
    }
    if (!skipsLine) {
      const at = ls[h]!.end;
      edit = { start: at, end: at, text: `${eol}skips = ["${id}"]` };
    } else {
      const valueStart = skipsLine.start + SKIPS_KEY.exec(skipsLine.text)![0].length;
      const c = text[valueStart];
      if (c === '[') {
        const a = arrayEnd(text, valueStart);
        if (!a) throw new Error('cannot find the end of [tool.bandit] skips');
        const lastChar = text[a.lastSignificant];
        if (a.lastSignificant === valueStart || lastChar === '[') edit = { start: valueStart + 1, end: valueStart + 1, text: `"${id}"` };
        else if (lastChar === ',') edit = { start: a.lastSignificant + 1, end: a.lastSignificant + 1, text: ` "${id}"` };
        else edit = { start: a.lastSignificant + 1, end: a.lastSignificant + 1, text: `, "${id}"` };
      } else if (c === '"' || c === "'") {
        // Bandit also accepts a comma-separated string.
        const close = text.indexOf(c, valueStart + 1);
        if (close < 0) throw new Error('unterminated [tool.bandit] skips string');
        const inner = text.slice(valueStart + 1, close);
        edit = { start: close, end: close, text: inner.trim().length ? `,${id}` : id };
      } else {
        throw new Error('[tool.bandit] skips has an unexpected value');
      }
    }
  }
  // Check the result: still TOML, and the id is now skipped.
  const after = parsedSkips(applyEdits(text, [edit]));
  if (!after || !after.includes(id)) throw new Error('cannot add to [tool.bandit] skips in this file safely');
  return edit;
}
