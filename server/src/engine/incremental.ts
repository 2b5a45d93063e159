/**
 * Incremental re-analysis for the editor: a keystroke inside one function re-checks that function only.
 *
 * The module is partitioned into analysis units: each top-level statement, except that a class is split into its
 * header (decorators, name, bases) and the statements of its body (recursively), and a function (with its
 * decorators) is one unit. Findings are cached per unit, before suppression. After edits, a unit whose rows no
 * edit touched is reused, shifted by the edits before it; the others are re-analysed with the query restricted
 * to their ranges, plus the matches rooted at the spanning nodes (module, class definitions and bodies).
 * Suppression comments are re-read from the text every time (cheap: only comments containing nosec/noqa).
 *
 * What one unit can tell the others is tracked. A change to imports (a unit whose import records change, or an
 * import that appears) or to an UPPER_CASE module-level constant (Django settings detection), an unknown edit
 * history, or different settings analyse the whole file; units whose fixes reach outside them (an added import)
 * are re-checked whenever anything changed. The result always equals a from-scratch analysis of the same text
 * (test/incremental-analysis.test.ts checks this on seeded random edits).
 */
import type { ImportRecord } from './context';
import { applySuppressions, findSyntaxError, loneCrToLf, sortFindings, type AnalysisResult, type AnalyzeOptions, type Engine } from './engine';
import type { Tree } from './parser';
import { partition, type Unit } from './units';
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
}

/**
 * What other units can learn from a module-level statement besides imports: the UPPER_CASE constant a plain
 * assignment binds (settings-module detection reads INSTALLED_APPS etc.; see rules/_shared/django.ts).
 */
function bindsOf(u: Unit): string {
  const n = u.node;
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
  /** Findings of spanning nodes (not inside any unit); recomputed every time. */
  readonly stats: { full: number; incremental: number; reanalysedUnits: number; reasons: Record<string, number> };
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
 * A cached finding moved with its unit. Fix edits outside the unit (an import added at the top) move by the
 * edits before them, not by the unit's shift; undefined when an edit touched such a place (re-analyse).
 */
function shiftFinding(engine: Engine, f: Finding, unit: { start: number; end: number }, dIndex: number, dRow: number, edits: readonly EditLike[]): Finding | undefined {
  const outside = f.fixes.some((x) => x.edits.some((e) => e.start < unit.start || e.end > unit.end));
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
    fixes.push({ ...x, edits: moved });
  }
  const out: Finding = {
    ...f,
    line: f.line + dRow,
    lineRange: f.lineRange.map((l) => l + dRow),
    range: {
      start: { row: f.range.start.row + dRow, column: f.range.start.column },
      end: { row: f.range.end.row + dRow, column: f.range.end.column },
    },
    fixes,
    ...(f.offset !== undefined ? { offset: f.offset + dIndex } : {}),
  };
  // Messages that name a line inside the unit (taint sources) move with it.
  if (f.data && /^\d+$/.test(f.data.line ?? '')) {
    out.data = { ...f.data, line: String(Number(f.data.line) + dRow) };
    out.message = engine.renderMessage(out);
  }
  return out;
}

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
  const stats = prev?.stats ?? { full: 0, incremental: 0, reanalysedUnits: 0, reasons: {} };
  const fullBecause = (reason: string) => {
    stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
    return full();
  };
  const root = tree.rootNode;
  const { units, spanning } = partition(root);

  const full = () => {
    const d = engine.analyzeDetailed(tree, source, opts);
    const { inUnit } = attribute(units, d.raw, (_f, i) => d.origins[i]!);
    const recs = attribute(units, d.records, (r) => r.at).inUnit;
    const py2 = attribute(units, d.py2, (o) => o).inUnit;
    const cached: CachedUnit[] = units.map((u, i) => ({ ...u, node: undefined, findings: inUnit[i]!, records: recs[i]!, py2: py2[i]!, binds: bindsOf(u) }));
    stats.full++;
    // An analysis cut short by its time budget is incomplete: never reuse it.
    return { result: d.result, state: { key: d.result.notices?.length ? '' : key, units: cached, stats } };
  };
  if (!prev || !edits || !prev.key || prev.key !== key) return fullBecause(!prev ? 'first' : !edits ? 'edits unknown' : 'settings');

  // Old units that survive the edits, by their new range.
  // Keyed by the new start offset (units are disjoint); end and kind must match too.
  const survivors = new Map<number, { unit: CachedUnit; end: number; dIndex: number; dRow: number; findings: Finding[] }>();
  const survivor = (u: Unit) => {
    const v = survivors.get(u.start);
    return v && v.end === u.end && v.unit.kind === u.kind ? v : undefined;
  };
  for (const u of prev.units) {
    const m = mapUnit(u, edits);
    if (!m) continue;
    const findings: Finding[] = [];
    for (const f of u.findings) {
      const g = shiftFinding(engine, f, u, m.dIndex, m.dRow, edits);
      if (!g) break;
      findings.push(g);
    }
    if (findings.length === u.findings.length) survivors.set(m.start, { unit: u, end: m.end, dIndex: m.dIndex, dRow: m.dRow, findings });
  }
  const reused = new Set<CachedUnit>();
  const dirty: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    let s = survivor(u);
    // Error recovery can restructure text no edit touched: tree-sitter's changed ranges say where.
    if (s && changed.some((c) => c.startPosition.row <= u.endRow && c.endPosition.row >= u.startRow)) {
      survivors.delete(u.start);
      s = undefined;
    }
    if (s) reused.add(s.unit);
    else dirty.push(i);
  }
  // Fixes that add an import are placed by other statements (the docstring, __future__ and existing imports,
  // which they may extend): whenever anything changed, re-check the few units whose fixes reach outside them.
  const anythingChanged = dirty.length > 0 || prev.units.some((u) => !reused.has(u));
  if (anythingChanged) {
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      const s = survivor(u);
      if (!s || !s.findings.some((f) => f.fixes.some((x) => x.edits.some((e) => e.start < u.start || e.end > u.end)))) continue;
      survivors.delete(u.start);
      reused.delete(s.unit);
      dirty.push(i);
    }
    dirty.sort((a, b) => a - b);
  }
  // A replaced unit that held imports changes the import state of everything after it; module-level statements
  // may also bind names other units look at.
  const oldBinds: string[] = [];
  for (const u of prev.units) {
    if (reused.has(u)) continue;
    if (u.records.length > 0) return fullBecause('unit with imports changed');
    if (u.binds) oldBinds.push(u.binds);
  }
  const newBinds = dirty.map((i) => bindsOf(units[i]!)).filter((b) => b);
  if (oldBinds.sort().join('\n') !== newBinds.sort().join('\n')) return fullBecause('module-level binding changed');

  const records: ImportRecord[] = [];
  const cached: (CachedUnit | undefined)[] = units.map((u) => {
    const s = survivor(u);
    if (!s) return undefined;
    const c = s.unit;
    if (s.dIndex === 0 && s.dRow === 0 && s.findings.every((f, i) => f === c.findings[i])) {
      records.push(...c.records);
      return c; // before every edit: unchanged
    }
    for (const r of c.records) records.push({ ...r, at: r.at + s.dIndex });
    return {
      ...u,
      node: undefined,
      binds: c.binds,
      findings: s.findings,
      records: c.records.map((r) => ({ ...r, at: r.at + s.dIndex })),
      py2: c.py2.map((o) => o + s.dIndex),
    };
  });
  const d = engine.analyzeDetailed(tree, source, opts, {
    ranges: dirty.map((i) => ({ start: units[i]!.start, end: units[i]!.end })),
    spanning,
    records,
  });
  if (d.records.length > 0) return fullBecause('import added'); // the import state changed
  const dirtyUnits = dirty.map((i) => units[i]!);
  const fresh = attribute(dirtyUnits, d.raw, (_f, i) => d.origins[i]!);
  const freshPy2 = attribute(dirtyUnits, d.py2, (o) => o).inUnit;
  dirty.forEach((ui, k) => {
    cached[ui] = { ...units[ui]!, node: undefined, findings: fresh.inUnit[k]!, records: [], py2: freshPy2[k]!, binds: bindsOf(units[ui]!) };
  });
  const state: IncrementalState = { key, units: cached as CachedUnit[], stats };
  stats.incremental++;
  stats.reanalysedUnits += dirty.length;

  // Assemble: every unit's findings plus the spanning nodes' (fresh), then suppression over all of them.
  // Spanning nodes come first: they are the parents of the units' nodes, visited before them.
  const raw: Finding[] = [...fresh.outside];
  for (const c of state.units) raw.push(...c.findings);
  const result: AnalysisResult = { findings: [], nosec: 0, skippedTests: 0, failures: d.result.failures };
  if (d.result.notices) result.notices = d.result.notices;
  const text = loneCrToLf(source);
  applySuppressions(raw, opts.ignoreNosec ? undefined : engine.suppressionsOf(root, text), result);
  sortFindings(result.findings);
  let firstPy2: number | undefined;
  for (const c of state.units) for (const o of c.py2) if (firstPy2 === undefined || o < firstPy2) firstPy2 = o;
  const py2Node = firstPy2 === undefined ? undefined : (root.descendantForIndex(firstPy2, firstPy2) ?? undefined);
  let py2Stmt = py2Node;
  while (py2Stmt && py2Stmt.type !== 'print_statement' && py2Stmt.type !== 'exec_statement') py2Stmt = py2Stmt.parent ?? undefined;
  const se = findSyntaxError(root, py2Stmt ?? py2Node);
  if (se) result.syntaxError = se;
  return { result, state };
}
