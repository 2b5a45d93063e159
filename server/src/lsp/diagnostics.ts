/**
 * Findings -> LSP diagnostics: code = rule id, codeDescription = rule docs, severity from Bandit severity ×
 * confidence (or the user's override), `data` with everything code actions need for this document version.
 */
import { createHash } from 'node:crypto';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { passesThreshold } from '../engine/engine';
import type { Finding, Level } from '../engine/types';
import { SOURCE, type DataEdit, type DiagnosticData, type SeverityName, type Settings } from '../protocol';

/** Rules about deprecated APIs (tempfile.mktemp, ssl.wrap_socket without a version). */
const DEPRECATED = new Set(['B306', 'B504']);

const BY_NAME: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** HIGH→Error, MEDIUM→Warning, LOW→Information; LOW confidence drops one level (Hint at the bottom). */
export function mapSeverity(severity: Level, confidence: Level, override?: SeverityName): DiagnosticSeverity {
  if (override) return BY_NAME[override];
  let s: number = severity === 'HIGH' ? DiagnosticSeverity.Error : severity === 'MEDIUM' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
  if (confidence === 'LOW') s = Math.min(s + 1, DiagnosticSeverity.Hint);
  return s as DiagnosticSeverity;
}

const upper = (l: string) => l.toUpperCase() as Level;

/** Whether a finding passes the vigil.minSeverity / vigil.minConfidence thresholds. */
export function passesSettings(f: Finding, s: Settings): boolean {
  return passesThreshold(f, upper(s.minSeverity), upper(s.minConfidence));
}

/**
 * Converts one finding. `doc` is the analysed text (fix offsets become ranges of that version); without it (a
 * workspace-scan result for a closed file) the fixes are left out and `version` is -1, so no code action uses them.
 */
export function toDiagnostic(f: Finding, s: Settings, doc: TextDocument | undefined): Diagnostic {
  const fixes: DiagnosticData['fixes'] = doc
    ? f.fixes.map((fix) => ({
        title: fix.title,
        safety: fix.safety,
        edits: fix.edits.map((e): DataEdit => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text })),
      }))
    : [];
  const data: DiagnosticData = { version: doc ? doc.version : -1, ruleId: f.ruleId, line: f.line, lineRange: f.lineRange, fixes };
  const d: Diagnostic = {
    range: {
      start: { line: f.range.start.row, character: f.range.start.column },
      end: { line: f.range.end.row, character: f.range.end.column },
    },
    severity: mapSeverity(f.severity, f.confidence, s.severityOverrides[f.ruleId]),
    code: f.ruleId,
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.moreInfo) d.codeDescription = { href: f.moreInfo };
  if (DEPRECATED.has(f.ruleId)) d.tags = [DiagnosticTag.Deprecated];
  return d;
}

/** Filters by the thresholds and converts. */
export function toDiagnostics(findings: readonly Finding[], s: Settings, doc: TextDocument | undefined): Diagnostic[] {
  return findings.filter((f) => passesSettings(f, s)).map((f) => toDiagnostic(f, s, doc));
}

/** The pull-diagnostics result id: a hash of the text and everything that shapes the result. */
export function resultId(text: string, key: string): string {
  return createHash('sha1').update(key).update('\0').update(text).digest('hex').slice(0, 20);
}

/** Whether a diagnostic is ours and carries data. */
export function vigilData(d: Diagnostic): DiagnosticData | undefined {
  if (d.source !== SOURCE) return undefined;
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.version !== 'number' || typeof data.ruleId !== 'string' || typeof data.line !== 'number') return undefined;
  return { version: data.version, ruleId: data.ruleId, line: data.line, lineRange: Array.isArray(data.lineRange) ? data.lineRange : [], fixes: Array.isArray(data.fixes) ? data.fixes : [] };
}
