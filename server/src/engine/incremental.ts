/**
 * Incremental re-analysis for the editor: a keystroke inside one function re-checks that function only.
 *
 * The module is partitioned into analysis units: each top-level statement, except that a class is split into its
 * header (decorators, name, bases) and the statements of its body (recursively), an ERROR node that holds
 * statements is split like a class body, and a function (with its decorators) is one unit (units.ts). Findings
 * are cached per unit, before suppression. After edits, a unit whose rows no edit touched is reused, shifted by
 * the edits before it; the others are re-analysed with the query restricted to their ranges, plus the matches
 * rooted at the spanning nodes (module, class definitions and bodies, ERROR containers).
 *
 * Nothing else per keystroke is proportional to the file: the partition walks only the containers' children
 * around the edits (`partitionIncremental`), the suppression comments are moved through the edits and re-read
 * only in edited lines and changed syntax ranges (`updateSuppressions`), and the first syntax error comes from
 * each unit's cached first ERROR/MISSING node (`syntaxErrorOf`).
 *
 * What one unit can tell the others is tracked:
 * - imports: when the records of the re-checked units differ from those of the units they replace, the units
 *   that mention a changed alias are re-checked too, or the whole file when a changed module may change a
 *   rule's module question (`importedLike('flask')`; `importAffected`);
 * - an UPPER_CASE module-level constant (Django settings detection): the whole file;
 * - fixes built from the whole file (edits.ts `addImportEdit`): their units are re-checked when what it reads may
 *   have changed (`wholeFileFixesChanged`); units whose fixes reach outside them otherwise, after any change.
 * An unknown edit history or different settings analyse the whole file. The result always equals a from-scratch
 * analysis of the same text (test/incremental-analysis.test.ts checks this on seeded random edits;
 * test/incremental-imports.test.ts and test/units-errors.test.ts on chosen ones).
 */
import { movedRecord, type ImportRecord, type ImportTracking } from './context';
import { applySuppressions, findSyntaxError, loneCrToLf, sortFindings, type AnalysisResult, type AnalyzeOptions, type DetailedAnalysis, type Engine, type Origin } from './engine';
import { escapeRegExp, importInsertion } from './edits';
import { editTouchesError } from './fixes';
import type { Node, Tree } from './parser';
import { scanSuppressions, SuppressionMap, type SuppressionEntry } from './nosec';
import { accountsForChildren, partition, partitionWindow, unitError, unitNode, type Unit, type UnitError } from './units';
import type { Finding } from './types';

/** A tree-sitter edit as the document store records it (UTF-16 offsets, rows). */
export interface EditLike {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number };
  oldEndPosition: { row: number };
  newEndPosition: { row: number };
}

/** A range whose syntax changed (tree-sitter's `oldTree.getChangedRanges(newTree)`, new coordinates). */
export interface ChangedRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number };
  endPosition: { row: number };
}

interface CachedUnit extends Unit {
  findings: Finding[];
  records: ImportRecord[];
  py2: number[];
  /** For module-level statements: the name a plain assignment binds ('' otherwise). */
  binds: string;
  /** The unit's first syntax error (units.ts `unitError`); null when the tree has no error at all. */
  error: UnitError | null | undefined;
  /**
   * The names the unit's findings asked edits.ts `addImportEdit` about (engine.ts `Origin.idents`): their fixes
   * depend on the whole file, so the unit is re-checked when the leading statements, an import, or a unit that
   * mentions one of these names changes.
   */
  fixIdents: readonly string[];
  /** The names of the engine's `imports.editKnown` that the unit's text mentions (as `rebinds` finds them). */
  mentions: readonly string[];
  /** The size of `imports.editKnown` when `mentions` was computed (a name known later may be missing). */
  mentionsOf: number;
  /**
   * Some finding's fixes depend on ERROR nodes outside the unit: a fix was dropped for touching one, or a fix edit
   * reaches the unit's first or last character (a neighbouring ERROR would touch it). See `errorSensitive`.
   */
  errorSensitive: boolean;
  /**
   * For an error-sensitive unit, which of its ends an ERROR or MISSING node touched when its findings were computed
   * (`edgeErrors`): its findings stay valid while that does not change.
   */
  edgeErrors: number;
}

const NO_FINDINGS: Finding[] = [];

/**
 * A cached unit: the unit's own fields (without the node) and what was learnt about it. Every cached unit is built
 * here, as one object literal: hundreds are rebuilt per keystroke (every unit after the edit moves), and V8
 * (Node 20) builds an object spread followed by new properties (`{ ...fields, findings, ... }`) about a hundred
 * times slower than a literal (9 µs against well under 0.1 µs per unit object in a micro-benchmark).
 */
function cachedUnit(u: Unit, c: Omit<CachedUnit, keyof Unit>): CachedUnit {
  return {
    start: u.start,
    end: u.end,
    startRow: u.startRow,
    endRow: u.endRow,
    kind: u.kind,
    errDepth: u.errDepth,
    findings: c.findings,
    records: c.records,
    py2: c.py2,
    binds: c.binds,
    error: c.error,
    fixIdents: c.fixIdents,
    mentions: c.mentions,
    mentionsOf: c.mentionsOf,
    errorSensitive: c.errorSensitive,
    edgeErrors: c.edgeErrors,
  };
}

/**
 * What other units can learn from a module-level statement besides imports: the UPPER_CASE constant a plain
 * assignment binds (settings-module detection reads INSTALLED_APPS etc.; see rules/_shared/django.ts).
 */
function bindsOf(u: Unit, root: Node): string {
  if (u.kind !== 'module-level') return '';
  // Units reused by the incremental partition carry no node: look it up.
  const n = u.node ?? unitNode(root, u);
  if (!n || u.kind !== 'module-level' || n.type !== 'expression_statement') return '';
  const a = n.firstNamedChild;
  if (!a || (a.type !== 'assignment' && a.type !== 'augmented_assignment')) return '';
  const left = a.childForFieldName('left');
  // Module-level constants (settings such as INSTALLED_APPS): other bindings are not read across units.
  return left && left.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(left.text) ? left.text : '';
}

/** What a document keeps between analyses. Opaque to callers. */
export interface IncrementalState {
  readonly key: string;
  readonly units: CachedUnit[];
  /** The comments that are children of the module or of class bodies (not in units), in order. */
  readonly comments: readonly Span[];
  /** Where the spanning nodes (class definitions and bodies, ERROR containers) start, and their types, in order. */
  readonly spans: readonly { start: number; type: string }[];
  /** The extents of the ERROR containers among them (`errorSpansOf`), in order. */
  readonly errorSpans: readonly Span[];
  /** The suppression comments of the text, in order (undefined with --ignore-nosec). */
  readonly suppressions: SuppressionEntry[] | undefined;
  /**
   * What the fixes built from the whole file read besides units (`wholeFileFixesChanged`), when some unit has
   * such fixes: whether the text has a CRLF line break (an added import line ends with the file's), where an
   * import is inserted when no docstring or __future__ import leads (after a shebang and coding line), where the
   * leading statements end and whether the first statement is an ERROR (no import is added then; both as edits.ts
   * `importInsertion` reports them), and whether an ERROR touches the place where an import would be added
   * (fixes.ts drops such a fix).
   */
  readonly fileRead: { crlf: boolean; at: number; lead: number; firstError: boolean; errorAtInsert: boolean } | undefined;
  /** Whether the tree has a syntax error. */
  readonly hasError: boolean;
  /** Engine.fileInputsOf the text: what rules read of the whole file; a change analyses the whole file. */
  readonly fileInputs: readonly string[];
  /** Counters for tests and benchmarks. */
  readonly stats: { full: number; incremental: number; reanalysedUnits: number; wholePartitions: number; reasons: Record<string, number> };
}

/** Maps a unit through edits (applied in order); undefined when an edit touches its rows. */
function mapUnit(u: CachedUnit, edits: readonly EditLike[]): { start: number; end: number; dIndex: number; dRow: number } | undefined {
  let start = u.start;
  let end = u.end;
  let startRow = u.startRow;
  let endRow = u.endRow;
  let dIndex = 0;
  let dRow = 0;
  for (const e of edits) {
    if (e.oldEndIndex <= start && e.oldEndPosition.row < startRow) {
      const di = e.newEndIndex - e.oldEndIndex;
      const dr = e.newEndPosition.row - e.oldEndPosition.row;
      start += di;
      end += di;
      startRow += dr;
      endRow += dr;
      dIndex += di;
      dRow += dr;
    } else if (e.startIndex >= end && e.startPosition.row > endRow) {
      continue;
    } else {
      return undefined;
    }
  }
  return { start, end, dIndex, dRow };
}

/** Maps an offset through edits; undefined when an edit replaced the text around it. */
function mapOffset(o: number, edits: readonly EditLike[]): number | undefined {
  let p = o;
  for (const e of edits) {
    if (p < e.startIndex || (p === e.startIndex && e.oldEndIndex > e.startIndex)) continue;
    if (p >= e.oldEndIndex) p += e.newEndIndex - e.oldEndIndex;
    else return undefined;
  }
  return p;
}

/**
 * Whether the finding's line range reaches beyond the unit's rows: a string in a class's bases takes its class
 * definition's rows (python.ts parentRows), which edits to the class body change without touching this unit.
 */
function rowsReachOutside(f: Finding, unit: { startRow: number; endRow: number }): boolean {
  const r = f.lineRange;
  return r.length > 0 && (r[0]! - 1 < unit.startRow || r[r.length - 1]! - 1 > unit.endRow);
}

/** Whether one of the finding's fix edits lies outside the unit (an import added at the top, for one). */
function fixReachesOutside(f: Finding, unit: { start: number; end: number }): boolean {
  return f.fixes.some((x) => x.edits.some((e) => e.start < unit.start || e.end > unit.end));
}

/** A finding moved by offsets only -> the finding it was first made as (see `samePlaceAs`). */
const unmoved = new WeakMap<Finding, Finding>();

/**
 * The finding `f` was moved from by edits that changed no row or column of it or of its fixes (only offsets), or
 * undefined: a diagnostic made from that one is still right for `f` (lsp/diagnostics.ts reuses it).
 */
export function samePlaceAs(f: Finding): Finding | undefined {
  return unmoved.get(f);
}

/**
 * A cached finding moved with its unit. Fix edits outside the unit (an import added at the top) move by the
 * edits before them, not by the unit's shift; undefined when an edit touched such a place (re-analyse).
 */
function shiftFinding(engine: Engine, f: Finding, unit: { start: number; end: number }, dIndex: number, dRow: number, edits: readonly EditLike[]): Finding | undefined {
  const outside = fixReachesOutside(f, unit);
  if (dIndex === 0 && dRow === 0 && !outside) return f;
  const fixes: Finding['fixes'] = [];
  for (const x of f.fixes) {
    const moved: Finding['fixes'][number]['edits'] = [];
    for (const e of x.edits) {
      if (e.start >= unit.start && e.end <= unit.end) moved.push({ start: e.start + dIndex, end: e.end + dIndex, text: e.text });
      else {
        const s = mapOffset(e.start, edits);
        const en = mapOffset(e.end, edits);
        if (s === undefined || en === undefined) return undefined;
        moved.push({ start: s, end: en, text: e.text });
      }
    }
    fixes.push({ title: x.title, safety: x.safety, edits: moved });
  }
  // One object literal (not a spread): a keystroke moves every finding after it, hundreds in a test file.
  const out: Finding = {
    ruleId: f.ruleId,
    testName: f.testName,
    banditTestName: f.banditTestName,
    severity: f.severity,
    confidence: f.confidence,
    cwe: f.cwe,
    message: f.message,
    messageId: f.messageId,
    line: f.line + dRow,
    colOffset: f.colOffset,
    endColOffset: f.endColOffset,
    lineRange: dRow === 0 ? f.lineRange : f.lineRange.map((l) => l + dRow),
    range: dRow === 0 ? f.range : { start: { row: f.range.start.row + dRow, column: f.range.start.column }, end: { row: f.range.end.row + dRow, column: f.range.end.column } },
    moreInfo: f.moreInfo,
    fixes,
  };
  if (f.offset !== undefined) out.offset = f.offset + dIndex;
  if (f.data !== undefined) out.data = f.data;
  // Moved by offsets only (an edit on an earlier line that added or removed no line, no fix edit outside the
  // unit): every row and column is the same, so an editor's diagnostic made from `f` still fits.
  if (dRow === 0 && !outside) unmoved.set(out, unmoved.get(f) ?? f);
  // Messages that name a line inside the unit (taint sources) move with it.
  if (dRow !== 0 && f.data && /^\d+$/.test(f.data.line ?? '')) {
    out.data = { ...f.data, line: String(Number(f.data.line) + dRow) };
    out.message = engine.renderMessage(out);
  }
  return out;
}

/** The fields `shiftFinding` copies. A field added to Finding (optional ones too) must be copied there as well. */
type ShiftedFields = 'ruleId' | 'testName' | 'banditTestName' | 'severity' | 'confidence' | 'cwe' | 'message' | 'messageId' | 'line' | 'colOffset' | 'endColOffset' | 'lineRange' | 'range' | 'moreInfo' | 'fixes' | 'offset' | 'data';
// Fails to compile while Finding has a field that ShiftedFields does not name.
const everyFindingFieldShifted: [Exclude<keyof Finding, ShiftedFields>] extends [never] ? true : never = true;
void everyFindingFieldShifted;

/** An origin's range for `attribute`: the module's own findings fit no unit (Origin.root). */
const unitRange = (o: Origin): { start: number; end: number } => (o.root ? { start: o.start, end: Number.MAX_SAFE_INTEGER } : o);

function attribute<T>(units: Unit[], items: readonly T[], at: (t: T, i: number) => number | { start: number; end: number }): { inUnit: T[][]; outside: T[] } {
  const inUnit: T[][] = units.map(() => []);
  const outside: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const a = at(it, i);
    const o = typeof a === 'number' ? a : a.start;
    const oEnd = typeof a === 'number' ? a : a.end;
    // Units are sorted and disjoint: binary search.
    let lo = 0;
    let hi = units.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = units[mid]!;
      if (o < u.start) hi = mid - 1;
      else if (o >= u.end) lo = mid + 1;
      else {
        found = oEnd <= u.end ? mid : -1; // a match node wider than the unit is a spanning node's
        break;
      }
    }
    if (found >= 0) inUnit[found]!.push(it);
    else outside.push(it);
  }
  return { inUnit, outside };
}

/** A UTF-16 range of the new text. */
interface Span {
  start: number;
  end: number;
}

/**
 * The range [start, end] moved through `edits` (from index `from`, in order): shifted by the edits before it, and
 * widened to cover the edits that touch it.
 */
function widenThrough(start: number, end: number, edits: readonly EditLike[], from = 0): Span {
  let a = start;
  let b = end;
  for (let j = from; j < edits.length; j++) {
    const f = edits[j]!;
    const d = f.newEndIndex - f.oldEndIndex;
    if (f.oldEndIndex < a) {
      a += d;
      b += d;
    } else if (f.startIndex <= b) {
      a = Math.min(a, f.startIndex);
      b = Math.max(b + d, f.newEndIndex);
    }
  }
  return { start: a, end: b };
}

/**
 * The regions (new coordinates, whole lines, sorted and merged) whose suppression comments must be read again:
 * the text each edit inserted (moved through the later edits) and the ranges whose syntax changed (a `#` typed
 * into a string, a quote that turns later lines into a string).
 */
function rescanRegions(text: string, edits: readonly EditLike[], changed: readonly ChangedRange[]): Span[] {
  const rs: Span[] = [];
  for (let i = 0; i < edits.length; i++) rs.push(widenThrough(edits[i]!.startIndex, edits[i]!.newEndIndex, edits, i + 1));
  // Changed ranges' indices are UTF-16 code units, like node indices (checked in test/incremental-suppressions.test.ts).
  for (const c of changed) rs.push({ start: c.startIndex, end: c.endIndex });
  return mergeLines(text, rs);
}

/** Regions widened to whole lines, sorted and merged. */
function mergeLines(text: string, regions: readonly Span[]): Span[] {
  const rs = [...regions].sort((x, y) => x.start - y.start);
  const out: Span[] = [];
  for (const r of rs) {
    const a = Math.max(0, Math.min(r.start, text.length));
    const b = Math.max(a, Math.min(r.end, text.length));
    const start = text.lastIndexOf('\n', a - 1) + 1;
    const nl = text.indexOf('\n', b);
    const end = nl < 0 ? text.length : nl;
    const last = out[out.length - 1];
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/**
 * The suppression comments after `edits`: the previous ones moved through the edits, except those an edit
 * touched or inside a rescanned region, plus those read again from the regions. Equal to scanning the whole text
 * (test/incremental-suppressions.test.ts).
 */
function updateSuppressions(engine: Engine, root: Tree['rootNode'], text: string, prev: readonly SuppressionEntry[], edits: readonly EditLike[], regions: readonly Span[]): SuppressionEntry[] {
  const out: SuppressionEntry[] = [];
  let r = 0;
  outer: for (const p of prev) {
    let start = p.start;
    let end = p.end;
    let row = p.row;
    for (const e of edits) {
      if (e.oldEndIndex < start) {
        const d = e.newEndIndex - e.oldEndIndex;
        start += d;
        end += d;
        row += e.newEndPosition.row - e.oldEndPosition.row;
      } else if (e.startIndex > end) continue;
      else continue outer; // the edit touched the comment
    }
    // Moved entries stay in order; regions are sorted.
    while (r < regions.length && regions[r]!.end < start) r++;
    const g = regions[r];
    if (g && g.start <= end) continue; // read again below
    out.push(start === p.start && row === p.row ? p : { start, end, row, comment: p.comment });
  }
  let added = false;
  for (const g of regions) {
    const found = scanSuppressions(root, text, engine.resolveTestId, g.start, g.end);
    if (found.length) {
      out.push(...found);
      added = true;
    }
  }
  if (added) out.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * The tree's first syntax error or Python-2 statement, from the units' cached first errors and the ERROR
 * containers among the spanning nodes (units.ts; such an ERROR precedes, in the engine's pre-order walk, every
 * error inside it).
 */
function syntaxErrorOf(root: Tree['rootNode'], units: readonly CachedUnit[], spanning: readonly Node[], py2Offset: number | undefined): AnalysisResult['syntaxError'] {
  const py2Node = py2Offset === undefined ? undefined : (root.descendantForIndex(py2Offset, py2Offset) ?? undefined);
  let py2Stmt = py2Node;
  while (py2Stmt && py2Stmt.type !== 'print_statement' && py2Stmt.type !== 'exec_statement') py2Stmt = py2Stmt.parent ?? undefined;
  // A root that is itself an ERROR node (a parse that failed at the top) is the first error: the engine's walk.
  if (root.hasError && !root.isError) {
    let first: UnitError | undefined;
    let owner = 0;
    for (const u of units) {
      if (u.error && (!first || u.error.start < first.start)) {
        first = u.error;
        owner = u.start;
      }
    }
    // An ERROR container comes first at an equal start unless the unit lies before it (an error at its end).
    for (const n of spanning) {
      if (!n.isError) continue;
      const s = n.startIndex;
      if (!first || s < first.start || (s === first.start && owner >= s)) {
        first = { start: s, row: n.startPosition.row, column: n.startPosition.column, message: 'invalid syntax' };
        owner = s;
      }
    }
    if (first) return { line: first.row + 1, column: first.column, message: first.message };
    // An error outside every unit: the engine's walk finds it.
  }
  return findSyntaxError(root, py2Stmt ?? py2Node);
}

/**
 * The partition of the new tree (units.ts `partition`), walking only the children that overlap the regions
 * where something changed: the edited lines, the changed syntax ranges and the new extent of every unit an edit
 * touched (`regions`: rescanRegions of the edits and changed ranges). Elsewhere a node's range and kind are those of the old unit moved by the edits (outside changed ranges
 * the tree's structure is unchanged), so the previous units are reused. Undefined when it cannot tell (the
 * caller partitions the whole tree); test/incremental-suppressions.test.ts holds it equal to `partition`.
 */
export function partitionIncremental(
  root: Node,
  text: string,
  prev: IncrementalState,
  edits: readonly EditLike[],
  regions: readonly Span[],
): { units: Unit[]; spanning: Node[]; comments: Span[] } | undefined {
  if (root.isError || root.type !== 'module') return undefined;
  const extra: Span[] = [];
  const mapped: ({ start: number; end: number; dRow: number } | undefined)[] = prev.units.map((u) => {
    const m = mapUnit(u, edits);
    if (m) return m;
    // Touched: its new extent (the edits widen it) is walked.
    extra.push(widenThrough(u.start, u.end, edits));
    return undefined;
  });
  const all = extra.length ? mergeLines(text, [...regions, ...extra]) : regions;
  const walked: Unit[] = [];
  const found: Node[] = [];
  const walkedComments: Span[] = [];
  for (const r of all) partitionWindow(root, r.start, r.end, walked, found, walkedComments);
  // A class overlapping several regions is visited once per region.
  walked.sort((x, y) => x.start - y.start);
  const units: Unit[] = [];
  let w = 0;
  let g = 0;
  for (let i = 0; i < prev.units.length; i++) {
    const m = mapped[i];
    if (!m) continue;
    while (g < all.length && all[g]!.end < m.start) g++;
    if (g < all.length && all[g]!.start <= m.end) continue;
    // Walked units are exact; adjacent ones (a class header and its first member) share a boundary.
    while (w < walked.length && walked[w]!.end <= m.start) w++;
    if (w < walked.length && walked[w]!.start < m.end) continue;
    const u = prev.units[i]!;
    units.push({ start: m.start, end: m.end, startRow: u.startRow + m.dRow, endRow: u.endRow + m.dRow, kind: u.kind, errDepth: u.errDepth });
  }
  // Walked units, once each, merged in order.
  const out: Unit[] = [];
  let k = 0;
  for (let i = 0; i < walked.length; i++) {
    const x = walked[i]!;
    if (i > 0 && walked[i - 1]!.start === x.start) continue;
    while (k < units.length && units[k]!.start < x.start) out.push(units[k++]!);
    out.push(x);
  }
  while (k < units.length) out.push(units[k++]!);
  for (let i = 1; i < out.length; i++) if (out[i - 1]!.end > out[i]!.start) return undefined; // not a partition
  // Spanning nodes outside the regions: found again from where they start (moved by the edits).
  // A class overlapping several regions is visited once per region.
  const spanning: Node[] = [root];
  const seen = new Set<number>();
  for (const n of found) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    spanning.push(n);
  }
  // Two spanning nodes of one type at one start (nested ERROR containers) could not be told apart below.
  const spanKeys = new Set<string>();
  for (const sp of prev.spans) {
    const k = `${sp.start}:${sp.type}`;
    if (spanKeys.has(k)) return undefined;
    spanKeys.add(k);
  }
  for (const sp of prev.spans) {
    const start = mapOffset(sp.start, edits);
    if (start === undefined) continue; // inside an edit: walked
    if (all.some((r) => r.start <= start && start <= r.end)) continue; // walked if it still spans
    let n: Node | null = root.descendantForIndex(start, start);
    while (n && n.startIndex === start && n.type !== sp.type) n = n.parent;
    if (!n || n.startIndex !== start) return undefined;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    spanning.push(n);
  }
  // Pre-order, as `partition` lists them: by start; at one start an ancestor before its descendants (a body
  // starts with its first statement, which may be a class), otherwise the one ending first (a zero-width body).
  const contains = (a: Node, b: Node) => {
    for (let p = b.parent; p; p = p.parent) if (p.id === a.id) return true;
    return false;
  };
  spanning.sort((x, y) => x.startIndex - y.startIndex || (contains(x, y) ? -1 : contains(y, x) ? 1 : x.endIndex - y.endIndex));
  // Comments between units: moved like units, or walked (once each).
  const comments: Span[] = [];
  const inWindow = (a: number, b: number) => all.some((r) => r.start <= b && a <= r.end);
  for (const c of prev.comments) {
    const a = mapOffset(c.start, edits);
    const b = mapOffset(c.end, edits);
    if (a === undefined || b === undefined || b - a !== c.end - c.start || inWindow(a, b)) continue;
    comments.push({ start: a, end: b });
  }
  walkedComments.sort((x, y) => x.start - y.start);
  for (let i = 0; i < walkedComments.length; i++) if (i === 0 || walkedComments[i - 1]!.start !== walkedComments[i]!.start) comments.push(walkedComments[i]!);
  comments.sort((x, y) => x.start - y.start);
  // Zero-width nodes (an empty ERROR, a MISSING token) have no characters, so no changed range shows where
  // error recovery added or dropped one: count every container's children instead.
  if (!accountsForChildren(spanning, out.length, comments.length)) return undefined;
  // An ERROR container that came, went, grew or shrank changes the ERROR ancestors (`errDepth`) of units this
  // walk did not visit: partition the whole tree then.
  const errors = errorSpansOf(spanning);
  if (errors.length !== prev.errorSpans.length) return undefined;
  for (let i = 0; i < errors.length; i++) {
    const p = prev.errorSpans[i]!;
    if (mapOffset(p.start, edits) !== errors[i]!.start || mapOffset(p.end, edits) !== errors[i]!.end) return undefined;
  }
  return { units: out, spanning, comments };
}

const NO_NAMES: readonly string[] = [];

/** The names some finding's check asked `addImportEdit` about (engine.ts `Origin.idents`), once each. */
function identsOf(origins: readonly Origin[]): readonly string[] {
  let out: string[] | undefined;
  for (const o of origins) {
    if (!o.idents) continue;
    out ??= [];
    for (const n of o.idents) if (!out.includes(n)) out.push(n);
  }
  return out ?? NO_NAMES;
}

/** The pattern of `mentionsIn` for a set of names at a size (the sets only grow). */
let mentionsRe: { known: ReadonlySet<string> | undefined; size: number; re: RegExp | undefined } = { known: undefined, size: -1, re: undefined };

/**
 * The names of `known` (the engine's `imports.editKnown`) that occur in the unit's text where edits.ts `rebinds`
 * looks for them (not after a `.`), once each.
 */
function mentionsIn(text: string, u: { start: number; end: number }, known: ReadonlySet<string>): readonly string[] {
  if (mentionsRe.known !== known || mentionsRe.size !== known.size) {
    const alternatives = [...known].map(escapeRegExp).join('|');
    mentionsRe = { known, size: known.size, re: known.size ? new RegExp(`(?<![\\w.])(?:${alternatives})(?!\\w)`, 'g') : undefined };
  }
  const re = mentionsRe.re;
  if (!re) return NO_NAMES;
  let out: string[] | undefined;
  const slice = text.slice(u.start, u.end);
  re.lastIndex = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    out ??= [];
    if (!out.includes(m[0])) out.push(m[0]);
  }
  return out ?? NO_NAMES;
}

/**
 * What changed for the fixes built from the whole file (`addImportEdit`): true when every such fix may differ
 * (an edit in the leading statements, a change in `fileRead`, or a replaced unit whose mentions were computed
 * before a name became known); otherwise the names mentioned by the replaced and the re-checked units. What
 * `addImportEdit` reads elsewhere is about its names (context.ts `ImportTracking.editKnown`): an `import name` /
 * `import name.sub` to reuse, a `from m import ...` to reuse or extend (it mentions `m`), or a binding of the name
 * (`rebinds`). (An ERROR that comes to touch the end of such a `from` import, where a fix would extend it, starts
 * on its row: tree-sitter's changed ranges then make that import a re-checked unit. ERRORs next to the unit's own
 * fix edits: `errorSensitive`.)
 */
function wholeFileFixesChanged(
  text: string,
  prev: IncrementalState,
  reused: ReadonlySet<CachedUnit>,
  dirty: readonly Unit[],
  edits: readonly EditLike[],
  now: NonNullable<IncrementalState['fileRead']>,
  knownNames: ReadonlySet<string>,
): true | Set<string> {
  const was = prev.fileRead;
  if (!was || now.crlf !== was.crlf || now.firstError !== was.firstError || now.errorAtInsert !== was.errorAtInsert) return true;
  // The insertion point after a shebang or coding line: compared through the edits (a blank line typed above it
  // moves it with the text; a comment turned into a shebang moves it within).
  if (now.at !== mapOffset(was.at, edits)) return true;
  // An edit in the leading statements, before or after it. (An edit after the old end does not move that end,
  // so the later edits of a batch compare with it too.)
  const end = Math.max(now.lead, was.lead);
  if (edits.some((e) => e.startIndex <= end)) return true;
  const known = knownNames.size;
  const names = new Set<string>();
  for (const u of prev.units) {
    if (reused.has(u)) continue;
    if (u.mentionsOf < known) return true;
    for (const n of u.mentions) names.add(n);
  }
  for (const u of dirty) for (const n of mentionsIn(text, u, knownNames)) names.add(n);
  return names;
}

/**
 * Whether a unit's findings depend on ERROR nodes outside it (fixes.ts `withoutErrorEdits` drops a fix whose edit
 * touches one): an edit of a fix, kept or dropped, inside the unit reaches its first or last character, where a
 * neighbouring ERROR would touch it. ERRORs inside the unit change only with the unit; ERROR ancestors are
 * `errDepth`; edits outside the unit are an added import (its place is `fileRead.errorAtInsert`) or the extension
 * of a `from` import (re-checked through `mentions`).
 */
function errorSensitive(u: { start: number; end: number }, findings: readonly Finding[], origins: readonly Origin[]): boolean {
  const edge = (e: { start: number; end: number }) => e.start >= u.start && e.end <= u.end && (e.start === u.start || e.end === u.end);
  return origins.some((o) => o.dropped?.some(edge)) || findings.some((f) => f.fixes.some((x) => x.edits.some(edge)));
}

/**
 * The extents of the outermost ERROR and MISSING nodes of a tree, in document order (none without an error).
 * Only nodes with an error below them are opened, so a keystroke in a file with one error reads a few paths.
 */
export function errorExtents(root: Node): Span[] {
  const out: Span[] = [];
  if (!root.hasError) return out;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) {
      out.push({ start: n.startIndex, end: n.endIndex });
      continue;
    }
    if (!n.hasError) continue;
    const cs = n.children;
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i]!);
  }
  return out;
}

/**
 * Which ends of `u` an ERROR or MISSING node touches (bit 1: its first character, bit 2: its last), as fixes.ts
 * `touchesError` decides for an edit reaching that end; `extents` from `errorExtents`. An error-sensitive unit's
 * findings depend on ERRORs outside it only through this (errors inside it or around it change only with the
 * unit or its `errDepth`; one inside it at an end drops that end's fixes whatever is outside).
 */
export function edgeErrorsOf(u: { start: number; end: number }, extents: readonly Span[]): number {
  if (extents.length === 0) return 0;
  const touches = (p: number) => {
    // The first extent ending at or after p (extents are disjoint and ordered): it touches p if it starts by then.
    let lo = 0;
    let hi = extents.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (extents[mid]!.end < p) lo = mid + 1;
      else hi = mid;
    }
    return lo < extents.length && extents[lo]!.start <= p;
  };
  return (touches(u.start) ? 1 : 0) | (touches(u.end) ? 2 : 0);
}

/**
 * Whether two lists of import records bind the same modules and aliases in the same order, each between the same
 * untouched units (`reusedStarts`: the sorted starts of the reused units, in each list's coordinates). An
 * import that moves past an untouched unit changes what that unit sees (Bandit's import state is as of a
 * position).
 */
function sameImports(a: readonly ImportRecord[], b: readonly ImportRecord[], reusedStarts: () => [number[], number[]]): boolean {
  if (a.length !== b.length) return false;
  const [aStarts, bStarts] = reusedStarts();
  const before = (starts: readonly number[], at: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.module !== y.module || x.alias !== y.alias || before(aStarts, x.at) !== before(bStarts, y.at)) return false;
  }
  return true;
}

/**
 * The units with cached findings (`cached[i]` set) that an import change can affect, or undefined when it may
 * change the answer to a module question some rule asks (`queries`, context.ts `ImportTracking`): then every unit
 * can be. Otherwise name resolution changes through the changed aliases, so the units whose text contains one of
 * them as an identifier are re-checked (units whose fixes read the imports are re-checked already when the changed
 * import mentions their name: `wholeFileFixesChanged`). Units before the change cannot be affected by the names,
 * but telling them apart is not worth it: re-checking them gives the same findings.
 */
function importAffected(
  text: string,
  units: readonly Unit[],
  cached: readonly (CachedUnit | undefined)[],
  before: readonly ImportRecord[],
  after: readonly ImportRecord[],
  queries: ImportTracking,
): number[] | undefined {
  const modules = new Set<string>();
  const names = new Set<string>();
  for (const r of [...before, ...after]) {
    // `from m import *` (alias '*') binds names no rule resolves through, but makes a settings module of a file in
    // settings/ (rules/_shared/django.ts): any unit may change.
    if (r.alias === '*') return undefined;
    modules.add(r.module);
    // A name tree-sitter made up (`from m import (` with the name still missing: '') binds nothing, and as a
    // regular expression alternative it would match the empty string at one place forever (the search below
    // relies on every alternative being a non-empty name).
    if (r.alias) names.add(r.alias);
  }
  for (const m of modules) {
    if (queries.exact.has(m)) return undefined;
    for (const q of queries.like) if (m.includes(q)) return undefined;
    for (const q of queries.prefix) if (m === q || m.startsWith(`${q}.`)) return undefined;
  }
  const out: number[] = [];
  if (names.size === 0) return out;
  const alternatives = [...names].map(escapeRegExp).join('|');
  const re = new RegExp(`(?<!\\p{ID_Continue})(?:${alternatives})(?!\\p{ID_Continue})`, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Units are sorted and disjoint: binary search.
    let lo = 0;
    let hi = units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = units[mid]!;
      if (m.index < u.start) hi = mid - 1;
      else if (m.index >= u.end) lo = mid + 1;
      else {
        if (cached[mid]) out.push(mid);
        break;
      }
    }
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The extents of the ERROR containers among the spanning nodes (not the root), in order. */
function errorSpansOf(spanning: readonly Node[]): Span[] {
  const out: Span[] = [];
  for (let i = 1; i < spanning.length; i++) if (spanning[i]!.isError) out.push({ start: spanning[i]!.startIndex, end: spanning[i]!.endIndex });
  return out;
}

function spansOf(spanning: readonly Node[]): { start: number; type: string }[] {
  const out: { start: number; type: string }[] = [];
  for (let i = 1; i < spanning.length; i++) out.push({ start: spanning[i]!.startIndex, type: spanning[i]!.type });
  return out;
}

/**
 * Analyses `tree` (the parse of `source`), reusing `prev` where `edits` (all edits since `prev`'s text, in
 * order; `undefined` = unknown, analyse fully) leave units untouched. `key` identifies the settings: a different
 * key analyses fully. Returns the result (as `engine.analyze` would) and the state to keep.
 */
export function analyzeIncremental(
  engine: Engine,
  tree: Tree,
  source: string,
  opts: AnalyzeOptions,
  key: string,
  prev: IncrementalState | undefined,
  edits: readonly EditLike[] | undefined,
  changed: readonly ChangedRange[] = [],
): { result: AnalysisResult; state: IncrementalState } {
  const fullBecause = (reason: string) => {
    stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
    return full();
  };
  const root = tree.rootNode;
  const text = loneCrToLf(source);
  // Read only while some unit has fixes built from the whole file (most files have none).
  let read: IncrementalState['fileRead'];
  const readFile = () => {
    if (read) return read;
    const place = importInsertion(root, text);
    read = { crlf: text.includes('\r\n'), at: place.at, lead: place.leadEnd, firstError: place.firstError, errorAtInsert: editTouchesError(root, place.at, place.at) };
    return read;
  };
  const reuse = !!prev && !!edits && !!prev.key && prev.key === key;
  const regions = reuse ? rescanRegions(text, edits!, changed) : [];
  // A rule whose inputs were '' (no trigger in the text) is read again only when a trigger lies within reach of an
  // edited region (a trigger spanning the region's edge included).
  const triggerNear = (triggers: readonly string[]) =>
    regions.some((r) => triggers.some((t) => text.slice(Math.max(0, r.start - t.length), r.end + t.length).includes(t)));
  let inputs: string[] | undefined;
  const fileInputs = () => (inputs ??= engine.fileInputsOf(text, opts.enabled, reuse ? (i, triggers) => prev!.fileInputs[i] === '' && !triggerNear(triggers) : undefined));
  const sameInputs = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const stats = prev?.stats ?? { full: 0, incremental: 0, reanalysedUnits: 0, wholePartitions: 0, reasons: {} };
  const windowed = reuse ? partitionIncremental(root, text, prev!, edits!, regions) : undefined;
  if (reuse && !windowed) stats.wholePartitions++;
  const { units, spanning, comments } = windowed ?? partition(root);
  const hasError = root.hasError;

  // The tree's error extents, read when an error-sensitive unit asks (`edgeErrorsOf`).
  let extents: Span[] | undefined;
  const edgeErrors = (u: Unit, sensitive: boolean) => (sensitive && hasError ? edgeErrorsOf(u, (extents ??= errorExtents(root))) : 0);

  const full = () => {
    const d = engine.analyzeDetailed(tree, text, opts);
    const { inUnit } = attribute(units, d.raw, (_f, i) => unitRange(d.origins[i]!));
    const unitOrigins = attribute(units, d.origins, unitRange).inUnit;
    const idents = unitOrigins.map(identsOf);
    const known = engine.imports.editKnown.size;
    const recs = attribute(units, d.records, (r) => r.at).inUnit;
    const py2 = attribute(units, d.py2, (o) => o).inUnit;
    const cached: CachedUnit[] = units.map((u, i) => {
      const sensitive = errorSensitive(u, inUnit[i]!, unitOrigins[i]!);
      return cachedUnit(u, {
        findings: inUnit[i]!,
        records: recs[i]!,
        py2: py2[i]!,
        binds: bindsOf(u, root),
        error: hasError ? unitError(root, u) : null,
        fixIdents: idents[i]!,
        mentions: mentionsIn(text, u, engine.imports.editKnown),
        mentionsOf: known,
        errorSensitive: sensitive,
        edgeErrors: edgeErrors(u, sensitive),
      });
    });
    const suppressions = opts.ignoreNosec ? undefined : scanSuppressions(root, text, engine.resolveTestId);
    stats.full++;
    // An analysis cut short by its time budget, or by a rule that threw (skipped for the rest of the file), is
    // incomplete: never reuse it.
    const state = { key: d.result.notices?.length || d.result.failures.length ? '' : key, units: cached, comments, spans: spansOf(spanning), errorSpans: errorSpansOf(spanning), suppressions, fileRead: cached.some((c) => c.fixIdents.length > 0) ? readFile() : undefined, hasError, fileInputs: fileInputs(), stats };
    return { result: d.result, state };
  };
  if (!prev || !edits || !prev.key || prev.key !== key) return fullBecause(!prev ? 'first' : !edits ? 'edits unknown' : 'settings');
  if (!sameInputs(fileInputs(), prev.fileInputs)) return fullBecause('file-wide rule input changed');

  // Old units that survive the edits, by their new range.
  // Keyed by the new start offset (units are disjoint); end and kind must match too.
  const survivors = new Map<number, { unit: CachedUnit; end: number; dIndex: number; dRow: number; findings: Finding[] }>();
  const survivor = (u: Unit) => {
    const v = survivors.get(u.start);
    return v && v.end === u.end && v.unit.kind === u.kind && v.unit.errDepth === u.errDepth ? v : undefined;
  };
  for (const u of prev.units) {
    const m = mapUnit(u, edits);
    if (!m) continue;
    let findings = u.findings;
    if (findings.length > 0) {
      findings = [];
      for (const f of u.findings) {
        const g = shiftFinding(engine, f, u, m.dIndex, m.dRow, edits);
        if (!g) break;
        findings.push(g);
      }
      if (findings.length !== u.findings.length) continue;
    }
    survivors.set(m.start, { unit: u, end: m.end, dIndex: m.dIndex, dRow: m.dRow, findings });
  }
  const reused = new Set<CachedUnit>();
  const dirty: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    let s = survivor(u);
    // Error recovery can restructure text no edit touched: tree-sitter's changed ranges say where.
    if (s && changed.length > 0 && changed.some((c) => c.startPosition.row <= u.endRow && c.endPosition.row >= u.startRow)) {
      survivors.delete(u.start);
      s = undefined;
    }
    if (s) reused.add(s.unit);
    else dirty.push(i);
  }
  // A fix can depend on the rest of the file: engine/edits.ts `addImportEdit` places an import after the leading
  // docstring and __future__ imports (or extends an existing import), ends it with the file's line break, and
  // offers none when the file starts with an error or binds the name elsewhere; fixes.ts drops a fix whose edit
  // touches an ERROR node. Re-check the units with such fixes (with or without a fix so far) when one of those
  // may have changed (`wholeFileFixesChanged`; for `errorSensitive` units, when an ERROR came to touch one of
  // their ends or stopped touching it: `edgeErrors`), and units whose fixes reach outside them for any other
  // reason whenever anything changed. (Re-checking every error-sensitive unit while the file had an error, as
  // before, re-checked all 300 test methods ending in an assert of a pytest-style file at every keystroke.)
  // Also when only line breaks or comments between units changed: whole-file inputs of the fixes (the file's line
  // break, the place after a shebang) may have.
  const anythingChanged = dirty.length > 0 || reused.size !== prev.units.length;
  if (anythingChanged || prev.fileRead) {
    const fileWide = prev.units.some((u) => u.fixIdents.length > 0) ? wholeFileFixesChanged(text, prev, reused, dirty.map((i) => units[i]!), edits, readFile(), engine.imports.editKnown) : true;
    let added = false;
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      const s = survivor(u);
      if (!s || s.findings.length === 0) continue;
      const names = s.unit.fixIdents;
      const recheck =
        (s.unit.errorSensitive && edgeErrors(u, true) !== s.unit.edgeErrors) ||
        (names.length > 0 ? fileWide === true || names.some((n) => fileWide.has(n)) : anythingChanged && s.findings.some((f) => fixReachesOutside(f, u) || rowsReachOutside(f, u)));
      if (!recheck) continue;
      survivors.delete(u.start);
      reused.delete(s.unit);
      dirty.push(i);
      added = true;
    }
    if (added) dirty.sort((a, b) => a - b);
  }
  // A replaced unit that held imports changes the import state of everything after it; module-level statements
  // may also bind names other units look at.
  const oldBinds: string[] = [];
  // The import records of the replaced units, in order (compared below with those the new units hold).
  const oldRecords: ImportRecord[] = [];
  for (const u of prev.units) {
    if (reused.has(u)) continue;
    for (const r of u.records) oldRecords.push(r);
    if (u.binds) oldBinds.push(u.binds);
  }
  const newBinds: string[] = [];
  for (const i of dirty) {
    const b = bindsOf(units[i]!, root);
    if (b) newBinds.push(b);
  }
  if (oldBinds.sort().join('\n') !== newBinds.sort().join('\n')) return fullBecause('module-level binding changed');

  const records: ImportRecord[] = [];
  const cached: (CachedUnit | undefined)[] = new Array<CachedUnit | undefined>(units.length);
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const s = survivor(u);
    if (!s) continue;
    const c = s.unit;
    const di = s.dIndex;
    const dr = s.dRow;
    if (di === 0 && dr === 0 && s.findings === c.findings) {
      for (const r of c.records) records.push(r);
      cached[i] = c; // before every edit: unchanged
      continue;
    }
    let recs = c.records;
    if (recs.length > 0) {
      recs = recs.map((r) => movedRecord(r, r.at + di));
      for (const r of recs) records.push(r);
    }
    const err = c.error;
    cached[i] = cachedUnit(u, {
      binds: c.binds,
      findings: s.findings,
      records: recs,
      py2: c.py2.length > 0 ? c.py2.map((o) => o + di) : c.py2,
      // The unit's rows were untouched: its error keeps its column.
      error: !hasError ? null : err ? { start: err.start + di, row: err.row + dr, column: err.column, message: err.message } : err,
      fixIdents: c.fixIdents,
      mentions: c.mentions,
      mentionsOf: c.mentionsOf,
      errorSensitive: c.errorSensitive,
      edgeErrors: c.edgeErrors,
    });
  }
  const d = engine.analyzeDetailed(tree, text, opts, {
    ranges: dirty.map((i) => ({ start: units[i]!.start, end: units[i]!.end })),
    spanning,
    records,
  });
  const newRecords = d.records.sort((a, b) => a.at - b.at);
  const outside: Finding[] = [];
  const failures = [...d.result.failures];
  const notices = [...(d.result.notices ?? [])];
  /** Caches the findings, records and Python-2 statements an analysis found in units `which`. */
  const store = (which: number[], da: DetailedAnalysis, fresh: boolean) => {
    const us = which.map((i) => units[i]!);
    const found = attribute(us, da.raw, (_f, i) => unitRange(da.origins[i]!));
    const unitOrigins = attribute(us, da.origins, unitRange).inUnit;
    const idents = unitOrigins.map(identsOf);
    const known = engine.imports.editKnown.size;
    const recs = attribute(us, da.records, (r) => r.at).inUnit;
    const py2 = attribute(us, da.py2, (o) => o).inUnit;
    for (const f of found.outside) outside.push(f);
    which.forEach((ui, k) => {
      const u = units[ui]!;
      const old = cached[ui];
      const sensitive = errorSensitive(u, found.inUnit[k]!, unitOrigins[k]!);
      cached[ui] = cachedUnit(u, {
        findings: found.inUnit[k]!.length ? found.inUnit[k]! : NO_FINDINGS,
        records: recs[k]!,
        py2: py2[k]!,
        binds: fresh || !old ? bindsOf(u, root) : old.binds,
        error: !fresh && old ? old.error : hasError ? unitError(root, u) : null,
        fixIdents: idents[k]!,
        mentions: fresh || !old ? mentionsIn(text, u, engine.imports.editKnown) : old.mentions,
        mentionsOf: fresh || !old ? known : old.mentionsOf,
        errorSensitive: sensitive,
        edgeErrors: edgeErrors(u, sensitive),
      });
    });
  };
  store(dirty, d, true);
  // Changed imports: other units may resolve names differently. Re-check the untouched units that mention a
  // changed alias, or everything when a rule's module question (`importedLike('flask')`) may answer differently.
  let extra: number[] = [];
  const isDirtyUnit = new Set(dirty);
  // (Both lists are empty for almost every keystroke: no pass over the units then.)
  const starts = (): [number[], number[]] => {
    const a: number[] = [];
    for (const u of prev.units) if (reused.has(u)) a.push(u.start);
    const b: number[] = [];
    for (let i = 0; i < units.length; i++) if (!isDirtyUnit.has(i)) b.push(units[i]!.start);
    return [a, b];
  };
  if ((oldRecords.length > 0 || newRecords.length > 0) && !sameImports(oldRecords, newRecords, starts)) {
    const affected = importAffected(text, units, cached, oldRecords, newRecords, engine.imports);
    if (!affected) return fullBecause('import change reaches a module query');
    extra = affected.filter((i) => !isDirtyUnit.has(i));
  }
  if (extra.length > 0) {
    // The import records of every other unit: the re-checked units' own are found again.
    const inExtra = new Set(extra);
    const others: ImportRecord[] = [];
    for (let i = 0; i < units.length; i++) if (!inExtra.has(i)) for (const r of cached[i]!.records) others.push(r);
    const d2 = engine.analyzeDetailed(tree, text, opts, { ranges: extra.map((i) => ({ start: units[i]!.start, end: units[i]!.end })), spanning: [], records: others });
    store(extra, d2, false);
    failures.push(...d2.result.failures);
    if (d2.result.notices) notices.push(...d2.result.notices);
  }
  const suppressions = opts.ignoreNosec
    ? undefined
    : prev.suppressions
      ? updateSuppressions(engine, root, text, prev.suppressions, edits, regions)
      : scanSuppressions(root, text, engine.resolveTestId);
  const fileRead = (cached as CachedUnit[]).some((c) => c.fixIdents.length > 0) ? readFile() : undefined;
  // As for a full analysis: units checked while a rule was skipped (over its budget, or after it threw) lack that
  // rule's findings, so the next analysis starts afresh rather than reuse them.
  const state: IncrementalState = { key: notices.length || failures.length ? '' : key, units: cached as CachedUnit[], comments, spans: spansOf(spanning), errorSpans: errorSpansOf(spanning), suppressions, fileRead, hasError, fileInputs: fileInputs(), stats };
  stats.incremental++;
  stats.reanalysedUnits += dirty.length + extra.length;

  // Assemble: every unit's findings plus the spanning nodes' (fresh), then suppression over all of them.
  // Spanning nodes come first: they are the parents of the units' nodes, visited before them.
  const raw: Finding[] = outside;
  for (const c of state.units) if (c.findings.length) raw.push(...c.findings);
  const result: AnalysisResult = { findings: [], nosec: 0, skippedTests: 0, failures };
  if (notices.length) result.notices = notices;
  applySuppressions(raw, suppressions ? SuppressionMap.of(suppressions) : undefined, result);
  sortFindings(result.findings, engine.testOrder);
  let firstPy2: number | undefined;
  for (const c of state.units) for (const o of c.py2) if (firstPy2 === undefined || o < firstPy2) firstPy2 = o;
  const se = syntaxErrorOf(root, state.units, spanning, firstPy2);
  if (se) result.syntaxError = se;
  return { result, state };
}
