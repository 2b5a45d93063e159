/** Applying fixes to text: non-overlapping edits, safe-only or with unsafe fixes. */
import type { Finding, Fix, TextEdit } from './types';

/** Applies edits (UTF-16 offsets into `text`); edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict too (their order would be arbitrary).
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Picks, for each finding, its first fix allowed by `unsafe`, skipping fixes whose edits overlap an edit
 * already chosen (they are picked up on the next pass). Identical edits from two findings (the same import
 * added twice) are merged.
 */
export function selectFixes(findings: readonly Finding[], unsafe: boolean): { fixes: Fix[]; edits: TextEdit[] } {
  const chosen: TextEdit[] = [];
  const fixes: Fix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => unsafe || x.safety === 'safe');
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !chosen.some((c) => c.start === e.start && c.end === e.end && c.text === e.text));
    if (fresh.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fresh);
    fixes.push(fix);
  }
  return { fixes, edits: chosen };
}
