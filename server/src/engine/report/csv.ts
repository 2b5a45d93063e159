/** Bandit's CSV format (Python csv.DictWriter: minimal quoting, CRLF rows). */
import type { ScanReport } from './model';

const FIELDS = ['filename', 'test_name', 'test_id', 'issue_severity', 'issue_confidence', 'issue_cwe', 'issue_text', 'line_number', 'col_offset', 'end_col_offset', 'line_range', 'more_info'];

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatCsv(report: ScanReport): string {
  const rows = [FIELDS.join(',')];
  for (const i of report.results) {
    const f = i.finding;
    const values = [
      i.filename,
      f.banditTestName,
      f.ruleId,
      f.severity,
      f.confidence,
      f.cwe > 0 ? `https://cwe.mitre.org/data/definitions/${f.cwe}.html` : '',
      f.message,
      String(f.line),
      String(f.colOffset),
      String(f.endColOffset),
      `[${f.lineRange.join(', ')}]`,
      f.moreInfo,
    ];
    rows.push(values.map(cell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
