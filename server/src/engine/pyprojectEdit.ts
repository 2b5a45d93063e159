/**
 * The "Disable Bxxx in pyproject.toml" edit, which adds an id to `[tool.bandit] skips`, and the "Skip Bxxx in
 * files matching ..." edit, which adds it to a pattern of `[tool.bandit.per_file_skips]`: each creates the key or
 * the table when needed, as a single insertion so the rest of the file stays byte for byte. Pure text in, edit out.
 */
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { TextEdit } from './types';
import { applyEdits } from './fixes';
import { escapeRegExp } from './edits';
import { relativeBelow } from './paths';

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

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The ids of a list of the parsed file's `[tool.bandit]` (`pick` finds it), upper-cased: [] when absent, undefined
 * when the file does not parse. A string is Bandit's comma-separated form.
 */
function parsedBandit(text: string, pick: (bandit: Record<string, unknown>) => unknown): string[] | undefined {
  try {
    const doc = parseToml(text) as { tool?: { bandit?: unknown } };
    const bandit = doc.tool?.bandit;
    const s = isTable(bandit) ? pick(bandit) : undefined;
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
 * The insertion adding `id` to the list value starting at `valueStart` (`what` names it in errors): an array, or
 * the comma-separated string Bandit also accepts.
 */
function addToList(text: string, valueStart: number, id: string, what: string): TextEdit {
  const c = text[valueStart];
  if (c === '[') {
    const a = arrayEnd(text, valueStart);
    if (!a) throw new Error(`cannot find the end of ${what}`);
    const lastChar = text[a.lastSignificant];
    if (a.lastSignificant === valueStart || lastChar === '[') return { start: valueStart + 1, end: valueStart + 1, text: `"${id}"` };
    if (lastChar === ',') return { start: a.lastSignificant + 1, end: a.lastSignificant + 1, text: ` "${id}"` };
    return { start: a.lastSignificant + 1, end: a.lastSignificant + 1, text: `, "${id}"` };
  }
  if (c === '"' || c === "'") {
    const close = text.indexOf(c, valueStart + 1);
    if (close < 0) throw new Error(`unterminated ${what} string`);
    const inner = text.slice(valueStart + 1, close);
    return { start: close, end: close, text: inner.trim().length ? `,${id}` : id };
  }
  throw new Error(`${what} has an unexpected value`);
}

/** Where an id is added: the table's header, the key in it, and how to read the list back. */
interface ListTarget {
  header: RegExp;
  headerText: string;
  key: RegExp;
  keyText: string;
  /** Names the list in errors. */
  what: string;
  /** The ids the list holds in the parsed file, upper-cased ([] when absent); undefined when it does not parse. */
  parsed(text: string): string[] | undefined;
}

/** The insertion adding `id` to `t`'s list, creating the key or the table when needed; undefined when listed. */
function listEdit(text: string | undefined, t: ListTarget, id: string): TextEdit | undefined {
  if (text === undefined || text.length === 0) return { start: 0, end: 0, text: `${t.headerText}\n${t.keyText} = ["${id}"]\n` };
  const before = t.parsed(text);
  if (!before) throw new Error('pyproject.toml is not valid TOML');
  if (before.includes(id)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const ls = lines(text);
  const h = ls.findIndex((l) => t.header.test(l.text));
  let edit: TextEdit;
  if (h < 0) {
    // No table: append one at the end, separated by a blank line.
    const sep = text.endsWith('\n') ? eol : eol + eol;
    edit = { start: text.length, end: text.length, text: `${sep}${t.headerText}${eol}${t.keyText} = ["${id}"]${eol}` };
  } else {
    let keyLine: Line | undefined;
    for (let i = h + 1; i < ls.length; i++) {
      const l = ls[i]!;
      if (ANY_HEADER.test(l.text)) break;
      if (t.key.test(l.text)) {
        keyLine = l;
        break;
      }
    }
    if (!keyLine) edit = { start: ls[h]!.end, end: ls[h]!.end, text: `${eol}${t.keyText} = ["${id}"]` };
    else edit = addToList(text, keyLine.start + t.key.exec(keyLine.text)![0].length, id, t.what);
  }
  // Check the result: still TOML, and the id is now listed.
  const after = t.parsed(applyEdits(text, [edit]));
  if (!after || !after.includes(id)) throw new Error(`cannot add to ${t.what} in this file safely`);
  return edit;
}

/**
 * The insertion that adds `ruleId` to `[tool.bandit] skips` of a pyproject.toml (`text` undefined: the file does
 * not exist yet). Undefined when the id is already skipped. Throws when the file is not valid TOML or keeps its
 * Bandit table in a form this edit cannot extend safely (dotted keys, inline tables).
 */
export function pyprojectSkipEdit(text: string | undefined, ruleId: string): TextEdit | undefined {
  const parsed = (t: string) => parsedBandit(t, (b) => b.skips);
  return listEdit(text, { header: HEADER, headerText: '[tool.bandit]', key: SKIPS_KEY, keyText: 'skips', what: '[tool.bandit] skips', parsed }, ruleId.toUpperCase());
}

const PER_FILE_HEADER = /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*bandit[ \t]*\.[ \t]*per_file_skips[ \t]*\][ \t]*(#.*)?$/;

/**
 * The `per_file_skips` pattern for a test file, from its path relative to the pyproject.toml's directory: a
 * `tests/` or `test/` directory on the way (`"tests/"`, which matches such a directory at any depth), else a
 * pytest file name (`test_*.py`, `*_test.py`, `conftest.py`). Undefined for other files and files outside.
 */
export function testFilePattern(pyprojectDir: string, file: string): string | undefined {
  const rel = relativeBelow(pyprojectDir, file);
  if (rel === undefined) return undefined;
  const parts = rel.split(path.sep);
  const base = parts.pop()!;
  const dir = parts.find((p) => p === 'tests' || p === 'test');
  if (dir) return `${dir}/`;
  if (/^test_.*\.pyw?$/.test(base)) return 'test_*.py';
  if (/_test\.pyw?$/.test(base)) return '*_test.py';
  if (base === 'conftest.py') return 'conftest.py';
  return undefined;
}

/**
 * The `per_file_skips` pattern that matches `file` alone: its path relative to the pyproject.toml's directory,
 * anchored with a leading `/` and with .gitignore's special characters escaped (`\`, `*`, `?`, `[`, a trailing
 * space). Undefined for a file outside that directory.
 */
export function ownFilePattern(pyprojectDir: string, file: string): string | undefined {
  const rel = relativeBelow(pyprojectDir, file);
  return rel === undefined ? undefined : anchored(rel);
}

/**
 * The `per_file_skips` pattern that matches every file in `file`'s directory and below it: the directory's path
 * relative to the pyproject.toml's directory, anchored and escaped as in `ownFilePattern`, with a trailing `/`.
 * Undefined for a file directly in that directory (the whole project: `pyprojectSkipEdit`) or outside it.
 */
export function ownFolderPattern(pyprojectDir: string, file: string): string | undefined {
  const rel = relativeBelow(pyprojectDir, path.dirname(file));
  return rel === undefined ? undefined : anchored(rel) + '/';
}

/** A relative path as a .gitignore pattern matching that path alone: `/`-separated, anchored, specials escaped. */
function anchored(rel: string): string {
  const posix = rel.split(path.sep).join('/');
  return '/' + posix.replace(/[\\*?[]/g, '\\$&').replace(/ $/, '\\ ');
}

/**
 * The insertion that adds `ruleId` to `pattern` in `[tool.bandit.per_file_skips]` of a pyproject.toml (`text`
 * undefined: the file does not exist yet). Undefined when the pattern already lists the id. Throws when the file
 * is not valid TOML or keeps the table in a form this edit cannot extend safely.
 */
export function pyprojectPerFileSkipEdit(text: string | undefined, pattern: string, ruleId: string): TextEdit | undefined {
  const keyText = JSON.stringify(pattern);
  const parsed = (t: string) => parsedBandit(t, (b) => (isTable(b.per_file_skips) && Object.hasOwn(b.per_file_skips, pattern) ? b.per_file_skips[pattern] : undefined));
  const key = new RegExp(`^[ \\t]*(${escapeRegExp(keyText)}|${escapeRegExp(`'${pattern}'`)})[ \\t]*=[ \\t]*`);
  return listEdit(text, { header: PER_FILE_HEADER, headerText: '[tool.bandit.per_file_skips]', key, keyText, what: `per_file_skips ${keyText}`, parsed }, ruleId.toUpperCase());
}
