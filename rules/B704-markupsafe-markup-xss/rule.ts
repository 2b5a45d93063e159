// B704 markupsafe_markup_xss (Bandit 1.9): markupsafe.Markup / flask.Markup (plus configured names) called
// with a positional argument 0 that is not a constant, unless it is a call to a configured allowed function.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { DEFAULT_OPTIONS, pluginBlock, type RuleOptions } from '../../server/src/engine/options';
import { constantString, isJoinedStr, unparen } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import { astArg0 } from '../_shared/plugin';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const MARKUP = ['markupsafe.Markup', 'flask.Markup'];
const CONSTANTS = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);

/** The `markupsafe_xss` config block. */
function markupConfig(options: RuleOptions) {
  return pluginBlock(options, 'markupsafe_xss', { extend_markup_names: [] as unknown, allowed_calls: [] as unknown });
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** `isinstance(node, ast.Constant)`. */
function isConstant(n: Node): boolean {
  const x = unparen(n);
  if (CONSTANTS.has(x.type)) return true;
  if ((x.type === 'string' || x.type === 'concatenated_string') && !isJoinedStr(x)) return constantString(x) !== undefined;
  return false;
}

export default defineRule({
  id: 'B704',
  name: 'markupsafe-markup-xss',
  banditName: 'markupsafe_markup_xss',
  summary: 'markupsafe.Markup() on a value that may be untrusted',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 79,
  tags: ['xss', 'markupsafe', 'flask'],
  status: 'stable',
  moreInfo: pluginDocs('B704', 'markupsafe_markup_xss'),
  query,
  messages: {
    markupXss: 'Potential XSS with ``{qualname}`` detected. Do not use ``{name}`` on untrusted data.',
  },
  // The check requires a qualname in MARKUP or the configured extend_markup_names (read as the check does).
  callNames: (plugins) => lastNames(MARKUP, strList(markupConfig({ ...DEFAULT_OPTIONS, plugins }).extend_markup_names)),
  check(match, ctx) {
    const call = ctx.call(match.node);
    const cfg = markupConfig(ctx.options);
    if (!MARKUP.includes(call.qualname) && !strList(cfg.extend_markup_names).includes(call.qualname)) return undefined;
    const arg = astArg0(call);
    if (!arg || isConstant(arg)) return undefined;
    const allowed = strList(cfg.allowed_calls);
    const a = unparen(arg);
    if (allowed.length && a.type === 'call' && allowed.includes(ctx.file.qualName(a.childForFieldName('function')))) return undefined;
    return { node: match.node, highlight: arg, messageId: 'markupXss', data: { qualname: call.qualname, name: call.name } };
  },
});
