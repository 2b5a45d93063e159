/**
 * Small helpers shared by the B3xx/B5xx/B7xx plugin rules: Bandit's `get_lineno_for_call_arg`, the AST's
 * positional-argument count, and edit guards (never edit a call whose subtree contains ERROR/MISSING nodes).
 */
import type { Node } from '../../server/src/engine/parser';
import type { CallContext } from '../../server/src/engine/context';
import { pyTruthy, unparen, type PyValue } from '../../server/src/engine/python';

/**
 * Bandit's `get_lineno_for_call_arg(name)`: the 1-based line of keyword `name`'s value, or undefined. CPython's
 * value node starts inside any parentheses around it (`shell=(\n True)` is on the second line).
 */
export function kwLine(call: CallContext, name: string): number | undefined {
  const v = call.kw(name);
  return v ? unparen(v).startPosition.row + 1 : undefined;
}

/** `len(call.args)` in CPython's AST: positional arguments including `*args` (Starred). */
export function astArgCount(call: CallContext): number {
  const al = call.argumentList;
  if (!al) return 0;
  if (al.type === 'generator_expression') return 1;
  return al.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'keyword_argument' && c.type !== 'dictionary_splat').length;
}

/** The AST's `call.args[0]` (may be a `list_splat`, i.e. a Starred). */
export function astArg0(call: CallContext): Node | undefined {
  const al = call.argumentList;
  if (!al) return undefined;
  if (al.type === 'generator_expression') return al;
  return al.namedChildren.find((c) => c.type !== 'comment' && c.type !== 'keyword_argument' && c.type !== 'dictionary_splat');
}

/** True when the call has `**kwargs` (adding a keyword could then duplicate one at runtime). */
export function hasDoubleStar(call: CallContext): boolean {
  return !!call.argumentList?.namedChildren.some((c) => c.type === 'dictionary_splat');
}

/** Whether edits inside `node` are allowed: no ERROR or MISSING node anywhere in it. */
export function editable(node: Node): boolean {
  return !node.hasError && !node.isMissing;
}

/** A Python numeric value of a literal (int/float), or undefined. */
export function numberOf(v: PyValue | null | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'int') return Number(v.value);
  if (v.kind === 'float') return v.value;
  return undefined;
}

/** Python truthiness for Bandit's `a or b` chains on literal values (null = None is falsy). */
export function pyOrTruthy(v: PyValue | null | undefined): boolean {
  // A name is a non-empty string in Bandit's evaluator ("False" included); otherwise Python's truthiness.
  return !!v && (v.kind === 'name' || pyTruthy(v));
}

