// B105 hardcoded_password_string (Bandit 1.9): a str constant that is (a) the value assigned to a Name or Attribute
// whose name looks like a password, (b) a password-like key of `d[key] = "str"`, (c) a password-like dict-literal
// key whose value is any constant, or (d) an operand of `password == "str"` (left side a Name or Attribute).
import { defineRule, pluginDocs, type Report, type RuleContext } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import { astParent, constantString, isJoinedStr, unparen } from '../../server/src/engine/python';
import { strConstants, type StrConstant } from '../_shared/strings';
import { constantText, envFix, literalMayLookLikePassword, looksLikePassword, PASSWORD_FIX_META, PASSWORD_MESSAGE } from '../_shared/passwords';
import query from './query.scm';

/** The identifier Bandit tests for an assignment target or compare operand: Name id or Attribute attr. */
function targetName(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  const t = unparen(n);
  if (t.type === 'identifier') return t.text;
  if (t.type === 'attribute') return t.childForFieldName('attribute')?.text;
  return undefined;
}

/** A str Constant (not bytes, not an f-string). */
function strLiteral(n: Node | null | undefined): { node: Node; value: string } | undefined {
  if (!n) return undefined;
  const u = unparen(n);
  if (isJoinedStr(u)) return undefined;
  const v = constantString(u);
  return v && !v.bytes ? { node: u, value: v.value } : undefined;
}

/** A plain `=` assignment (CPython Assign): not annotated. Returns its targets (outermost first) and value. */
function assignOf(a: Node): { targets: Node[]; value: Node | null } | undefined {
  if (a.type !== 'assignment' || a.childForFieldName('type')) return undefined;
  // `a = b = v` is nested in tree-sitter: climb to the outermost assignment, then walk down.
  let top = a;
  while (top.parent?.type === 'assignment' && top.parent.childForFieldName('right')?.id === top.id) top = top.parent;
  const targets: Node[] = [];
  let cur: Node | null = top;
  while (cur && cur.type === 'assignment') {
    if (cur.childForFieldName('type')) return undefined;
    const left = cur.childForFieldName('left');
    if (left) targets.push(left);
    cur = cur.childForFieldName('right');
  }
  return { targets, value: cur };
}

function report(ctx: RuleContext, c: StrConstant, value: string, replace: Node | undefined, target: string): Report {
  return {
    node: c.node,
    lineRangeRows: c.rows,
    messageId: 'hardcodedPassword',
    data: { value },
    fixes: replace ? envFix(ctx, replace, target) : [],
  };
}

/** The AST parents `checkConstant` reports under. */
const REPORTING_PARENTS = new Set(['assignment', 'subscript', 'dictionary', 'comparison_operator']);

function checkConstant(c: StrConstant, ctx: RuleContext): Report | undefined {
  const p = c.parent;
  const lit = c.literal;
  if (!p || !lit) return undefined; // f-string parts: their parent is the JoinedStr
  if (p.type === 'assignment') {
    const a = assignOf(p);
    if (!a || !a.value || unparen(a.value).id !== lit.id) return undefined;
    for (const t of a.targets) {
      const name = targetName(t);
      if (name !== undefined && looksLikePassword(name)) return report(ctx, c, c.value, lit, name);
    }
    return undefined;
  }
  if (p.type === 'subscript') {
    // `d["password"] = "x"`: the key's parent is the Subscript, whose parent must be an Assign of a str.
    if (!looksLikePassword(c.value)) return undefined;
    const slices = p.childrenForFieldName('subscript');
    if (slices.length !== 1 && slices.some((s) => unparen(s).id === lit.id)) return undefined; // a Tuple slice
    let up = p.parent;
    while (up && up.type === 'parenthesized_expression') up = up.parent;
    if (!up || up.type !== 'assignment') return undefined;
    const a = assignOf(up);
    if (!a) return undefined;
    // `x = d["password"]` has the Subscript as its value, not a str: no report.
    const val = strLiteral(a.value);
    if (!val) return undefined;
    return report(ctx, c, val.value, val.node, c.value);
  }
  if (p.type === 'dictionary') {
    // `{"password": <constant>}`: the key looks like a password and its value is any Constant.
    let pair = lit.parent;
    while (pair?.type === 'parenthesized_expression') pair = pair.parent; // `{(("password")): ...}`
    if (pair?.type !== 'pair' || unparen(pair.childForFieldName('key')!).id !== lit.id) return undefined;
    if (!looksLikePassword(c.value)) return undefined;
    const v = pair.childForFieldName('value');
    if (!v) return undefined;
    const text = constantText(v);
    if (text === undefined) return undefined;
    // The fix only replaces str values: `None`/numbers usually mean "not configured".
    return report(ctx, c, text, strLiteral(v) ? unparen(v) : undefined, c.value);
  }
  if (p.type === 'comparison_operator') {
    // Bandit reads `left` and `comparators[0]`: the first two operands. Stop there, for every string of a chain
    // `a == "x" == "y" == ...` asks (a generated chain of thousands took minutes and gigabytes).
    const operands: Node[] = [];
    for (let i = 0; i < p.childCount && operands.length < 2; i++) {
      const ch = p.child(i)!;
      if (!ch.isNamed || ch.type === 'comment' || p.fieldNameForChild(i) === 'operators') continue;
      operands.push(ch);
    }
    const name = targetName(operands[0]);
    if (name === undefined || !looksLikePassword(name)) return undefined;
    const first = strLiteral(operands[1]);
    if (!first) return undefined;
    return report(ctx, c, first.value, first.node, name);
  }
  return undefined;
}

export default defineRule({
  id: 'B105',
  name: 'hardcoded-password-string',
  banditName: 'hardcoded_password_string',
  summary: 'Hard-coded password string',
  severity: 'LOW',
  confidence: 'MEDIUM',
  cwe: 259,
  tags: ['secrets'],
  status: 'stable',
  moreInfo: pluginDocs('B105', 'hardcoded_password_string'),
  query,
  messages: { hardcodedPassword: PASSWORD_MESSAGE },
  fix: PASSWORD_FIX_META,
  check(match, ctx) {
    // Only a literal whose AST parent is one of these can report (checkConstant): decide that before decoding.
    const node = match.node;
    // Arguments of calls and pieces of implicit concatenations are decided by their direct parent alone.
    const direct = node.parent;
    if (direct?.type === 'argument_list' || direct?.type === 'concatenated_string') return undefined;
    if (direct?.type === 'pair' || direct?.type === 'subscript') {
      // A dict pair reports on its key (a value starts after its pair does), a subscript on its key: in both cases
      // only when the key's own value looks like a password (checkConstant).
      if (direct.type === 'pair' && node.startIndex !== direct.startIndex) return undefined;
      if (node.type === 'string' && !literalMayLookLikePassword(node.text)) return undefined;
    }
    const parent = astParent(node);
    if (!parent || !REPORTING_PARENTS.has(parent.type)) return undefined;
    const out: Report[] = [];
    for (const c of strConstants(node)) {
      const r = checkConstant(c, ctx);
      if (r) out.push(r);
    }
    return out;
  },
});
