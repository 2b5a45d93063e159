// B701 jinja2_autoescape_false: jinja2 Environment() without autoescape, or with autoescape=False or a
// value other than True / select_autoescape(...).
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { appendArgumentEdit } from '../../server/src/engine/edits';
import { unparen } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import type { Fix } from '../../server/src/engine/types';
import { editable, hasDoubleStar } from '../_shared/plugin';
import query from './query.scm';

/**
 * The `autoescape=` keyword Bandit finds: it walks the whole call (`ast.walk`, breadth-first), so the call's
 * own keywords come first, then keywords of calls nested in its arguments.
 */
function findAutoescape(call: Node): Node | undefined {
  const queue: Node[] = [call];
  while (queue.length) {
    const n = queue.shift()!;
    if (n.type === 'keyword_argument' && n.childForFieldName('name')?.text === 'autoescape') return n;
    for (const c of n.namedChildren) queue.push(c);
  }
  return undefined;
}

export default defineRule({
  id: 'B701',
  name: 'jinja2-autoescape-false',
  banditName: 'jinja2_autoescape_false',
  summary: 'jinja2 Environment without HTML autoescaping',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 94,
  tags: ['xss', 'jinja2', 'templates'],
  status: 'stable',
  moreInfo: pluginDocs('B701', 'jinja2_autoescape_false'),
  query,
  messages: {
    autoescapeFalse:
      'Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.',
    autoescapeUnknown:
      'Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Ensure autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.',
    autoescapeDefault:
      'By default, jinja2 sets autoescape to False. Consider using autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: 'Set autoescape=True' },
  // The check requires name === 'Environment'.
  callNames: ['Environment'],
  check(match, ctx): Report | undefined {
    const call = ctx.call(match.node);
    if (call.name !== 'Environment') return undefined;
    const parts = call.qualname.split('.');
    if (!parts.includes('jinja2') || parts[parts.length - 1] !== 'Environment') return undefined;
    const kw = findAutoescape(match.node);
    const fixes: Fix[] = [];
    const canEdit = editable(match.node);
    if (!kw) {
      const al = call.argumentList;
      if (canEdit && al?.type === 'argument_list' && !hasDoubleStar(call)) {
        fixes.push({ title: 'Add autoescape=True', safety: 'safe', edits: [appendArgumentEdit(al, 'autoescape=True')] });
      }
      return { node: match.node, messageId: 'autoescapeDefault', fixes };
    }
    const value = unparen(kw.childForFieldName('value')!);
    if (value.type === 'false') {
      if (canEdit) fixes.push({ title: 'Set autoescape=True', safety: 'safe', edits: [ctx.replace(value, 'True')] });
      return { node: match.node, highlight: kw, messageId: 'autoescapeFalse', fixes };
    }
    if (value.type === 'true') return undefined;
    if (value.type === 'call') {
      const f = value.childForFieldName('function');
      const fn = f ? unparen(f) : undefined;
      // Bandit 1.6.2 accepts only the bare name `select_autoescape(...)`; `jinja2.select_autoescape(...)` is
      // accepted here as well (documented difference).
      const last = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (last === 'select_autoescape') return undefined;
    }
    return { node: match.node, highlight: kw, messageId: 'autoescapeUnknown', confidence: 'MEDIUM' };
  },
});
