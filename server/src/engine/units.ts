/**
 * Analysis units: the module split into top-level statements, class headers (decorators, name, bases), the
 * statements of class bodies (recursively) and functions with their decorators. An ERROR node among statements
 * (or between a class's header and body) is split like a class body, so that a syntax error does not make one
 * huge unit of the statements error recovery put inside it. The full analysis streams the query over groups of
 * units (bounded memory); incremental re-analysis caches findings per unit.
 */
import type { Node } from './parser';

export type UnitKind = 'function' | 'member' | 'module-level';

export interface Unit {
  start: number;
  end: number;
  startRow: number;
  endRow: number;
  kind: UnitKind;
  /**
   * How many ERROR nodes (ERROR containers, an ERROR root) are among the unit's ancestors. A fix whose edit lies
   * under an ERROR is dropped (fixes.ts `withoutErrorEdits`), so a unit's findings depend on it.
   */
  errDepth: number;
  /** The statement (valid during one analysis only). */
  node?: Node;
}


type Range = { start: number; end: number };

/**
 * An ERROR node that error recovery put among the statements of a container (the module, a class body, another
 * such ERROR) or between a class's header and its body. It often holds many whole statements (a `def` typed as
 * `df` can leave the rest of a class's methods in one ERROR), so it is a container like a class body: spanning,
 * with its named children as units. Wildcard query patterns never start at an ERROR node, so it roots no match.
 */
function isErrorContainer(n: Node): boolean {
  return n.isError && n.namedChildCount > 0;
}

/**
 * The ERROR children of a class definition that lie between its header and its body, when everything named from
 * the first of them up to the body is such an ERROR (the header unit then ends where they start); otherwise none.
 */
function classErrors(def: Node, body: Node): Node[] {
  const out: Node[] = [];
  for (const c of def.namedChildren) {
    if (c.startIndex >= body.startIndex) break;
    if (isErrorContainer(c)) out.push(c);
    else if (out.length > 0) return [];
  }
  return out;
}

/**
 * Sorts one named child of a container (the module, a class body, an ERROR container) into `units`, `spanning`
 * and `comments`. Returns the containers inside it whose children the caller visits next, in order: a class's
 * ERROR containers and body (after its header unit), or the child itself when it is an ERROR container. The
 * caller adds each to `spanning` before visiting it (so `spanning` is in pre-order).
 */
function classify(n: Node, topLevel: boolean, errDepth: number, units: Unit[], spanning: Node[], comments: Range[]): Node[] | undefined {
  const type = n.type;
  const start = n.startIndex;
  if (type === 'comment') {
    comments.push({ start, end: n.endIndex });
    return undefined;
  }
  if (isErrorContainer(n)) return [n];
  const end = n.endIndex;
  const startRow = n.startPosition.row;
  const endRow = n.endPosition.row;
  let def: Node = n;
  if (type === 'decorated_definition') def = n.childForFieldName('definition') ?? n;
  const defType = def === n ? type : def.type;
  if (defType === 'class_definition') {
    spanning.push(n);
    if (def !== n) spanning.push(def);
    const body = def.childForFieldName('body');
    if (!body) {
      units.push({ start, end, startRow, endRow, kind: 'module-level', errDepth });
      return undefined;
    }
    // The header (decorators, name, bases), then the ERROR containers and the body's statements.
    const errors = classErrors(def, body);
    const headerEnd = errors[0] ?? body;
    units.push({ start, end: headerEnd.startIndex, startRow, endRow: headerEnd.startPosition.row, kind: 'module-level', errDepth });
    return [...errors, body];
  }
  if (defType === 'function_definition') {
    units.push({ start, end, startRow, endRow, kind: 'function', errDepth });
    return undefined;
  }
  const kind: UnitKind = topLevel ? 'module-level' : 'member';
  // incremental.ts reads the bindings of module-level expression statements from their node.
  units.push(kind === 'module-level' && type === 'expression_statement' ? { start, end, startRow, endRow, kind, errDepth, node: n } : { start, end, startRow, endRow, kind, errDepth });
  return undefined;
}

/** Classifies one child of a container, then visits the containers inside it (added to `spanning` first). */
function visitChild(
  n: Node,
  topLevel: boolean,
  errDepth: number,
  units: Unit[],
  spanning: Node[],
  comments: Range[],
  visit: (container: Node, topLevel: boolean, errDepth: number) => void,
): void {
  const inner = classify(n, topLevel, errDepth, units, spanning, comments);
  if (!inner) return;
  for (const c of inner) {
    spanning.push(c);
    visit(c, false, c.isError ? errDepth + 1 : errDepth);
  }
}

/**
 * Splits the module into analysis units and the spanning nodes between them. Runs on every keystroke: reads
 * each container's children in one call (`namedChildren`: start offsets and rows come with the node objects) and
 * asks the tree only for their types and ends (a TreeCursor costs a WASM round trip per property).
 */
export function partition(root: Node): { units: Unit[]; spanning: Node[]; comments: Range[] } {
  const units: Unit[] = [];
  const spanning: Node[] = [root];
  const comments: Range[] = [];
  /** Visits the named children of a container (the module, a class body, an ERROR container). */
  const visit = (container: Node, topLevel: boolean, errDepth: number): void => {
    for (const n of container.namedChildren) visitChild(n, topLevel, errDepth, units, spanning, comments, visit);
  };
  visit(root, true, root.isError ? 1 : 0);
  return { units, spanning, comments };
}

/**
 * Whether units and comments account for every named child of the containers among `spanning` (the module,
 * class bodies, ERROR containers): each such child is a unit (a class: its header unit), a comment, or an ERROR
 * container (which is no unit itself: its children are counted instead).
 */
export function accountsForChildren(spanning: readonly Node[], units: number, comments: number): boolean {
  let children = 0;
  for (const n of spanning) {
    if (n.parent === null || n.type === 'block') children += n.namedChildCount;
    else if (n.isError) {
      children += n.namedChildCount;
      // Counted among its container's children (a class's ERROR containers are not: the class counts once).
      if (n.parent.type !== 'class_definition') children--;
    }
  }
  return children === units + comments;
}

/**
 * The units and spanning nodes that overlap `[a, b]`: the children of the module and of class bodies overlapping
 * it (a class overlapping it gives its header unit and spanning nodes, and its body is visited). Jumps to the
 * first overlapping child (`firstNamedChildForIndex`), so the cost follows the window, not the file.
 */
export function partitionWindow(root: Node, a: number, b: number, units: Unit[], spanning: Node[], comments: Range[]): void {
  // By child index (`namedChild(i)`, as `namedChildren` lists them): tree-sitter's next-sibling skips zero-width
  // nodes (an empty ERROR), and web-tree-sitter's cursor jump ignores its offset.
  const visit = (container: Node, topLevel: boolean, errDepth: number): void => {
    const count = container.namedChildCount;
    // Children end in order: binary search the first one ending at or after `a` (a zero-width node at `a` too).
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (container.namedChild(mid)!.endIndex < a) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < count; i++) {
      const n = container.namedChild(i)!;
      if (n.startIndex > b) break;
      visitChild(n, topLevel, errDepth, units, spanning, comments, visit);
    }
  };
  visit(root, true, root.isError ? 1 : 0);
}

/**
 * The statement (or class) node of a unit: the widest node with exactly its range below the root, a block or an
 * ERROR container.
 */
export function unitNode(root: Node, u: { start: number; end: number }): Node | undefined {
  let n: Node | null = root.descendantForIndex(u.start, u.end);
  while (n && n.parent && (n.startIndex > u.start || n.endIndex < u.end)) n = n.parent;
  while (n && n.parent && n.parent.startIndex === n.startIndex && n.parent.endIndex === n.endIndex && n.parent.parent && n.parent.type !== 'block' && !isErrorContainer(n.parent)) n = n.parent;
  return n ?? undefined;
}

/** The first syntax error of a unit: an ERROR or MISSING node (engine.ts `findSyntaxError` reports the first). */
export interface UnitError {
  start: number;
  row: number;
  column: number;
  message: string;
}

/**
 * The first ERROR/MISSING node, in the tree's pre-order, among the nodes that start inside the unit (a class
 * header: before its body). Pre-order lists nodes by start offset, so the whole tree's first error is the one
 * of the unit with the smallest start. Call only when `root.hasError`.
 */
export function unitError(root: Node, u: { start: number; end: number }): UnitError | undefined {
  const n = unitNode(root, u);
  if (!n || !n.hasError) return undefined;
  const stack: Node[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.startIndex >= u.start && (x.isError || x.isMissing)) {
      return { start: x.startIndex, row: x.startPosition.row, column: x.startPosition.column, message: x.isMissing ? `missing ${x.type}` : 'invalid syntax' };
    }
    if (!x.hasError) continue;
    const kids = x.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]!;
      // Outside the unit: before it, or at/after its end (a zero-width node at the end still belongs to it).
      if (k.endIndex < u.start || k.startIndex > u.end || (k.startIndex === u.end && k.endIndex > k.startIndex)) continue;
      stack.push(k);
    }
  }
  return undefined;
}
