/**
 * Findings -> LSP diagnostics: code = rule id, codeDescription = rule docs, severity from Bandit severity ×
 * confidence (or the user's override), `data` with everything code actions need for this document version.
 */
import { randomBytes } from 'node:crypto';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FolderBaseline } from '../engine/baseline';
import { passesThreshold } from '../engine/engine';
import { samePlaceAs } from '../engine/incremental';
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
 * The findings a document shows: with a baseline, those that pass the thresholds and that the baseline does not
 * hold (Bandit compares after its level filters); without one, all (toDiagnostics applies the thresholds).
 */
export function shownFindings(findings: readonly Finding[], s: Settings, baseline: FolderBaseline | undefined, absPath: string | undefined): readonly Finding[] {
  return baseline && absPath ? baseline.newFindings(findings.filter((f) => passesSettings(f, s)), absPath) : findings;
}

/**
 * Converts one finding. `doc` is the analysed text (fix offsets become ranges of that version); without it (a
 * workspace-scan result for a closed file) the fixes are left out and `version` is -1, so no code action uses them.
 * Typed with only the fields `withVersion` copies: setting another one fails to compile.
 */
export function toDiagnostic(f: Finding, s: Settings, doc: TextDocument | undefined): Pick<Diagnostic, CopiedDiagnosticFields> {
  const fixes: DiagnosticData['fixes'] = doc
    ? f.fixes.map((fix) => ({
        title: fix.title,
        safety: fix.safety,
        edits: fix.edits.map((e): DataEdit => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text })),
      }))
    : [];
  const data: DiagnosticData = { version: doc ? doc.version : -1, ruleId: f.ruleId, line: f.line, lines: [f.lineRange[0] ?? f.line, f.lineRange[f.lineRange.length - 1] ?? f.line], fixes };
  const d: Pick<Diagnostic, CopiedDiagnosticFields> = {
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

/**
 * The last diagnostic made from each finding object, for a document's text. Incremental re-analysis hands back
 * the same Finding object for a unit no edit moved (engine/incremental.ts), whose ranges and fix positions are
 * then unchanged too: only the document version in `data` is new. A finding moved by offsets only (an edit on an
 * earlier line that added no line) is looked up as the finding it was moved from (`samePlaceAs`): its rows and
 * columns are the same.
 */
const converted = new WeakMap<Finding, { s: Settings; uri: string; d: Diagnostic }>();

/**
 * The Diagnostic fields `toDiagnostic` sets and `withVersion` copies, and the DiagnosticData fields it copies: a
 * field added to either must be copied there too (the checks below fail to compile until it is named here).
 */
type CopiedDiagnosticFields = 'range' | 'severity' | 'code' | 'source' | 'message' | 'data' | 'codeDescription' | 'tags';
type CopiedDataFields = 'version' | 'ruleId' | 'line' | 'lines' | 'fixes';
const everyDataFieldCopied: [Exclude<keyof DiagnosticData, CopiedDataFields>] extends [never] ? true : never = true;
void everyDataFieldCopied;

/** The diagnostic with `data.version` set to `version` (a copy, made as literals: hundreds per keystroke). */
function withVersion(d: Diagnostic, version: number): Diagnostic {
  const data = d.data as DiagnosticData;
  if (data.version === version) return d;
  const out: Diagnostic = {
    range: d.range,
    severity: d.severity,
    code: d.code,
    source: d.source,
    message: d.message,
    data: { version, ruleId: data.ruleId, line: data.line, lines: data.lines, fixes: data.fixes },
  };
  if (d.codeDescription) out.codeDescription = d.codeDescription;
  if (d.tags) out.tags = d.tags;
  return out;
}

/** Filters by the thresholds and converts (reusing the conversion of findings seen in an earlier version). */
export function toDiagnostics(findings: readonly Finding[], s: Settings, doc: TextDocument | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    if (!passesSettings(f, s)) continue;
    if (!doc) {
      out.push(toDiagnostic(f, s, doc));
      continue;
    }
    const key = samePlaceAs(f) ?? f;
    const hit = converted.get(key);
    if (hit && hit.s === s && hit.uri === doc.uri) {
      out.push(withVersion(hit.d, doc.version));
      continue;
    }
    const d = toDiagnostic(f, s, doc);
    converted.set(key, { s, uri: doc.uri, d });
    out.push(d);
  }
  return out;
}

/**
 * Pull-diagnostics result ids: a new one for every analysis (O(1): no hash of the text per keystroke). The random
 * prefix keeps an id a client got from an earlier server process from matching.
 */
export function resultIds(): () => string {
  const prefix = randomBytes(6).toString('hex');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

/** Whether a diagnostic is ours and carries data. */
export function vigilData(d: Diagnostic): DiagnosticData | undefined {
  if (d.source !== SOURCE) return undefined;
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.version !== 'number' || typeof data.ruleId !== 'string' || typeof data.line !== 'number') return undefined;
  const lines: [number, number] =
    Array.isArray(data.lines) && data.lines.length === 2 && data.lines.every((n) => Number.isInteger(n)) && data.lines[0] <= data.lines[1] ? data.lines : [data.line, data.line];
  return { version: data.version, ruleId: data.ruleId, line: data.line, lines, fixes: Array.isArray(data.fixes) ? data.fixes : [] };
}
