/**
 * Analysis units: the module split into top-level statements, class headers (decorators, name, bases), the
 * statements of class bodies (recursively) and functions with their decorators. The full analysis streams the
 * query over groups of units (bounded memory); incremental re-analysis caches findings per unit.
 */
import type { Node } from './parser';

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


/** Splits the module into analysis units and the spanning nodes between them. */
export function partition(root: Node): { units: Unit[]; spanning: Node[] } {
  const units: Unit[] = [];
  const spanning: Node[] = [root];
  const unit = (n: Node, end: Node | undefined, kind: UnitKind) =>
    units.push({
      node: n,
      start: n.startIndex,
      end: end ? end.startIndex : n.endIndex,
      startRow: n.startPosition.row,
      endRow: end ? end.startPosition.row : n.endPosition.row,
      kind,
    });
  const visit = (container: Node, topLevel: boolean) => {
    for (let c = container.firstNamedChild; c; c = c.nextNamedSibling) {
      if (c.type === 'comment') continue;
      const def = c.type === 'decorated_definition' ? (c.childForFieldName('definition') ?? c) : c;
      if (def.type === 'class_definition') {
        const body = def.childForFieldName('body');
        spanning.push(c);
        if (def !== c) spanning.push(def);
        if (!body) {
          unit(c, undefined, 'module-level');
          continue;
        }
        unit(c, body, 'module-level'); // the header: decorators, name, bases
        spanning.push(body);
        visit(body, false);
      } else if (def.type === 'function_definition') {
        unit(c, undefined, 'function');
      } else {
        unit(c, undefined, topLevel ? 'module-level' : 'member');
      }
    }
  };
  visit(root, true);
  return { units, spanning };
}

