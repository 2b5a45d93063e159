// B113 request_without_timeout (Bandit 1.9): `requests.<verb>(...)` whose `timeout=` keyword is missing (or is
// not a literal Bandit can read), and `requests.<verb>` / `httpx.<verb|request|stream|Client|AsyncClient>`
// with `timeout=None`. The first segment of the resolved name must be `requests` / `httpx`.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { appendArgumentEdit } from '../../server/src/engine/edits';
import { pyEquals, unparen } from '../../server/src/engine/python';
import type { Fix } from '../../server/src/engine/types';
import query from './query.scm';

const VERBS = new Set(['get', 'options', 'head', 'post', 'put', 'patch', 'delete']);
const HTTPX = new Set([...VERBS, 'request', 'stream', 'Client', 'AsyncClient']);
const TITLE = 'Set timeout=30';

export default defineRule({
  id: 'B113',
  name: 'request-without-timeout',
  banditName: 'request_without_timeout',
  summary: 'HTTP request without a timeout',
  severity: 'MEDIUM',
  confidence: 'LOW',
  cwe: 400,
  tags: ['requests', 'httpx', 'availability'],
  status: 'stable',
  moreInfo: pluginDocs('B113', 'request_without_timeout'),
  query,
  messages: {
    noTimeout: 'Call to {module} without timeout',
    timeoutNone: 'Call to {module} with timeout set to None',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: TITLE },
  // The check requires a name in HTTPX (which includes VERBS).
  callNames: [...HTTPX],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!HTTPX.has(call.name)) return undefined; // HTTPX includes VERBS
    const module = call.qualname.split('.')[0];
    const isRequests = module === 'requests' && VERBS.has(call.name);
    const isHttpx = module === 'httpx' && HTTPX.has(call.name);
    if (!isRequests && !isHttpx) return undefined;
    const timeout = call.kwValue('timeout');
    const al = call.argumentList;
    const fixes: Fix[] = [];
    // Absent, or present but not a literal (`timeout=get_timeout()`): Bandit's check_call_arg_value returns None.
    if (isRequests && (timeout === undefined || timeout === null)) {
      if (timeout === undefined && !call.hasStar && al?.type === 'argument_list' && !al.hasError) {
        fixes.push({ title: TITLE, safety: 'safe', edits: [appendArgumentEdit(al, 'timeout=30')] });
      }
      return { node: match.node, highlight: call.func ?? match.node, messageId: 'noTimeout', data: { module }, fixes };
    }
    if (timeout && pyEquals(timeout, 'None')) {
      const value = unparen(call.kw('timeout')!);
      if (value.type === 'none') fixes.push({ title: TITLE, safety: 'safe', edits: [ctx.replace(value, '30')] });
      return {
        node: match.node,
        highlight: call.keywords.get('timeout')!.node,
        messageId: 'timeoutNone',
        data: { module },
        fixes,
      };
    }
    return undefined;
  },
});
