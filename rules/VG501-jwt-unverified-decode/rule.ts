// VG501 jwt_unverified_decode: PyJWT `jwt.decode()` with options={"verify_signature": False}, verify=False, or
// algorithms allowing "none".
import { defineRule } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import { pyEquals, strValue, unparen } from '../../server/src/engine/python';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const DECODE = new Set(['jwt.decode', 'jwt.api_jwt.decode', 'jwt.decode_complete', 'jwt.api_jws.decode']);

/** The `"verify_signature": False` pair of an options dict literal. */
function verifyOff(n: Node | undefined): Node | undefined {
  if (!n) return undefined;
  const u = unparen(n);
  if (u.type === 'dictionary') {
    for (const p of u.namedChildren) {
      if (p.type !== 'pair') continue;
      const k = p.childForFieldName('key');
      const v = p.childForFieldName('value');
      if (strValue(k) === 'verify_signature' && v && unparen(v).type === 'false') return p;
    }
  }
  if (u.type === 'call' && u.childForFieldName('function')?.text === 'dict') {
    for (const a of u.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'verify_signature' && unparen(a.childForFieldName('value')!).type === 'false') return a;
    }
  }
  return undefined;
}

export default defineRule({
  id: 'VG501',
  name: 'jwt-unverified-decode',
  banditName: 'jwt_unverified_decode',
  summary: 'JWT decoded without verifying its signature',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 347,
  tags: ['vigil', 'crypto', 'jwt'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/347.html',
  query,
  // Reports only on the DECODE qualnames (`decode`, `decode_complete`).
  callNames: lastNames(DECODE),
  messages: {
    unverified: '{api}() is called with {how}, so the signature is not checked and anyone can forge the token\'s claims.',
  },
  check(match, ctx) {
    if (!ctx.file.importedPrefix('jwt')) return undefined;
    const call = ctx.call(match.node);
    if (!DECODE.has(call.qualname)) return undefined;
    const api = call.qualname.replace(/^jwt\.api_jw[st]\./, 'jwt.');
    const opt = verifyOff(call.kw('options'));
    if (opt) return { node: match.node, highlight: opt, messageId: 'unverified', data: { api, how: 'options={"verify_signature": False}' } };
    if (pyEquals(call.kwValue('verify') ?? null, 'False')) {
      return { node: match.node, highlight: call.keywords.get('verify')!.node, messageId: 'unverified', data: { api, how: 'verify=False' } };
    }
    const algs = call.kw('algorithms');
    if (algs) {
      const u = unparen(algs);
      const items = u.type === 'list' || u.type === 'tuple' ? u.namedChildren : [u];
      const none = items.find((c) => (strValue(c) ?? '').toLowerCase() === 'none');
      if (none) return { node: match.node, highlight: none, messageId: 'unverified', data: { api, how: 'the "none" algorithm allowed' } };
    }
    return undefined;
  },
});
