/** `--fix` / `--unsafe-fixes`: apply fixes in place until stable (max 10 passes), keeping line endings. */
import { selectFixes, applyEdits } from '../engine/fixes';
import type { FileAnalysis } from '../engine/analyze';
import type { Finding, TextEdit } from '../engine/types';

export const MAX_FIX_PASSES = 10;

/** The file's line ending (the first one found; `\n` when there is none). */
export function detectEol(text: string): '\r\n' | '\n' | '\r' {
  const m = /\r\n|\n|\r/.exec(text);
  return (m?.[0] as '\r\n' | '\n' | '\r' | undefined) ?? '\n';
}

/** Rewrites the line breaks an edit inserts to the file's own line ending. */
export function adaptEdit(e: TextEdit, eol: string): TextEdit {
  if (eol === '\n' || !/[\r\n]/.test(e.text)) return e;
  return { ...e, text: e.text.replace(/\r\n|\r|\n/g, eol) };
}

export interface FixOutcome {
  text: string;
  /** The fixes applied, in order (title, rule id, line at the time it was applied). */
  applied: { ruleId: string; title: string; line: number }[];
  /** The analysis of the final text. */
  analysis: FileAnalysis;
  passes: number;
}

/**
 * Applies the first allowed fix of each selected finding, re-analysing after every pass, until no fix applies
 * or MAX_FIX_PASSES. `select` decides which findings may be fixed (thresholds).
 */
export function fixText(
  text: string,
  analyze: (text: string) => FileAnalysis,
  unsafe: boolean,
  select: (f: Finding) => boolean,
  first?: FileAnalysis,
): FixOutcome {
  const eol = detectEol(text);
  let analysis = first ?? analyze(text);
  const applied: FixOutcome['applied'] = [];
  let passes = 0;
  for (; passes < MAX_FIX_PASSES; passes++) {
    const candidates = analysis.findings.filter(select);
    const { fixes, edits } = selectFixes(candidates, unsafe);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits.map((e) => adaptEdit(e, eol)));
    if (next === text) break;
    for (const fix of fixes) {
      const f = candidates.find((c) => c.fixes.includes(fix))!;
      applied.push({ ruleId: f.ruleId, title: fix.title, line: f.line });
    }
    text = next;
    analysis = analyze(text);
  }
  return { text, applied, analysis, passes };
}
