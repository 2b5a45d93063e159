/** Applying fixes to text: non-overlapping edits, safe-only or with unsafe fixes. */
import type { Node } from './parser';
import type { Finding, Fix, TextEdit } from './types';

/** Applies edits (UTF-16 offsets into `text`); edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Edits that merely touch conflict too: two insertions at one point (their order would be arbitrary), or an
  // insertion where another edit's span begins or ends (`f(a, verify=False)`: removing `verify=False` and
  // appending `, timeout=30` after it leaves `f(a, , timeout=30)`). The later one waits for the next pass.
  return a.start <= b.end && b.start <= a.end;
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

/** Whether an edit overlaps or touches an ERROR or MISSING node (ancestors included) under `node`. */
function touchesError(node: Node, e: TextEdit): boolean {
  if (node.endIndex < e.start || e.end < node.startIndex) return false;
  if (node.isError || node.isMissing) return true;
  if (!node.hasError) return false;
  // Only the children that reach the edit: from the first one ending at or after its start (zero-width ones
  // included) to the last one starting at or before its end. Reading all of them, the module's hundreds of
  // statements on every check, cost the editor ~0.2 ms per keystroke in files with errors and import fixes.
  // tree-sitter's `nextSibling` skips zero-width children at the end of the one before (a statement followed by an
  // empty ERROR or MISSING node), and with them the error; `previousSibling` and `lastChild` do not, so they fill
  // the gaps. (web-tree-sitter's cursor `gotoFirstChildForIndex` would avoid this but does not move correctly.)
  const behind = (from: Node | null, c: Node): boolean => {
    for (let z = from; z && z.id !== c.id && z.startIndex >= c.endIndex; z = z.previousSibling) if (touchesError(z, e)) return true;
    return false;
  };
  for (let c = e.start > 0 ? node.firstChildForIndex(e.start - 1) : node.firstChild; c && c.startIndex <= e.end; ) {
    if (touchesError(c, e)) return true;
    const next: Node | null = c.nextSibling;
    if (next ? next.previousSibling?.id !== c.id && behind(next.previousSibling, c) : behind(node.lastChild, c)) return true;
    c = next;
  }
  return false;
}

/**
 * Drops fixes with an edit inside, across or next to an ERROR/MISSING node: tree-sitter's recovery there may
 * not be Python's structure (a whole file can sit under one ERROR node), so no fix is offered for that code.
 */
export function withoutErrorEdits(fixes: Fix[], root: Node): Fix[] {
  if (fixes.length === 0 || !root.hasError) return fixes;
  return fixes.filter((f) => !f.edits.some((e) => touchesError(root, e)));
}

/** Whether `withoutErrorEdits` would drop a fix with an edit at `[start, end]`. */
export function editTouchesError(root: Node, start: number, end: number): boolean {
  return root.hasError && touchesError(root, { start, end, text: '' });
}
