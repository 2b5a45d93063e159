/**
 * Analysis units: the module split into top-level statements, class headers (decorators, name, bases), the
 * statements of class bodies (recursively) and functions with their decorators. The full analysis streams the
 * query over groups of units (bounded memory); incremental re-analysis caches findings per unit.
 */
import type { Node } from './parser';
import type { TreeCursor } from 'web-tree-sitter';

export type UnitKind = 'function' | 'member' | 'module-level';

export interface Unit {
  start: number;
  end: number;
  startRow: number;
  endRow: number;
  kind: UnitKind;
  /** The statement (valid during one analysis only). */
  node?: Node;
}


/**
 * Splits the module into analysis units and the spanning nodes between them. Runs on every keystroke, so it
 * walks with TreeCursors (no Node object per statement) and materialises only the nodes it must return.
 */
export function partition(root: Node): { units: Unit[]; spanning: Node[] } {
  const units: Unit[] = [];
  const spanning: Node[] = [root];
  /** Visits the named children of the cursor's current node (a module or a class body). */
  const visit = (cursor: TreeCursor, topLevel: boolean): void => {
    if (!cursor.gotoFirstChild()) return;
    do {
      if (!cursor.nodeIsNamed) continue;
      const type = cursor.nodeType;
      if (type === 'comment') continue;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const startRow = cursor.startPosition.row;
      const endRow = cursor.endPosition.row;
      let defType = type;
      if (type === 'decorated_definition' && cursor.gotoFirstChild()) {
        do {
          if (cursor.currentFieldName === 'definition') {
            defType = cursor.nodeType;
            break;
          }
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
      if (defType === 'class_definition') {
        const outer = cursor.currentNode;
        spanning.push(outer);
        const cls = type === 'decorated_definition' ? (outer.childForFieldName('definition') ?? outer) : outer;
        if (cls !== outer) spanning.push(cls);
        const body = cls.childForFieldName('body');
        if (!body) {
          units.push({ start, end, startRow, endRow, kind: 'module-level' });
          continue;
        }
        // The header (decorators, name, bases), then the body's statements.
        units.push({ start, end: body.startIndex, startRow, endRow: body.startPosition.row, kind: 'module-level' });
        spanning.push(body);
        const inner = body.walk();
        visit(inner, false);
        inner.delete();
      } else if (defType === 'function_definition') {
        units.push({ start, end, startRow, endRow, kind: 'function' });
      } else {
        const kind: UnitKind = topLevel ? 'module-level' : 'member';
        // incremental.ts reads the bindings of module-level expression statements from their node.
        const node = kind === 'module-level' && type === 'expression_statement' ? cursor.currentNode : undefined;
        units.push({ start, end, startRow, endRow, kind, ...(node ? { node } : {}) });
      }
    } while (cursor.gotoNextSibling());
  };
  const cursor = root.walk();
  visit(cursor, true);
  cursor.delete();
  return { units, spanning };
}
