// B202 tarfile_unsafe_members (Bandit 1.9): in a file that has `import tarfile`, a call whose name contains
// `extractall`, unless `filter="data"`. No `members=`: HIGH/HIGH; `members=f(...)`: LOW/LOW; other `members=`:
// MEDIUM/MEDIUM. Where Bandit's plugin raises (and so reports nothing) we report nothing too: a `members=` call
// whose callee is not a plain name, and a `filter=` value that has no `.value` in CPython's AST (a Name, a Call...).
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { appendArgumentEdit } from '../../server/src/engine/edits';
import type { Node } from '../../server/src/engine/parser';
import { constantString, isJoinedStr, unparen } from '../../server/src/engine/python';
import type { Fix } from '../../server/src/engine/types';
import query from './query.scm';

const TITLE = 'Add filter="data"';

/** CPython AST class names, for Bandit's repr of a non-Name `members=` value. */
const AST_CLASS: Record<string, string> = {
  attribute: 'Attribute',
  subscript: 'Subscript',
  list: 'List',
  tuple: 'Tuple',
  set: 'Set',
  dictionary: 'Dict',
  list_comprehension: 'ListComp',
  generator_expression: 'GeneratorExp',
  set_comprehension: 'SetComp',
  dictionary_comprehension: 'DictComp',
  string: 'Constant',
  concatenated_string: 'Constant',
  integer: 'Constant',
  float: 'Constant',
  none: 'Constant',
  true: 'Constant',
  false: 'Constant',
  binary_operator: 'BinOp',
  boolean_operator: 'BoolOp',
  conditional_expression: 'IfExp',
  lambda: 'Lambda',
  await: 'Await',
  unary_operator: 'UnaryOp',
  not_operator: 'UnaryOp',
  comparison_operator: 'Compare',
  named_expression: 'NamedExpr',
};

/** CPython's AST class name for `n` (an f-string is a JoinedStr, not a Constant). */
function astClass(n: Node): string {
  return isJoinedStr(n) ? 'JoinedStr' : (AST_CLASS[n.type] ?? 'expr');
}

/** Whether CPython's node for `n` has a `.value` attribute (Constant, Attribute, Subscript, Starred, ...). */
function hasValueAttr(n: Node): boolean {
  if (isJoinedStr(n)) return false; // an f-string is a JoinedStr (`.values`, no `.value`)
  return ['string', 'concatenated_string', 'integer', 'float', 'none', 'true', 'false', 'ellipsis', 'attribute', 'subscript', 'await', 'named_expression'].includes(n.type);
}

export default defineRule({
  id: 'B202',
  name: 'tarfile-unsafe-members',
  banditName: 'tarfile_unsafe_members',
  summary: 'tarfile.extractall() without member validation',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 22,
  tags: ['tarfile', 'path-traversal'],
  status: 'stable',
  moreInfo: pluginDocs('B202', 'tarfile_unsafe_members'),
  query,
  messages: {
    noValidation: 'tarfile.extractall used without any validation. Please check and discard dangerous members.',
    membersFunction:
      'Usage of tarfile.extractall(members=function(tarfile)). Make sure your function properly discards dangerous members ({members}).',
    membersOther:
      "Found tarfile.extractall(members=?) but couldn't identify the type of members. Check if the members were properly validated ({members}).",
  },
  fix: { availability: 'sometimes', safety: 'safe', title: TITLE },
  // The check requires `name.includes('extractall')`.
  callNames: [/extractall/],
  check(match, ctx) {
    if (!ctx.file.importedExact('tarfile')) return undefined;
    const call = ctx.call(match.node);
    if (!call.name.includes('extractall')) return undefined;
    const al = call.argumentList;
    const kws = al?.type === 'argument_list' ? al.namedChildren.filter((c) => c.type === 'keyword_argument') : [];
    const first = (name: string) => kws.find((k) => k.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
    const filter = first('filter');
    if (filter) {
      const f = unparen(filter);
      if (!hasValueAttr(f)) return undefined; // Bandit's `keyword.value.value` raises
      const v = constantString(f);
      if (v && !v.bytes && v.value === 'data') return undefined;
    }
    const members = first('members');
    const base = { node: match.node, highlight: call.func ?? match.node };
    if (members) {
      const m = unparen(members);
      if (m.type === 'call') {
        const fn = m.childForFieldName('function');
        if (!fn || unparen(fn).type !== 'identifier') return undefined; // Bandit's `arg.func.id` raises
        return {
          ...base,
          messageId: 'membersFunction',
          data: { members: `{'Function': '${unparen(fn).text}'}` },
          severity: 'LOW',
          confidence: 'LOW',
        } satisfies Report;
      }
      const shown = m.type === 'identifier' ? `'${m.text}'` : `<ast.${astClass(m)} object>`;
      return { ...base, messageId: 'membersOther', data: { members: `{'Other': ${shown}}` }, severity: 'MEDIUM', confidence: 'MEDIUM' };
    }
    const fixes: Fix[] = [];
    // ZipFile.extractall() has no `filter` parameter: no fix when the callee mentions zip.
    const zipLike = /zip/i.test(call.func?.text ?? '') || /zip/i.test(call.qualname);
    if (!filter && !zipLike && call.name === 'extractall' && !call.hasStar && al?.type === 'argument_list' && !al.hasError) {
      fixes.push({ title: TITLE, safety: 'safe', edits: [appendArgumentEdit(al, 'filter="data"')] });
    }
    return { ...base, messageId: 'noValidation', fixes };
  },
});
