// B501 request_with_no_cert_validation: requests/httpx calls with verify=False (Bandit 1.9: the first segment
// of the resolved name must be `requests` or `httpx`).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { removeArgumentEdit } from '../../server/src/engine/edits';
import { pyEquals } from '../../server/src/engine/python';
import { editable, kwLine } from '../_shared/plugin';
import query from './query.scm';

const HTTP_VERBS = ['get', 'options', 'head', 'post', 'put', 'patch', 'delete'];
const HTTPX_ATTRS = [...HTTP_VERBS, 'request', 'stream', 'Client', 'AsyncClient'];

export default defineRule({
  id: 'B501',
  name: 'request-without-cert-validation',
  banditName: 'request_with_no_cert_validation',
  summary: 'requests/httpx call with verify=False',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 295,
  tags: ['tls', 'requests', 'httpx'],
  status: 'stable',
  moreInfo: pluginDocs('B501', 'request_with_no_cert_validation'),
  query,
  messages: {
    noVerify: 'Call to {module} with verify=False disabling SSL certificate checks, security issue.',
  },
  fix: { availability: 'always', safety: 'unsafe', title: 'Remove verify=False' },
  // The check requires a name in HTTPX_ATTRS (which includes HTTP_VERBS).
  callNames: HTTPX_ATTRS,
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!HTTPX_ATTRS.includes(call.name)) return undefined; // HTTPX_ATTRS includes HTTP_VERBS
    const first = call.qualname.split('.')[0]!;
    const ok = (first === 'requests' && HTTP_VERBS.includes(call.name)) || (first === 'httpx' && HTTPX_ATTRS.includes(call.name));
    if (!ok) return undefined;
    if (!pyEquals(call.kwValue('verify') ?? null, 'False')) return undefined;
    const kw = call.keywords.get('verify')!;
    const fixes = editable(match.node) ? [{ title: 'Remove verify=False', safety: 'unsafe' as const, edits: [removeArgumentEdit(kw.node)] }] : [];
    return { node: match.node, line: kwLine(call, 'verify'), highlight: kw.node, messageId: 'noVerify', data: { module: first }, fixes };
  },
});
