/**
 * SARIF 2.1.0 for GitHub code scanning: one `rules[]` entry per rule with results (helpUri, tags with the CWE,
 * precision, security-severity), results with level, region and a stable `partialFingerprints` hash.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type * as Sarif from 'sarif';
import type { Level } from '../types';
import { levelRank } from '../types';
import type { ScanReport } from './model';
import { relativeBelow } from '../paths';

const LEVEL: Record<Level, Sarif.Result.level> = { HIGH: 'error', MEDIUM: 'warning', LOW: 'note' };
/** GitHub: >= 7.0 high, 4.0-6.9 medium, < 4.0 low. */
const SECURITY_SEVERITY: Record<Level, string> = { HIGH: '8.0', MEDIUM: '5.5', LOW: '3.0' };

/** A file name as a relative (to cwd) or file:// URI, '/'-separated and percent-encoded. */
export function toUri(filename: string, cwd = process.cwd()): string {
  const abs = path.resolve(cwd, filename);
  const rel = relativeBelow(cwd, abs);
  if (rel !== undefined) return rel.split(path.sep).map(encodeURIComponent).join('/');
  return 'file://' + abs.split(path.sep).map(encodeURIComponent).join('/');
}

/** Stable fingerprint: rule id + file + the reported line's text with whitespace normalised. */
export function fingerprint(ruleId: string, uri: string, lineText: string): string {
  const norm = lineText.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${uri}\0${norm}`).digest('hex').slice(0, 32);
}

/** A UTF-8 byte column on a line as a UTF-16 column. */
function utf16Column(line: string | undefined, byteColumn: number): number {
  if (line === undefined || /^[\x00-\x7f]*$/.test(line)) return byteColumn;
  return Buffer.from(line, 'utf8').subarray(0, byteColumn).toString('utf8').length;
}

export function toSarif(report: ScanReport, lines: (filename: string) => readonly string[] | undefined, cwd = process.cwd()): Sarif.Log {
  const ruleIndex = new Map<string, number>();
  const rules: Sarif.ReportingDescriptor[] = [];
  const maxSeverity = new Map<string, Level>();
  for (const i of report.results) {
    const f = i.finding;
    const cur = maxSeverity.get(f.ruleId);
    if (!cur || levelRank(f.severity) > levelRank(cur)) maxSeverity.set(f.ruleId, f.severity);
  }
  const seen = new Map<string, number>();
  const results: Sarif.Result[] = [];
  for (const i of report.results) {
    const f = i.finding;
    let idx = ruleIndex.get(f.ruleId);
    if (idx === undefined) {
      idx = rules.length;
      ruleIndex.set(f.ruleId, idx);
      const info = report.ruleInfo?.(f.ruleId);
      const tags = ['security'];
      if (f.cwe > 0) tags.push(`external/cwe/cwe-${f.cwe}`);
      rules.push({
        id: f.ruleId,
        // The JSON report's test_name, as Bandit's sarif formatter writes it (`blacklist` for B3xx/B4xx).
        name: f.banditTestName,
        shortDescription: { text: info?.summary ?? f.message },
        fullDescription: { text: f.message },
        helpUri: f.moreInfo,
        help: { text: `${info?.summary ?? f.message}\n${f.moreInfo}`, markdown: `${info?.summary ?? f.message}\n\n[More info](${f.moreInfo})` },
        defaultConfiguration: { level: LEVEL[maxSeverity.get(f.ruleId)!] },
        properties: {
          tags,
          precision: f.confidence === 'HIGH' ? 'high' : f.confidence === 'MEDIUM' ? 'medium' : 'low',
          'security-severity': SECURITY_SEVERITY[maxSeverity.get(f.ruleId)!],
        },
      });
    }
    const uri = toUri(i.filename, cwd);
    const startLine = f.lineRange[0] ?? f.line;
    const endLine = f.lineRange[f.lineRange.length - 1] ?? startLine;
    const src = lines(i.filename);
    // Bandit's columns are UTF-8 bytes; SARIF's default column kind is UTF-16 code units (same for ASCII).
    const startColumn = utf16Column(src?.[startLine - 1], f.colOffset) + 1;
    const endColumn = utf16Column(src?.[endLine - 1], f.endColOffset) + 1;
    const region: Sarif.Region = { startLine, startColumn, endLine };
    if (endLine > startLine || endColumn >= startColumn) region.endColumn = endColumn;
    const lineText = src?.[f.line - 1] ?? '';
    if (src?.[startLine - 1] !== undefined) region.snippet = { text: src[startLine - 1]! };
    const fp = fingerprint(f.ruleId, uri, lineText);
    const n = (seen.get(fp) ?? 0) + 1;
    seen.set(fp, n);
    results.push({
      ruleId: f.ruleId,
      ruleIndex: idx,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region } }],
      partialFingerprints: { primaryLocationLineHash: `${fp}:${n}` },
      properties: {
        issue_severity: f.severity,
        issue_confidence: f.confidence,
        line_number: f.line,
        line_range: f.lineRange,
      },
    });
  }
  const notifications: Sarif.Notification[] = report.errors.map((e) => ({
    level: 'error',
    message: { text: `${e.filename}: ${e.reason}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(e.filename, cwd) } } }],
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vigil',
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt.toISOString(),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export function formatSarif(report: ScanReport, lines: (filename: string) => readonly string[] | undefined): string {
  return JSON.stringify(toSarif(report, lines), null, 2) + '\n';
}
