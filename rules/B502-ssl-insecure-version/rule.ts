// B502 ssl_with_bad_version: a broken SSL/TLS protocol constant passed as `ssl_version=` or `method=`.
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { unparen, type PyValue } from '../../server/src/engine/python';
import type { CallContext } from '../../server/src/engine/context';
import type { RuleContext } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import { badProtocolVersions } from '../_shared/ssl';
import { editable, kwLine } from '../_shared/plugin';
import query from './query.scm';

/** Bandit's `check_call_arg_value(name, list)`: the keyword's literal value is in the list. */
function isBad(v: PyValue | null | undefined, bad: string[]): boolean {
  return !!v && (v.kind === 'str' || v.kind === 'name') && bad.includes(v.value);
}

/** `ssl.<BAD>` attribute values become `ssl.PROTOCOL_TLS_CLIENT` (keeping the module alias). */
function fixFor(call: CallContext, ctx: RuleContext, names: string[], bad: string[]): Fix[] {
  if (!editable(call.node)) return [];
  const edits = [];
  for (const name of names) {
    if (!isBad(call.kwValue(name), bad)) continue;
    const v = unparen(call.kw(name)!);
    if (v.type !== 'attribute') continue;
    const obj = v.childForFieldName('object');
    if (!obj || ctx.file.qualName(obj) !== 'ssl') continue;
    const attr = v.childForFieldName('attribute')!;
    edits.push(ctx.replace(attr, 'PROTOCOL_TLS_CLIENT'));
  }
  return edits.length ? [{ title: 'Use ssl.PROTOCOL_TLS_CLIENT', safety: 'unsafe', edits }] : [];
}

/** A report needs one of these keywords (`fileGate`). */
const GATE_WORDS = ['ssl_version', 'method'];

export default defineRule({
  id: 'B502',
  name: 'ssl-insecure-version',
  banditName: 'ssl_with_bad_version',
  summary: 'Broken SSL/TLS protocol version requested',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 327,
  tags: ['tls', 'ssl'],
  status: 'stable',
  moreInfo: pluginDocs('B502', 'ssl_with_bad_version'),
  query,
  messages: {
    wrapSocket: 'ssl.wrap_socket call with insecure SSL/TLS protocol version identified, security issue.',
    sslContext: 'SSL.Context call with insecure SSL/TLS protocol version identified, security issue.',
    otherCall: 'Function call with insecure SSL/TLS protocol identified, possible security issue.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Use ssl.PROTOCOL_TLS_CLIENT' },
  fileGate: (file) => file.mentionsAny(GATE_WORDS),
  check(match, ctx): Report | undefined {
    const call = ctx.call(match.node);
    // Every report needs `ssl_version=` or `method=`.
    if (!call.mayHaveKeyword('ssl_version') && !call.mayHaveKeyword('method')) return undefined;
    const bad = badProtocolVersions(ctx.options);
    if (call.qualname === 'ssl.wrap_socket') {
      if (!isBad(call.kwValue('ssl_version'), bad)) return undefined;
      return { node: match.node, line: kwLine(call, 'ssl_version'), messageId: 'wrapSocket', fixes: fixFor(call, ctx, ['ssl_version'], bad) };
    }
    if (call.qualname === 'pyOpenSSL.SSL.Context') {
      if (!isBad(call.kwValue('method'), bad)) return undefined;
      return { node: match.node, line: kwLine(call, 'method'), messageId: 'sslContext', fixes: fixFor(call, ctx, ['method'], bad) };
    }
    if (!isBad(call.kwValue('method'), bad) && !isBad(call.kwValue('ssl_version'), bad)) return undefined;
    // Bandit: `get_lineno_for_call_arg('method') or get_lineno_for_call_arg('ssl_version')`.
    const line = kwLine(call, 'method') ?? kwLine(call, 'ssl_version');
    return {
      node: match.node,
      line,
      messageId: 'otherCall',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      fixes: fixFor(call, ctx, ['method', 'ssl_version'], bad),
    };
  },
});
