/**
 * The report model every output format is rendered from: Bandit's results (after thresholds and baseline),
 * errors and metrics. Building it is format-independent, so json/text/sarif/csv agree by construction.
 */
import type { FileError, Finding, Level } from '../types';
import { levelRank } from '../types';

/** One reported issue: a finding plus the file name as reported and Bandit's `code` context. */
export interface ReportIssue {
  finding: Finding;
  /** The file name as given on the command line joined with the relative path (or `<stdin>`). */
  filename: string;
  /** Bandit's get_code(3): numbered context lines, `"N text\n"` each. */
  code: string;
  /** With a baseline: every current issue equal to this one (Bandit cannot tell which is new). */
  candidates?: ReportIssue[];
}

export type LevelKey = 'UNDEFINED' | Level;
const LEVEL_KEYS: LevelKey[] = ['UNDEFINED', 'LOW', 'MEDIUM', 'HIGH'];

/** Bandit's per-file metrics. */
export interface FileMetrics {
  loc: number;
  nosec: number;
  skipped_tests: number;
  [k: `SEVERITY.${string}` | `CONFIDENCE.${string}`]: number;
}

export function emptyMetrics(): FileMetrics {
  const m: FileMetrics = { loc: 0, nosec: 0, skipped_tests: 0 };
  for (const l of LEVEL_KEYS) {
    m[`SEVERITY.${l}`] = 0;
    m[`CONFIDENCE.${l}`] = 0;
  }
  return m;
}

/** Metrics of one analysed file: every finding counts (thresholds only filter the results). */
export function fileMetrics(a: { loc: number; nosec: number; skippedTests: number; findings: readonly Finding[] }): FileMetrics {
  const m = emptyMetrics();
  m.loc = a.loc;
  m.nosec = a.nosec;
  m.skipped_tests = a.skippedTests;
  for (const f of a.findings) {
    m[`SEVERITY.${f.severity}`] = (m[`SEVERITY.${f.severity}`] ?? 0) + 1;
    m[`CONFIDENCE.${f.confidence}`] = (m[`CONFIDENCE.${f.confidence}`] ?? 0) + 1;
  }
  return m;
}

export function addMetrics(into: FileMetrics, m: FileMetrics): void {
  const target = into as unknown as Record<string, number>;
  for (const [k, v] of Object.entries(m as unknown as Record<string, number>)) target[k] = (target[k] ?? 0) + v;
}

export interface ScanReport {
  /** Issues to report (thresholds and baseline applied), sorted by file name (stable). */
  results: ReportIssue[];
  errors: FileError[];
  /** Per file name, plus `_totals`. */
  metrics: Record<string, FileMetrics>;
  generatedAt: Date;
  /** A baseline was applied (results carry candidates). */
  baseline: boolean;
  toolVersion: string;
  /** Rule metadata lookup for formats that describe rules (SARIF). */
  ruleInfo?: (id: string) => { summary: string; name: string } | undefined;
}

/**
 * The longest line a report's code context shows whole. Bandit copies every line in full; a generated line of
 * 400 KB with 30,000 findings on it then makes a 12 GB report, and the CLI ran out of memory building it.
 */
export const CODE_LINE_MAX = 2000;

function clipLine(text: string): string {
  if (text.length <= CODE_LINE_MAX) return text;
  const cut = /[\ud800-\udbff]/.test(text[CODE_LINE_MAX - 1]!) ? CODE_LINE_MAX - 1 : CODE_LINE_MAX; // not inside a surrogate pair
  return `${text.slice(0, cut)} [... ${text.length - cut} more characters]`;
}

/**
 * Bandit's get_code(max_lines=3): lines lmin .. lmin+len(line_range)+1 where lmin = max(1, line - 1). Lines
 * longer than CODE_LINE_MAX are clipped, with the count of what was left out.
 */
export function bandItCode(lines: readonly string[], line: number, lineRangeLength: number, tabbed = false, maxLines = 3): string {
  const max = Math.max(maxLines, 1);
  const lmin = Math.max(1, line - Math.floor(max / 2));
  const lmax = lmin + lineRangeLength + max - 1;
  let out = '';
  for (let n = lmin; n < lmax; n++) {
    const text = lines[n - 1];
    if (text === undefined) break;
    out += `${n}${tabbed ? '\t' : ' '}${clipLine(text)}\n`;
  }
  return out;
}

/**
 * Splits source text into lines as Python's linecache returns them (universal newlines, no terminators). linecache
 * reads through `tokenize.open`, which decodes a UTF-8 BOM away (utf-8-sig): line 1 has no U+FEFF.
 */
export function sourceLines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Whether a finding passes the thresholds (levels, `undefined` = all). */
export function passes(f: Finding, minSeverity: Level | undefined, minConfidence: Level | undefined): boolean {
  return (!minSeverity || levelRank(f.severity) >= levelRank(minSeverity)) && (!minConfidence || levelRank(f.confidence) >= levelRank(minConfidence));
}

/** Bandit's CWE dict: `{id, link}`, or `{}` without a CWE. */
export function cweDict(cwe: number): { id?: number; link?: string } {
  return cwe > 0 ? { id: cwe, link: `https://cwe.mitre.org/data/definitions/${cwe}.html` } : {};
}

export function totals(metrics: Record<string, FileMetrics>): FileMetrics {
  return metrics._totals ?? emptyMetrics();
}
