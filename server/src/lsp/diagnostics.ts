/**
 * Findings -> LSP diagnostics: code = rule id, codeDescription = rule docs, severity from Bandit severity ×
 * confidence (or the user's override), `data` naming the finding (protocol.ts DiagnosticData).
 */
import { randomBytes } from 'node:crypto';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { FolderBaseline } from '../engine/baseline';
import { passesThreshold } from '../engine/engine';
import { samePlaceAs } from '../engine/incremental';
import type { Finding, Level } from '../engine/types';
import { SOURCE, type DiagnosticData, type SeverityName, type Settings } from '../protocol';

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

/** Converts one finding. */
export function toDiagnostic(f: Finding, s: Settings): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, line: f.line };
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

/**
 * The last diagnostic made from each finding object, for a document. Incremental re-analysis hands back the same
 * Finding object for a unit no edit moved (engine/incremental.ts), whose range is then unchanged too; a finding
 * moved by offsets only (an edit on an earlier line that added no line) is looked up as the finding it was moved
 * from (`samePlaceAs`): its rows and columns are the same. Either way the diagnostic is the very same object, so
 * an unchanged result is recognised by identity (`sameDiagnostics`).
 */
const converted = new WeakMap<Finding, { s: Settings; uri: string; d: Diagnostic }>();

/** Whether two diagnostics made by `toDiagnostic` have the same content (so either can stand for the other). */
function sameContent(a: Diagnostic, b: Diagnostic): boolean {
  const [ra, rb] = [a.range, b.range];
  const [da, db] = [a.data as DiagnosticData, b.data as DiagnosticData];
  return (
    ra.start.line === rb.start.line && ra.start.character === rb.start.character && ra.end.line === rb.end.line && ra.end.character === rb.end.character &&
    a.code === b.code && a.severity === b.severity && a.message === b.message && da.line === db.line && da.ruleId === db.ruleId &&
    a.codeDescription?.href === b.codeDescription?.href && (a.tags?.length ?? 0) === (b.tags?.length ?? 0) && (a.tags ?? []).every((t, i) => t === b.tags![i])
  );
}

/**
 * Filters by the thresholds and converts, reusing the diagnostic of a finding seen in an earlier version of the
 * document `uri` (undefined: a closed file's scan result, converted anew). A finding of a unit that was checked
 * again (an edit in its function) is a new object: when `previous` (the document's last diagnostics) holds one
 * with the same content, that very object is reused too.
 */
export function toDiagnostics(findings: readonly Finding[], s: Settings, uri: string | undefined, previous?: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let byLine: Map<number, Diagnostic[]> | undefined;
  for (const f of findings) {
    if (!passesSettings(f, s)) continue;
    if (uri === undefined) {
      out.push(toDiagnostic(f, s));
      continue;
    }
    const key = samePlaceAs(f) ?? f;
    const hit = converted.get(key);
    if (hit && hit.s === s && hit.uri === uri) {
      out.push(hit.d);
      continue;
    }
    let d = toDiagnostic(f, s);
    if (previous?.length) {
      if (!byLine) {
        byLine = new Map();
        for (const p of previous) {
          if (!vigilData(p)) continue; // notices
          const at = byLine.get(p.range.start.line);
          if (at) at.push(p);
          else byLine.set(p.range.start.line, [p]);
        }
      }
      const fresh = d;
      d = byLine.get(d.range.start.line)?.find((p) => sameContent(p, fresh)) ?? d;
    }
    converted.set(key, { s, uri, d });
    out.push(d);
  }
  return out;
}

/** Whether two results hold the very same diagnostic objects in the same order (so the same content). */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
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
  if (!data || typeof data.ruleId !== 'string' || typeof data.line !== 'number') return undefined;
  return { ruleId: data.ruleId, line: data.line };
}
