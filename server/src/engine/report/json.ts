/** Bandit's JSON format: same keys, sorted, indent 2, ASCII-escaped as Python's json.dumps(sort_keys=True). */
import { cweDict, type ReportIssue, type ScanReport } from './model';

/** One `results` entry of Bandit's JSON report (also what a baseline holds: engine/baselineEdit.ts). */
export function banditIssue(i: ReportIssue): Record<string, unknown> {
  const f = i.finding;
  const d: Record<string, unknown> = {
    code: i.code,
    col_offset: f.colOffset,
    end_col_offset: f.endColOffset,
    filename: i.filename,
    issue_confidence: f.confidence,
    issue_cwe: cweDict(f.cwe),
    issue_severity: f.severity,
    issue_text: f.message,
    line_number: f.line,
    line_range: f.lineRange,
    more_info: f.moreInfo,
    test_id: f.ruleId,
    test_name: f.banditTestName,
  };
  // Bandit's json formatter lists the candidates only when there is a choice (`len(results[r]) > 1`).
  if (i.candidates && i.candidates.length > 1) d.candidates = i.candidates.map(banditIssue);
  return d;
}

/** Bandit's `generated_at`: `%Y-%m-%dT%H:%M:%SZ` in UTC. */
export function banditTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toBanditJson(report: ScanReport): Record<string, unknown> {
  return {
    errors: report.errors.map((e) => ({ filename: e.filename, reason: e.reason })),
    generated_at: banditTimestamp(report.generatedAt),
    metrics: report.metrics,
    results: report.results.map(banditIssue),
  };
}

/** Python's json.dumps(obj, sort_keys=True, indent=2, separators=(',', ': ')) (ensure_ascii on). */
export function pythonJson(value: unknown, indent = ''): string {
  const inner = indent + '  ';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[\n' + value.map((v) => inner + pythonJson(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(value as object).sort();
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => inner + pythonJson(k) + ': ' + pythonJson((value as Record<string, unknown>)[k], inner)).join(',\n') + '\n' + indent + '}';
}

export function formatJson(report: ScanReport): string {
  return pythonJson(toBanditJson(report));
}
