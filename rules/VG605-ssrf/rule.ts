// VG605 ssrf: request data becomes the URL (or its host) of an outgoing HTTP request (requests, httpx,
// urllib.request) within one function. A URL whose scheme and host are fixed by a literal prefix is not flagged.
import { defineRule } from '../../server/src/engine/rule';
import { taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream']);
/** requests/httpx functions whose URL is the second argument. */
const GENERIC = 'request';
const URLLIB = new Set(['urllib.request.urlopen', 'urllib.request.Request', 'urllib.request.urlretrieve', 'urllib2.urlopen', 'urllib.urlopen']);

function urlArg(qualname: string): [string, number] | undefined {
  const dot = qualname.lastIndexOf('.');
  const mod = qualname.slice(0, dot);
  const name = qualname.slice(dot + 1);
  if (mod === 'requests' || mod === 'httpx' || mod === 'requests.api') {
    if (VERBS.has(name)) return ['url', 0];
    if (name === GENERIC) return ['url', 1];
  }
  if (URLLIB.has(qualname)) return ['url', 0];
  return undefined;
}

export default defineRule({
  id: 'VG605',
  name: 'ssrf',
  banditName: 'ssrf',
  summary: 'Request data used as the URL of an outgoing request',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 918,
  tags: ['vigil', 'ssrf', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/918.html',
  query,
  // Sink names: VERBS, GENERIC (requests/httpx) and URLLIB, as matched by urlArg().
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: [...VERBS, GENERIC, ...lastNames(URLLIB)],
  messages: {
    tainted:
      '{source} read on line {line} reaches {sink} as the URL, so a client can make the server request internal hosts or cloud metadata endpoints.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const spec = urlArg(call.qualname);
    if (!spec) return undefined;
    const root = call.qualname.split('.')[0]!;
    if (!ctx.file.importedPrefix(root)) return undefined;
    if (!taintPossible(ctx.file)) return undefined;
    const arg = call.kw(spec[0]) ?? call.args[spec[1]];
    if (!arg) return undefined;
    const t = taintAt(ctx, arg, match.node);
    return t && !t.container && !t.prefixFixed ? taintReport(call, arg, t, call.qualname) : undefined;
  },
});
