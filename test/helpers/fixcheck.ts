/**
 * Fix validation: applies every fix of every finding to a file (separately), re-parses and re-analyses, and
 * checks that the fix (a) adds no syntax error, (b) removes its finding, (c) adds no other finding, (d) keeps
 * the file's line endings and indentation; then checks that fix-all (safe fixes, and all fixes) converges,
 * is idempotent and leaves nothing fixable behind. Shared by test/fix-validation.test.ts (a seeded corpus
 * sample and every rule fixture) and scripts/validate-fixes.ts (whole corpora).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../server/src/engine/engine';
import type { Node, Tree } from '../../server/src/engine/parser';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/types';
import { applyEdits, selectFixes } from '../../server/src/engine/fixes';
import { rng } from './random';

export interface FixFailure {
  file: string;
  crlf: boolean;
  ruleId: string;
  /** 1-based reported line of the finding (0 for fix-all failures). */
  line: number;
  fix: string;
  check: 'bounds' | 'syntax' | 'error-node' | 'not-removed' | 'new-finding' | 'eol' | 'indent' | 'fixall';
  detail: string;
}

export interface FileReport {
  findings: number;
  /** Findings that offer at least one fix. */
  fixable: number;
  /** Fixes applied and checked. */
  fixes: number;
  failures: FixFailure[];
  /** Per rule id: fixes checked (safe/unsafe). */
  perRule: Map<string, { safe: number; unsafe: number }>;
}

export interface CheckOptions {
  /** Plugin options / filename for the analysis (fixtures' `# vigil-test:` header). */
  filename: string;
  plugins?: Record<string, Record<string, unknown>>;
  ignoreNosec?: boolean;
  enabled?: ReadonlySet<string>;
  /** Check at most this many fixes per file (a deterministic spread); undefined = all. */
  maxFixes?: number;
  /** Also run fix-all checks (default true). */
  fixAll?: boolean;
}

interface Analysed {
  findings: Finding[];
  errors: string[];
  errorRanges: [number, number][];
  /** 0-based row of each entry of `errors`. */
  errorRows: number[];
}

function analyse(engine: Engine, src: string, o: CheckOptions): Analysed {
  const tree: Tree = engine.parse(src);
  try {
    const res = engine.analyze(tree, src, {
      ...(o.enabled ? { enabled: o.enabled } : {}),
      ignoreNosec: o.ignoreNosec ?? false,
      options: { filename: o.filename, plugins: (o.plugins ?? {}) as never },
    });
    const errors: string[] = [];
    const errorRanges: [number, number][] = [];
    const errorRows: number[] = [];
    const walk = (n: Node): void => {
      if (n.isError || n.isMissing) {
        errors.push(`${n.isMissing ? 'MISSING' : 'ERROR'} ${n.type} ${JSON.stringify(n.text.slice(0, 40))}`);
        errorRanges.push([n.startIndex, n.endIndex]);
        errorRows.push(n.startPosition.row);
        if (n.isError) return;
      }
      if (!n.hasError) return;
      for (const c of n.children) walk(c);
    };
    if (tree.rootNode.hasError) walk(tree.rootNode);
    return { findings: res.findings, errors, errorRanges, errorRows };
  } finally {
    tree.delete();
  }
}

function lineStarts(src: string): number[] {
  const out = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function startOffset(ls: number[], f: Finding): number {
  return (ls[f.range.start.row] ?? 0) + f.range.start.column;
}

/** Maps an offset of the original text through non-overlapping edits (insertions at `p` shift `p`). */
export function mapOffset(p: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end <= p && (e.start < p || e.start === e.end)) delta += e.text.length - (e.end - e.start);
    else if (e.start < p && p < e.end) return e.start + delta; // inside a replaced span: its start
  }
  return p + delta;
}

const key = (f: Finding): string => `${f.ruleId}\u0000${f.message}`;

function multiset(fs: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of fs) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

/** Findings in `after` beyond the multiset of `before`. */
function added(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const m = multiset(before);
  const out: Finding[] = [];
  for (const f of after) {
    const n = m.get(key(f)) ?? 0;
    if (n > 0) m.set(key(f), n - 1);
    else out.push(f);
  }
  return out;
}

/** Error nodes of `after` beyond the multiset of `before`. */
function newErrors(before: readonly string[], after: readonly string[]): string[] {
  const m = new Map<string, number>();
  for (const e of before) m.set(e, (m.get(e) ?? 0) + 1);
  const out: string[] = [];
  for (const e of after) {
    const n = m.get(e) ?? 0;
    if (n > 0) m.set(e, n - 1);
    else out.push(e);
  }
  return out;
}

function eolCounts(s: string): { crlf: number; lf: number } {
  let crlf = 0;
  let lf = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
    if (i > 0 && s.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return { crlf, lf };
}

/** The file's indentation character (space or tab), from the first indented code line. */
function indentChar(src: string): string | undefined {
  const m = /\n([ \t])[ \t]*[^ \t\r\n#]/.exec(src);
  return m?.[1];
}

function checkEdits(src: string, edits: readonly TextEdit[]): { check: FixFailure['check']; detail: string } | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= src.length)) {
      return { check: 'bounds', detail: `edit ${e.start}-${e.end} outside 0-${src.length}` };
    }
    const next = sorted[i + 1];
    if (next && (next.start < e.end || (next.start === e.start && next.end === e.end && e.start === e.end))) {
      return { check: 'bounds', detail: `edits overlap at ${next.start}` };
    }
    // A surrogate pair split in half.
    for (const p of [e.start, e.end]) {
      const c = src.charCodeAt(p);
      if (p > 0 && p < src.length && c >= 0xdc00 && c <= 0xdfff) return { check: 'bounds', detail: `edit splits a surrogate pair at ${p}` };
    }
  }
  return undefined;
}

function indentProblem(src: string, edits: readonly TextEdit[]): string | undefined {
  const ch = indentChar(src);
  for (const e of edits) {
    const ls = src.lastIndexOf('\n', e.start - 1) + 1;
    const W = /^[ \t]*/.exec(src.slice(ls, ls + 200))![0];
    if (e.start < ls + W.length && e.start > ls) return `edit at ${e.start} cuts into the indentation of its line`;
    const lines = e.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i === 0 && e.start !== ls) continue;
      const l = lines[i]!.replace(/\r$/, '');
      if (/^[ \t]*$/.test(l)) continue;
      const ind = /^[ \t]*/.exec(l)![0];
      if (!ind.startsWith(W)) return `inserted line ${JSON.stringify(l.slice(0, 60))} is indented less than its statement (${JSON.stringify(W)})`;
      const want = W.length > 0 ? W[0] : ch;
      if (want && ind.length > 0 && [...ind].some((c) => c !== want)) return `inserted line ${JSON.stringify(l.slice(0, 60))} mixes tabs and spaces`;
    }
  }
  return undefined;
}

function lineOf(src: string, offset: number): string {
  const ls = src.lastIndexOf('\n', offset - 1) + 1;
  const le = src.indexOf('\n', offset);
  return src.slice(ls, le < 0 ? src.length : le).replace(/\r$/, '');
}

function describe(f: Finding): string {
  return `${f.ruleId}@${f.line}: ${f.message}`;
}

/** Picks up to `n` items spread evenly over the list (deterministic). */
function spread<T>(items: readonly T[], n: number | undefined): T[] {
  if (n === undefined || items.length <= n) return [...items];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor((i * items.length) / n)]!);
  return out;
}

/** Checks every fix of every finding in `src`, and fix-all. */
export function checkFile(engine: Engine, src: string, o: CheckOptions, label: { file: string; crlf: boolean }): FileReport {
  const report: FileReport = { findings: 0, fixable: 0, fixes: 0, failures: [], perRule: new Map() };
  const fail = (f: Omit<FixFailure, 'file' | 'crlf'>): void => {
    report.failures.push({ file: label.file, crlf: label.crlf, ...f });
  };
  const base = analyse(engine, src, o);
  report.findings = base.findings.length;
  const ls = lineStarts(src);
  const eol = eolCounts(src);
  const pairs: [Finding, Fix][] = [];
  for (const f of base.findings) {
    if (f.fixes.length > 0) report.fixable++;
    for (const fix of f.fixes) pairs.push([f, fix]);
  }
  for (const [f, fix] of spread(pairs, o.maxFixes)) {
    report.fixes++;
    const pr = report.perRule.get(f.ruleId) ?? { safe: 0, unsafe: 0 };
    pr[fix.safety]++;
    report.perRule.set(f.ruleId, pr);
    const ctx = { ruleId: f.ruleId, line: f.line, fix: fix.title };
    const where = `\n    before: ${lineOf(src, startOffset(ls, f))}`;
    if (fix.edits.length === 0) {
      fail({ ...ctx, check: 'bounds', detail: 'fix has no edits' });
      continue;
    }
    const bad = checkEdits(src, fix.edits);
    if (bad) {
      fail({ ...ctx, ...bad });
      continue;
    }
    const touched = fix.edits.find((e) => base.errorRanges.some(([s, t]) => e.start < t && s < e.end));
    if (touched) fail({ ...ctx, check: 'error-node', detail: `edit ${touched.start}-${touched.end} touches an ERROR/MISSING node` });
    const fixed = applyEdits(src, fix.edits);
    const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
    const after = analyse(engine, fixed, o);
    const afterLine = `\n    after:  ${lineOf(fixed, mapOffset(startOffset(ls, f), sorted))}`;
    const errs = newErrors(base.errors, after.errors);
    if (errs.length > 0) fail({ ...ctx, check: 'syntax', detail: `new ${errs.slice(0, 3).join('; ')}${where}${afterLine}` });
    const at = mapOffset(startOffset(ls, f), sorted);
    const fls = lineStarts(fixed);
    const still = after.findings.find((g) => g.ruleId === f.ruleId && startOffset(fls, g) === at);
    if (still) fail({ ...ctx, check: 'not-removed', detail: `still reported: ${describe(still)}${where}${afterLine}` });
    const extra = added(base.findings, after.findings);
    if (extra.length > 0) fail({ ...ctx, check: 'new-finding', detail: `${extra.map(describe).join('; ')}${where}${afterLine}` });
    const e2 = eolCounts(fixed);
    if (eol.lf === 0 && eol.crlf > 0 && e2.lf > 0) fail({ ...ctx, check: 'eol', detail: `CRLF file got ${e2.lf} LF line ending(s)${afterLine}` });
    if (eol.crlf === 0 && e2.crlf > 0) fail({ ...ctx, check: 'eol', detail: `LF file got ${e2.crlf} CRLF line ending(s)${afterLine}` });
    const ind = indentProblem(src, fix.edits);
    if (ind) fail({ ...ctx, check: 'indent', detail: `${ind}${where}${afterLine}` });
  }
  if (o.fixAll ?? true) {
    for (const unsafe of [false, true]) fixAll(engine, src, base, o, unsafe, fail);
  }
  return report;
}

function fixAll(
  engine: Engine,
  src: string,
  base: Analysed,
  o: CheckOptions,
  unsafe: boolean,
  fail: (f: Omit<FixFailure, 'file' | 'crlf'>) => void,
): void {
  const mode = unsafe ? 'fix-all (unsafe too)' : 'fix-all (safe)';
  if (!base.findings.some((f) => f.fixes.some((x) => unsafe || x.safety === 'safe'))) return;
  let text = src;
  let cur = base;
  let passes = 0;
  for (; passes <= 10; passes++) {
    const { edits } = selectFixes(cur.findings, unsafe);
    if (edits.length === 0) break;
    if (passes === 10) break;
    const bad = checkEdits(text, edits);
    if (bad) {
      fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: `pass ${passes + 1}: ${bad.detail}` });
      return;
    }
    text = applyEdits(text, edits);
    cur = analyse(engine, text, o);
  }
  if (passes >= 10) {
    fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: 'did not converge within 10 passes' });
    return;
  }
  // Idempotent: one more pass changes nothing; nothing fixable is left.
  const again = selectFixes(cur.findings, unsafe);
  if (again.edits.length > 0) fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: 'not idempotent' });
  const left = cur.findings.filter((f) => f.fixes.some((x) => unsafe || x.safety === 'safe'));
  if (left.length > 0) fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: `fixable findings left: ${left.slice(0, 3).map(describe).join('; ')}` });
  const errs = newErrors(base.errors, cur.errors);
  if (errs.length > 0) {
    const row = cur.errorRows[cur.errors.indexOf(errs[0]!)] ?? 0;
    const lines = text.split('\n').slice(Math.max(0, row - 2), row + 2).map((l) => `\n    | ${l.replace(/\r$/, '')}`);
    fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: `new syntax errors: ${errs.slice(0, 3).join('; ')} near line ${row + 1}:${lines.join('')}` });
  }
  const extra = added(base.findings, cur.findings);
  if (extra.length > 0) fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: `new findings: ${extra.slice(0, 3).map(describe).join('; ')}` });
  const e1 = eolCounts(src);
  const e2 = eolCounts(text);
  if ((e1.lf === 0 && e1.crlf > 0 && e2.lf > 0) || (e1.crlf === 0 && e2.crlf > 0)) fail({ ruleId: '*', line: 0, fix: mode, check: 'fixall', detail: 'line endings changed' });
}

/** The same text with every line ending CRLF. */
export function toCrlf(src: string): string {
  return src.replace(/\r?\n/g, '\r\n');
}

/** All *.py files under `dir`, sorted. */
export function listPython(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}


/** A deterministic sample of `n` items. */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const r = rng(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/** Fixture options from a `# vigil-test: {...}` first line. */
export function fixtureHeader(src: string): { plugins?: Record<string, Record<string, unknown>>; filename?: string; ignoreNosec?: boolean } {
  const m = /^#\s*vigil-test:\s*(\{.*\})\s*$/.exec(src.split(/\r?\n/, 1)[0] ?? '');
  return m ? (JSON.parse(m[1]!) as never) : {};
}

export function formatFailure(f: FixFailure): string {
  return `${f.file}${f.crlf ? ' [CRLF]' : ''}: ${f.ruleId}@${f.line} "${f.fix}" ${f.check}: ${f.detail}`;
}
