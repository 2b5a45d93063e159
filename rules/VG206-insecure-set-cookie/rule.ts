// VG206 insecure_set_cookie: `.set_cookie()` / `.set_signed_cookie()` on a response without secure=True or
// httponly=True, or with samesite="None", in files importing flask, django, starlette or fastapi.
import { defineRule } from '../../server/src/engine/rule';
import { appendArgumentEdit } from '../../server/src/engine/edits';
import { strValue, unparen } from '../../server/src/engine/python';
import type { TextEdit } from '../../server/src/engine/types';
import type { Report } from '../../server/src/engine/rule';
import { isTestPath } from '../_shared/django';
import query from './query.scm';

/** The cookie-setting methods (on any receiver: the check reads the attribute text). */
const METHODS = new Set(['set_cookie', 'set_signed_cookie']);

const TITLE = 'Add secure=True and httponly=True';

export default defineRule({
  id: 'VG206',
  name: 'insecure-set-cookie',
  banditName: 'insecure_set_cookie',
  summary: 'Cookie set without Secure/HttpOnly, or with SameSite=None',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 614,
  tags: ['vigil', 'cookies', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/614.html',
  query,
  // The callee must be `<any>.<METHODS>`; the name of an attribute call is its attribute.
  callNames: [...METHODS],
  messages: {
    missing: '{method}() sets a cookie without {flags}, so it {effect}.',
    samesiteNone: '{method}() sets a cookie with samesite="None", so browsers send it on cross-site requests (CSRF).',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: TITLE },
  check(match, ctx): Report | undefined {
    if (isTestPath(ctx.options.filename)) return undefined;
    const func = match.node.childForFieldName('function');
    if (func?.type !== 'attribute') return undefined;
    const method = func.childForFieldName('attribute')?.text;
    if (method === undefined || !METHODS.has(method)) return undefined;
    const call = ctx.call(match.node);
    const f = ctx.file;
    if (!f.importedLike('flask') && !f.importedLike('django') && !f.importedLike('starlette') && !f.importedLike('fastapi') && !f.importedLike('werkzeug')) return undefined;
    if (call.hasStar || (call.args.length === 0 && !call.kw('key'))) return undefined;
    // Deleting a cookie (an expired one) carries no value worth protecting.
    const maxAge = call.kw('max_age');
    const expires = call.kw('expires');
    if ((maxAge && /^0+$/.test(unparen(maxAge).text)) || (expires && /^0+$|1970/.test(unparen(expires).text))) return undefined;
    const samesite = call.kw('samesite');
    // The string "None" sends `SameSite=None`; the Python value None means "no attribute" (the browser's Lax).
    if (samesite && strValue(samesite)?.toLowerCase() === 'none') {
      return { node: match.node, highlight: call.keywords.get('samesite')!.node, messageId: 'samesiteNone', data: { method } };
    }
    const missing: string[] = [];
    const edits: TextEdit[] = [];
    for (const flag of ['secure', 'httponly']) {
      const v = call.kw(flag);
      if (v === undefined) {
        missing.push(flag);
        continue;
      }
      const u = unparen(v);
      // A run-time value (settings.SESSION_COOKIE_SECURE, request.is_secure()) is trusted.
      if (u.type === 'false' || u.type === 'none') {
        missing.push(flag);
        edits.push(ctx.replace(u, 'True'));
      }
    }
    if (missing.length === 0) return undefined;
    const toAppend = missing.filter((m) => call.kw(m) === undefined).map((m) => `${m}=True`);
    if (toAppend.length > 0 && call.argumentList) edits.push(appendArgumentEdit(call.argumentList, toAppend.join(', ')));
    const effect =
      missing.length === 2
        ? 'is sent over plain HTTP and readable by JavaScript (and by any XSS payload)'
        : missing[0] === 'secure'
          ? 'is also sent over plain HTTP, where a network attacker can read it'
          : 'is readable by JavaScript (and by any XSS payload)';
    return {
      node: match.node,
      highlight: func.childForFieldName('attribute')!,
      messageId: 'missing',
      data: { method, flags: missing.map((m) => `${m}=True`).join(' and '), effect },
      fixes: [{ title: TITLE, safety: 'unsafe', edits }],
    };
  },
});
