/**
 * Bandit's screen/txt format: `>> Issue: [B602:name] text`, Severity, CWE, More Info, Location, the code,
 * then the metrics summary and the skipped files. Coloured only when asked (the CLI decides: TTY, NO_COLOR).
 */
import { bandItCode, totals, type ReportIssue, type ScanReport } from './model';
import type { Level } from '../types';

const COLOR = {
  HEADER: '\x1b[95m',
  LOW: '\x1b[94m',
  MEDIUM: '\x1b[93m',
  HIGH: '\x1b[91m',
  DEFAULT: '\x1b[0m',
} as const;

export interface TextOptions {
  color: boolean;
  /** The source lines of a file, for the tabbed code context (undefined: use the issue's JSON code). */
  lines?: (filename: string) => readonly string[] | undefined;
  /** Bandit -q: print nothing when there are no results. */
  quiet?: boolean;
  /** Bandit -n: lines of code around each issue (default 3). */
  maxLines?: number;
}

function cap(l: string): string {
  return l.charAt(0) + l.slice(1).toLowerCase();
}

function issueBlock(i: ReportIssue, indent: string, opts: TextOptions, showLine = true, showCode = true): string {
  const f = i.finding;
  const c = (level: Level | 'HEADER', s: string) => (opts.color ? `${COLOR[level]}${s}${COLOR.DEFAULT}` : s);
  const out: string[] = [];
  out.push(c(f.severity, `${indent}>> Issue: [${f.ruleId}:${f.banditTestName}] ${f.message}`));
  out.push(`${indent}   Severity: ${cap(f.severity)}   Confidence: ${cap(f.confidence)}`);
  if (f.cwe > 0) out.push(`${indent}   CWE: CWE-${f.cwe} (https://cwe.mitre.org/data/definitions/${f.cwe}.html)`);
  out.push(`${indent}   More Info: ${f.moreInfo}`);
  out.push(`${indent}   Location: ${i.filename}:${showLine ? `${f.line}:${f.colOffset}` : ''}`);
  if (showCode) {
    const lines = opts.lines?.(i.filename);
    const code = lines ? bandItCode(lines, f.line, f.lineRange.length, true, opts.maxLines) : i.code.replace(/^(\d+) /gm, '$1\t');
    out.push(...code.split('\n').map((l) => indent + l));
  }
  return out.join('\n');
}

export function formatText(report: ScanReport, opts: TextOptions): string {
  if (opts.quiet && report.results.length === 0) return '';
  const bits: string[] = [];
  const header = (s: string) => (opts.color ? s.replace(/^(\n?)(.*)$/s, `$1${COLOR.HEADER}$2${COLOR.DEFAULT}`) : s);
  bits.push(`Run started:${report.generatedAt.toISOString().replace('T', ' ').replace('Z', '')}`);
  bits.push(header('\nTest results:'));
  if (report.results.length === 0) bits.push('\tNo issues identified.');
  for (const i of report.results) {
    if (!report.baseline || !i.candidates || i.candidates.length <= 1) bits.push(issueBlock(i, '', opts));
    else {
      bits.push(issueBlock(i, '', opts, false, false));
      bits.push('\n-- Candidate Issues --');
      for (const cand of i.candidates) {
        bits.push(issueBlock(cand, ' '.repeat(10), opts));
        bits.push('\n');
      }
    }
    bits.push('-'.repeat(50));
  }
  const t = totals(report.metrics);
  bits.push(header('\nCode scanned:'));
  bits.push(`\tTotal lines of code: ${t.loc}`);
  bits.push(`\tTotal lines skipped (#nosec): ${t.nosec}`);
  bits.push(`\tTotal potential issues skipped due to specifically being disabled (e.g., #nosec BXXX): ${t.skipped_tests}`);
  bits.push(header('\nRun metrics:'));
  for (const kind of ['SEVERITY', 'CONFIDENCE'] as const) {
    bits.push(`\tTotal issues (by ${kind.toLowerCase()}):`);
    for (const l of ['UNDEFINED', 'LOW', 'MEDIUM', 'HIGH']) bits.push(`\t\t${cap(l)}: ${t[`${kind}.${l}`] ?? 0}`);
  }
  bits.push(header(`Files skipped (${report.errors.length}):`));
  for (const e of report.errors) bits.push(`\t${e.filename} (${e.reason})`);
  return bits.join('\n') + '\n';
}
