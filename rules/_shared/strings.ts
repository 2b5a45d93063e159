/**
 * Bandit's string tests (B104, B105, B108): the `str` constants CPython's AST holds for a tree-sitter string node.
 * A plain string or an implicit concatenation is one Constant; an f-string (JoinedStr) holds one Constant per run
 * of literal text (Python 3.8+). Bytes never count; a string that is a whole expression statement (docstring,
 * bare string) is skipped, but the literal parts of a bare f-string are not (their parent is the JoinedStr).
 */
import type { Node } from '../../server/src/engine/parser';
import { astParent, constantString, isJoinedStr, joinedStrParts, memoOf, parentRows, unparen } from '../../server/src/engine/python';

export interface StrConstant {
  value: string;
  /** The node whose start is Bandit's reported line/column (Python 3.12+ positions for f-string parts). */
  node: Node;
  /** The CPython AST parent of the Constant (the JoinedStr for f-string parts). */
  parent: Node | null;
  /** Bandit's line_range: the AST parent's rows (python.ts `parentRows`). */
  rows: [number, number];
  /** For a whole (non-f) literal: the literal node itself, which a fix may replace. */
  literal?: Node;
}

/** True for an expression statement holding exactly one expression (CPython's `Expr`). */
function isExprStatement(n: Node | null): boolean {
  return !!n && n.type === 'expression_statement' && n.namedChildren.filter((c) => c.type !== 'comment').length === 1;
}

/**
 * The str constants of a `string` / `concatenated_string` match, as Bandit's `visit_Str` sees them. During an
 * analysis the answer is computed once per node (B104, B105 and B108 all ask); callers must not modify it.
 */
export function strConstants(node: Node): readonly StrConstant[] {
  const memo = memoOf(node);
  if (!memo) return computeStrConstants(node);
  return (memo.strConstants ??= computeStrConstants(node)) as StrConstant[];
}

function computeStrConstants(node: Node): StrConstant[] {
  if (node.type === 'string' && node.parent?.type === 'concatenated_string') return []; // seen via the concatenation
  if (node.type !== 'string' && node.type !== 'concatenated_string') return [];
  if (isJoinedStr(node)) {
    return joinedStrParts(node).map((p) => ({ value: p.text, node: p.nodes[0]!, parent: node, rows: parentRows(node, node) }));
  }
  const v = constantString(node);
  if (!v || v.bytes) return [];
  const parent = astParent(node);
  if (isExprStatement(parent)) return [];
  return [new LiteralConstant(v.value, node, parent)];
}

/**
 * A whole literal's constant. `rows` is read only for reports, so it is computed on demand (one WASM call fewer
 * per string), by a getter on the class. It used to be a getter written in the object literal: a new function per
 * object, and with it every analysis's nodes, tree and whole source text survived the scavenges until the next full
 * collection (measured on 200 keystrokes in Nova's compute/manager.py with B104 alone: 61 MB of texts promoted to
 * the old generation instead of 6 MB; test/gc-retention.test.ts). The likely mechanism: each such object gets its
 * own hidden class, and the scavenger keeps the weak links between hidden classes alive as if they were strong.
 */
class LiteralConstant implements StrConstant {
  constructor(
    readonly value: string,
    readonly node: Node,
    readonly parent: Node | null,
  ) {}
  get literal(): Node {
    return this.node;
  }
  get rows(): [number, number] {
    return parentRows(this.parent ?? this.node, this.node);
  }
}

/** True when `n` (possibly parenthesized) is `child`. */
export function isSame(n: Node | null | undefined, child: Node): boolean {
  return !!n && unparen(n).id === child.id;
}

/**
 * A backslash sequence that can spell letters, digits or dots in a string's value (`\x30`, `\u0030`, `\N{...}`,
 * octal, backslash-newline continuation); without one, every literal piece of a value is a substring of the
 * source text.
 */
const SPELLING_ESCAPE = /\\(?:[xuUN0-7]|\r?\n|\r)/;

/**
 * A cheap necessary condition for "some str constant of this literal contains `needle`": false only when the
 * source text `raw` certainly cannot produce it. Only for a single `string` node (implicit concatenation joins
 * pieces, and f-strings unescape `{{`/`}}`, so needles with braces always pass).
 */
export function mayContain(raw: string, needle: string): boolean {
  return raw.includes(needle) || needle.includes('{') || needle.includes('}') || SPELLING_ESCAPE.test(raw);
}

/**
 * False when the value of a single `string` node with source text `raw` certainly has no match of `words`, a
 * pattern of plain letters (as `mayContain`: without a spelling escape, each run of letters of the value is in `raw`).
 */
export function mayMatchWords(raw: string, words: RegExp): boolean {
  return words.test(raw) || SPELLING_ESCAPE.test(raw);
}

