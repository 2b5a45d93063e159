// B610 django_extra_used: any call named `extra` (no import check) whose where/tables are not lists of str
// literals or whose select is not a dict of str literals.
import type { Node } from '../../server/src/engine/parser';
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { unparen } from '../../server/src/engine/python';
import { isStrConstant, positionalArgs } from '../_shared/shell';
import query from './query.scm';

const POSITIONAL = ['select', 'where', 'params', 'tables', 'order_by', 'select_params'];

function items(n: Node): Node[] {
  return n.namedChildren.filter((c) => c.type !== 'comment');
}

export default defineRule({
  id: 'B610',
  name: 'django-extra-used',
  banditName: 'django_extra_used',
  summary: 'Django QuerySet.extra() with non-literal SQL',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 89,
  tags: ['injection', 'sql', 'django'],
  status: 'stable',
  moreInfo: pluginDocs('B610', 'django_extra_used'),
  query,
  messages: {
    extra: 'Use of extra potential SQL attack vector.',
  },
  // The check requires name === 'extra'.
  callNames: ['extra'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.name !== 'extra') return undefined;
    const kwargs = new Map<string, Node>();
    for (const [k, v] of call.keywords) kwargs.set(k, v.value);
    positionalArgs(call).forEach((a, i) => {
      if (i < POSITIONAL.length) kwargs.set(POSITIONAL[i]!, a);
    });
    let insecure = false;
    for (const key of ['where', 'tables']) {
      const v = kwargs.get(key);
      if (!v) continue;
      const n = unparen(v);
      if (n.type === 'list') {
        if (items(n).some((e) => !isStrConstant(e))) insecure = true;
      } else insecure = true;
      if (insecure) break;
    }
    const select = kwargs.get('select');
    if (!insecure && select) {
      const n = unparen(select);
      if (n.type === 'dictionary') {
        for (const p of items(n)) {
          if (p.type !== 'pair' || !isStrConstant(p.childForFieldName('key') ?? undefined) || !isStrConstant(p.childForFieldName('value') ?? undefined)) {
            insecure = true;
            break;
          }
        }
      } else insecure = true;
    }
    return insecure ? { node: match.node, messageId: 'extra' } : undefined;
  },
});
