// B703 django_mark_safe: mark_safe()/SafeText()/... on a value that is not a string literal, unless Bandit's
// small intra-function analysis proves it is built only from literals (a local assigned from literals before
// the call, or a "literal".format(...) / "literal" % (...) of such values). Parameters are always unsafe.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { constantString, unparen } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import { astArg0 } from '../_shared/plugin';
import query from './query.scm';

const AFFECTED = ['mark_safe', 'SafeText', 'SafeUnicode', 'SafeString', 'SafeBytes'];
const MAX_DEPTH = 64;

/** `isinstance(x, ast.Str)`: a str constant (not bytes, not an f-string). */
function isStr(n: Node): boolean {
  const v = constantString(unparen(n));
  return !!v && !v.bytes;
}

function isAsync(n: Node): boolean {
  return n.child(0)?.type === 'async';
}

/** The AST line of a statement (a decorated def's line is its `def`/`class` line). */
function stmtLine(n: Node): number {
  if (n.type === 'decorated_definition') {
    const d = n.childForFieldName('definition');
    if (d) return d.startPosition.row + 1;
  }
  return n.startPosition.row + 1;
}

function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

function statements(block: Node | null | undefined): Node[] {
  return block ? block.namedChildren.filter((c) => c.type !== 'comment') : [];
}

/** Bandit's scope: the nearest enclosing (non-async) `def`, else the module. */
function scopeOf(node: Node): Node {
  let p = node.parent;
  while (p && p.type !== 'module' && !(p.type === 'function_definition' && !isAsync(p))) p = p.parent;
  return p ?? node.tree.rootNode;
}

/** Names of `args.args` (positional parameters; positional-only and keyword-only ones excluded). */
function positionalParams(def: Node): string[] {
  const params = def.childForFieldName('parameters');
  if (!params) return [];
  const names: string[] = [];
  for (const p of params.namedChildren) {
    if (p.type === 'positional_separator') {
      names.length = 0; // everything so far was positional-only (args.posonlyargs)
      continue;
    }
    if (p.type === 'keyword_separator' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') break;
    if (p.type === 'identifier') names.push(p.text);
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c.type === 'identifier');
      if (id) names.push(id.text);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const id = p.childForFieldName('name');
      if (id) names.push(id.text);
    }
  }
  return names;
}

function bodyOf(scope: Node): Node[] {
  return scope.type === 'module' ? statements(scope) : statements(scope.childForFieldName('body'));
}

type Assigned = false | Node | Node[];

/** Bandit's DeepAssignation.is_assigned for one statement. */
function isAssigned(node: Node, name: string): Assigned {
  switch (node.type) {
    case 'expression_statement': {
      const kids = node.namedChildren.filter((c) => c.type !== 'comment');
      if (kids.length !== 1) return false;
      const e = kids[0]!;
      if (e.type === 'assignment') return assignment(e, name);
      if (e.type === 'augmented_assignment') {
        const left = e.childForFieldName('left');
        if (left?.type === 'identifier' && left.text === name) return e.childForFieldName('right') ?? false;
        return false;
      }
      return false;
    }
    case 'decorated_definition': {
      const d = node.childForFieldName('definition');
      return d && d.type === 'function_definition' ? isAssigned(d, name) : false;
    }
    case 'function_definition':
      // Bandit's parameter test compares ast.arg nodes with ast.Name and never matches: it always recurses.
      return isAsync(node) ? false : assignedIn(statements(node.childForFieldName('body')), name);
    case 'with_statement': {
      if (isAsync(node)) return false;
      let assigned: Assigned = false;
      const clause = node.namedChildren.find((c) => c.type === 'with_clause');
      for (const item of clause?.namedChildren.filter((c) => c.type === 'with_item') ?? []) {
        const v = item.childForFieldName('value');
        const target = v?.type === 'as_pattern' ? v.childForFieldName('alias')?.namedChildren[0] : undefined;
        if (target?.type === 'identifier' && target.text === name) assigned = node;
        else assigned = assignedIn(statements(node.childForFieldName('body')), name);
      }
      return assigned;
    }
    case 'if_statement': {
      const out: Node[] = [...assignedIn(statements(node.childForFieldName('consequence')), name)];
      for (const c of node.namedChildren) {
        if (c.type === 'elif_clause') out.push(...assignedIn(statements(c.childForFieldName('consequence')), name));
        else if (c.type === 'else_clause') out.push(...assignedIn(statements(c.childForFieldName('body')), name));
      }
      return out;
    }
    case 'for_statement':
    case 'while_statement': {
      if (isAsync(node)) return false;
      const out: Node[] = [...assignedIn(statements(node.childForFieldName('body')), name)];
      const alt = node.childForFieldName('alternative') ?? node.namedChildren.find((c) => c.type === 'else_clause');
      if (alt) out.push(...assignedIn(statements(alt.childForFieldName('body')), name));
      return out;
    }
    case 'try_statement': {
      if (node.namedChildren.some((c) => c.type === 'except_group_clause')) return false; // ast.TryStar
      const out: Node[] = [...assignedIn(statements(node.childForFieldName('body')), name)];
      for (const c of node.namedChildren) {
        if (c.type === 'except_clause') out.push(...assignedIn(statements(c.namedChildren.find((k) => k.type === 'block')), name));
        else if (c.type === 'else_clause') out.push(...assignedIn(statements(c.childForFieldName('body')), name));
        else if (c.type === 'finally_clause') out.push(...assignedIn(statements(c.namedChildren.find((k) => k.type === 'block')), name));
      }
      return out;
    }
    default:
      return false;
  }
}

/** `Assign` (first target only, as Bandit reads `targets[0]`); annotated assignments are not Assign. */
function assignment(e: Node, name: string): Assigned {
  if (e.childForFieldName('type')) return false;
  const left = e.childForFieldName('left');
  // `(x) = v` assigns the Name x in CPython (a one-element tuple_pattern without a comma in tree-sitter).
  const target = left ? unparen(left) : null;
  let value = e.childForFieldName('right');
  while (value?.type === 'assignment') value = value.childForFieldName('right');
  if (!target || !value) return false;
  if (target.type === 'identifier') return target.text === name ? value : false;
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern') {
    const elts = target.namedChildren.filter((c) => c.type !== 'comment');
    const pos = elts.findIndex((c) => c.type === 'identifier' && c.text === name);
    if (pos < 0) return false;
    const v = unparen(value);
    if (v.type === 'expression_list' || v.type === 'tuple' || v.type === 'list') {
      const items = v.namedChildren.filter((c) => c.type !== 'comment');
      // Bandit would raise on a short or non-sequence value; we call the assignment unsafe instead.
      return items[pos] ?? e;
    }
    return e;
  }
  return false;
}

function assignedIn(items: Node[], name: string): Node[] {
  const out: Node[] = [];
  for (const s of items) {
    const a = isAssigned(s, name);
    if (!a) continue;
    if (Array.isArray(a)) out.push(...a);
    else out.push(a);
  }
  return out;
}

interface Analysis {
  scope: Node;
  params: Set<string>;
  depth: number;
}

/** Bandit's evaluate_var: is `name` assigned only safe values before line `until`? */
function evaluateVar(name: string, an: Analysis, until: number): boolean {
  if (an.params.has(name)) return false;
  if (++an.depth > MAX_DEPTH) return false;
  try {
    let secure = false;
    for (const node of bodyOf(an.scope)) {
      if (stmtLine(node) >= until) break;
      const raw = isAssigned(node, name);
      if (!raw || (Array.isArray(raw) && raw.length === 0)) continue;
      if (Array.isArray(raw)) {
        let ok = 0;
        for (const some of raw) {
          const t = unparen(some);
          if (isStr(t)) ok++;
          else if (t.type === 'identifier' && evaluateVar(t.text, an, stmtLine(node))) ok++;
          else break;
        }
        if (ok === raw.length) secure = true;
        else return false;
        continue;
      }
      const to = unparen(raw);
      if (isStr(to)) secure = true;
      else if (to.type === 'identifier') secure = evaluateVar(to.text, an, lineOf(to));
      else if (to.type === 'call') secure = evaluateCall(formatCall(to), an);
      else return false;
    }
    return secure;
  } finally {
    an.depth--;
  }
}

/** A `"literal".format(...)` call as Bandit's evaluate_call sees it. */
interface FormatCall {
  evaluate: boolean;
  args: Node[];
  line: number;
}

function formatCall(call: Node): FormatCall {
  const f = call.childForFieldName('function');
  const fn = f ? unparen(f) : undefined;
  const al = call.childForFieldName('arguments');
  const line = lineOf(call);
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return { evaluate: false, args: [], line };
  const obj = fn.childForFieldName('object');
  if (!obj || !isStr(obj)) return { evaluate: false, args: [], line };
  if (!al || al.type !== 'argument_list') return { evaluate: al?.type === 'generator_expression', args: al ? [al] : [], line };
  const kids = al.namedChildren.filter((c) => c.type !== 'comment');
  if (kids.some((c) => c.type === 'keyword_argument' || c.type === 'dictionary_splat')) return { evaluate: false, args: [], line };
  return { evaluate: true, args: kids, line };
}

/** Bandit's evaluate_call. */
function evaluateCall(call: FormatCall, an: Analysis): boolean {
  if (!call.evaluate) return false;
  if (++an.depth > MAX_DEPTH) return false;
  try {
    const args = [...call.args];
    let ok = 0;
    for (let i = 0; i < args.length; i++) {
      const arg = unparen(args[i]!);
      if (isStr(arg)) ok++;
      else if (arg.type === 'identifier') {
        if (evaluateVar(arg.text, an, call.line)) ok++;
        else break;
      } else if (arg.type === 'call') {
        if (evaluateCall(formatCall(arg), an)) ok++;
        else break;
      } else if (arg.type === 'list_splat') {
        const inner = arg.namedChildren[0] ? unparen(arg.namedChildren[0]) : undefined;
        if (inner && (inner.type === 'list' || inner.type === 'tuple')) {
          args.push(...inner.namedChildren.filter((c) => c.type !== 'comment'));
          ok++;
        } else break;
      } else break;
    }
    return ok === args.length;
  } finally {
    an.depth--;
  }
}

/** Bandit's transform2call: `"literal" % x` as `"literal".format(*x)`. */
function percentCall(bin: Node): FormatCall | undefined {
  if (bin.childForFieldName('operator')?.type !== '%') return undefined;
  const left = bin.childForFieldName('left');
  const right = bin.childForFieldName('right');
  if (!left || !right || !isStr(left)) return undefined;
  const r = unparen(right);
  const args = r.type === 'tuple' ? r.namedChildren.filter((c) => c.type !== 'comment') : [right];
  return { evaluate: true, args, line: lineOf(bin) };
}

export default defineRule({
  id: 'B703',
  name: 'django-mark-safe',
  banditName: 'django_mark_safe',
  summary: 'Django mark_safe() on a value that may be untrusted',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 80,
  tags: ['xss', 'django'],
  status: 'stable',
  moreInfo: pluginDocs('B703', 'django_mark_safe'),
  query,
  messages: {
    potentialXss: 'Potential XSS on mark_safe function.',
  },
  // The check requires a name in AFFECTED.
  callNames: AFFECTED,
  // Where the call's scope is the module (module level, an async def, a class body), the analysis reads every
  // module-level statement, function bodies included: in a file with such calls, any edit may change a finding.
  fileInputs: { triggers: AFFECTED, read: (text) => (AFFECTED.some((n) => text.includes(n)) ? text : '') },
  check(match, ctx) {
    if (!ctx.file.importedLike('django.utils.safestring')) return undefined;
    const call = ctx.call(match.node);
    if (!AFFECTED.includes(call.name)) return undefined;
    const arg = astArg0(call);
    if (!arg) return undefined; // Bandit raises IndexError: no issue
    if (isStr(arg)) return undefined;
    const x = unparen(arg);
    const scope = scopeOf(match.node);
    const an: Analysis = { scope, params: new Set(scope.type === 'function_definition' ? positionalParams(scope) : []), depth: 0 };
    let secure = false;
    if (x.type === 'identifier') secure = evaluateVar(x.text, an, lineOf(match.node));
    else if (x.type === 'call') secure = evaluateCall(formatCall(x), an);
    else if (x.type === 'binary_operator') {
      const fc = percentCall(x);
      if (fc) secure = evaluateCall(fc, an);
    }
    if (secure) return undefined;
    return { node: match.node, highlight: arg, messageId: 'potentialXss' };
  },
});
