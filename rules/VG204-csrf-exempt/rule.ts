// VG204 csrf_exempt: Django's @csrf_exempt decorator (or csrf_exempt(view) call) turns off CSRF protection.
import { defineRule } from '../../server/src/engine/rule';
import { unparen } from '../../server/src/engine/python';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const NAMES = new Set(['django.views.decorators.csrf.csrf_exempt']);

export default defineRule({
  id: 'VG204',
  name: 'csrf-exempt',
  banditName: 'csrf_exempt',
  summary: 'Django view exempted from CSRF protection',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 352,
  tags: ['vigil', 'django', 'csrf'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/352.html',
  query,
  // The call form reports only on NAMES (decorator matches are not calls, so they are not filtered).
  callNames: lastNames(NAMES),
  messages: {
    exempt:
      'csrf_exempt turns off Django\'s CSRF check for this view, so another site can make a logged-in user\'s browser submit requests to it.',
  },
  // Every report needs an import whose name contains `django.views.decorators`.
  fileGate: (file) => file.mentions('django'),
  check(match, ctx) {
    if (!ctx.file.importedLike('django.views.decorators')) return undefined;
    const n = match.node;
    if (n.type === 'decorator') {
      const expr = n.namedChildren.find((c) => c.type !== 'comment');
      if (!expr) return undefined;
      const e = unparen(expr);
      if (e.type !== 'identifier' && e.type !== 'attribute') return undefined;
      return NAMES.has(ctx.file.qualName(e)) ? { node: n, messageId: 'exempt' } : undefined;
    }
    // `csrf_exempt(view)` in urls.py; a decorator's own call is handled above.
    if (n.parent?.type === 'decorator') return undefined;
    const call = ctx.call(n);
    return NAMES.has(call.qualname) && call.args.length === 1 ? { node: n, messageId: 'exempt' } : undefined;
  },
});
