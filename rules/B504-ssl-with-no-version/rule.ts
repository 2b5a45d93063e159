// B504 ssl_with_no_version: ssl.wrap_socket() without a literal ssl_version= keyword.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { unparen } from '../../server/src/engine/python';
import type { Fix } from '../../server/src/engine/types';
import { editable, hasDoubleStar, kwLine } from '../_shared/plugin';
import query from './query.scm';

/** Keywords of ssl.wrap_socket that SSLContext.wrap_socket also takes with the same meaning. */
const PORTABLE = ['do_handshake_on_connect', 'suppress_ragged_eofs'];

export default defineRule({
  id: 'B504',
  name: 'ssl-with-no-version',
  banditName: 'ssl_with_no_version',
  summary: 'ssl.wrap_socket() without an explicit protocol version',
  severity: 'LOW',
  confidence: 'MEDIUM',
  cwe: 327,
  tags: ['tls', 'ssl'],
  status: 'stable',
  moreInfo: pluginDocs('B504', 'ssl_with_no_version'),
  query,
  messages: {
    noVersion:
      'ssl.wrap_socket call with no SSL/TLS protocol version specified, the default SSLv23 could be insecure, possible security issue.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Use ssl.create_default_context().wrap_socket()' },
  // The check requires qualname === 'ssl.wrap_socket'.
  callNames: ['wrap_socket'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.qualname !== 'ssl.wrap_socket') return undefined;
    // Bandit's check_call_arg_value('ssl_version') is None when the keyword is absent *or* not a literal.
    const v = call.kwValue('ssl_version');
    if (v !== undefined && v !== null) return undefined;
    const fixes: Fix[] = [];
    const f = call.func ? unparen(call.func) : null;
    const obj = f?.type === 'attribute' ? f.childForFieldName('object') : null;
    const portable =
      call.args.length === 1 &&
      !call.hasStar &&
      !hasDoubleStar(call) &&
      [...call.keywords.keys()].every((k) => PORTABLE.includes(k));
    if (obj && ctx.file.qualName(obj) === 'ssl' && portable && editable(match.node)) {
      const attr = f!.childForFieldName('attribute')!;
      fixes.push({
        title: 'Use ssl.create_default_context().wrap_socket()',
        safety: 'unsafe',
        edits: [ctx.replace(attr, 'create_default_context().wrap_socket')],
      });
    }
    return { node: match.node, line: kwLine(call, 'ssl_version'), messageId: 'noVersion', fixes };
  },
});
