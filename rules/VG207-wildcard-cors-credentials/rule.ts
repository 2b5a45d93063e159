// VG207 wildcard_cors_credentials: CORS that allows any origin together with credentials: Starlette/FastAPI
// CORSMiddleware(allow_origins=["*"], allow_credentials=True) and flask_cors CORS/cross_origin(origins="*",
// supports_credentials=True).
import { defineRule } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import { pyEquals, strValue, unparen } from '../../server/src/engine/python';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const CORS_CLASS = 'CORSMiddleware';
const CORS_MIDDLEWARE = new RegExp(`^(starlette|fastapi)\\.middleware\\.cors\\.${CORS_CLASS}$`);
/** Calls that take the middleware class as their first argument. */
const MIDDLEWARE_WRAPPERS = ['add_middleware', 'Middleware'];
const FLASK_CORS = new Set(['flask_cors.CORS', 'flask_cors.cross_origin']);

function isWildcard(n: Node | undefined): boolean {
  if (!n) return false;
  const u = unparen(n);
  if (strValue(u) === '*') return true;
  return (u.type === 'list' || u.type === 'tuple' || u.type === 'set') && u.namedChildren.some((c) => strValue(c) === '*');
}

export default defineRule({
  id: 'VG207',
  name: 'wildcard-cors-credentials',
  banditName: 'wildcard_cors_credentials',
  summary: 'CORS allows any origin with credentials',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 942,
  tags: ['vigil', 'cors', 'fastapi', 'starlette', 'flask'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/942.html',
  query,
  // CORSMiddleware itself, the wrappers that take it as first argument, and flask_cors' CORS/cross_origin.
  callNames: [CORS_CLASS, ...MIDDLEWARE_WRAPPERS, ...lastNames(FLASK_CORS)],
  messages: {
    wildcard:
      '{api} allows every origin together with credentials, so any web site can make authenticated requests with the user\'s cookies and read the responses.',
  },
  check(match, ctx) {
    if (!ctx.file.importedLike('cors')) return undefined;
    const call = ctx.call(match.node);
    const q = call.qualname;
    // Starlette / FastAPI: CORSMiddleware(app, ...), app.add_middleware(CORSMiddleware, ...), Middleware(CORSMiddleware, ...)
    const first = call.args[0] ? unparen(call.args[0]) : undefined;
    const firstName = first && (first.type === 'identifier' || first.type === 'attribute') ? ctx.file.qualName(first) : '';
    const isCors = (s: string) => CORS_MIDDLEWARE.test(s);
    if (isCors(q) || (MIDDLEWARE_WRAPPERS.includes(call.name) && isCors(firstName))) {
      if (isWildcard(call.kw('allow_origins')) && pyEquals(call.kwValue('allow_credentials') ?? null, 'True')) {
        return { node: match.node, highlight: call.keywords.get('allow_origins')!.node, messageId: 'wildcard', data: { api: 'CORSMiddleware' } };
      }
      return undefined;
    }
    if (FLASK_CORS.has(q)) {
      if (!pyEquals(call.kwValue('supports_credentials') ?? null, 'True')) return undefined;
      if (call.kw('resources') || call.hasStar) return undefined;
      // flask_cors' default origins is '*'.
      const origins = call.kw('origins');
      if (origins === undefined || isWildcard(origins)) {
        return { node: match.node, highlight: call.keywords.get('supports_credentials')!.node, messageId: 'wildcard', data: { api: call.name } };
      }
    }
    return undefined;
  },
});
