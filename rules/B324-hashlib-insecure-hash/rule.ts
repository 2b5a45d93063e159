// B324 hashlib: weak hashlib hashes (md4/md5/sha/sha1, directly or via hashlib.new) used for security, and
// weak crypt methods. Bandit 1.9 semantics (the 1.6.2 plugin only knew hashlib.new('md4'/'md5')).
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { appendArgumentEdit } from '../../server/src/engine/edits';
import { pyEquals, unparen, type PyValue } from '../../server/src/engine/python';
import type { Fix } from '../../server/src/engine/types';
import type { CallContext } from '../../server/src/engine/context';
import type { RuleContext } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import { editable, hasDoubleStar } from '../_shared/plugin';
import query from './query.scm';

const WEAK_HASHES = ['md4', 'md5', 'sha', 'sha1'];
const WEAK_CRYPT = ['METHOD_CRYPT', 'METHOD_MD5', 'METHOD_BLOWFISH'];

function strOf(v: PyValue | null | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'name') ? v.value : undefined;
}

/** Bandit: `keywords.get("usedforsecurity", "True") == "True"`. */
function forSecurity(call: CallContext): boolean {
  const v = call.kwValue('usedforsecurity');
  return v === undefined || pyEquals(v, 'True');
}

function fixes(call: CallContext, ctx: RuleContext, nameNode: 'callee' | Node): Fix[] {
  const out: Fix[] = [];
  if (!editable(call.node)) return out;
  const al = call.argumentList;
  const existing = call.kw('usedforsecurity');
  if (existing) {
    out.push({ title: 'Add usedforsecurity=False', safety: 'safe', edits: [ctx.replace(existing, 'False')] });
  } else if (al && al.type === 'argument_list' && !hasDoubleStar(call)) {
    out.push({ title: 'Add usedforsecurity=False', safety: 'safe', edits: [appendArgumentEdit(al, 'usedforsecurity=False')] });
  }
  // Alternative: a strong hash (changes every digest, so unsafe).
  if (nameNode === 'callee') {
    const f = call.func ? unparen(call.func) : null;
    const attr = f?.type === 'attribute' ? f.childForFieldName('attribute') : null;
    if (attr) out.push({ title: 'Use hashlib.sha256', safety: 'unsafe', edits: [ctx.replace(attr, 'sha256')] });
  } else {
    const s = unparen(nameNode);
    const content = s.type === 'string' ? s.namedChildren.filter((c) => c.type === 'string_content') : [];
    if (s.type === 'string' && content.length === 1 && !/[fb]/i.test(s.firstChild?.text ?? '')) {
      out.push({ title: "Use hashlib.new('sha256')", safety: 'unsafe', edits: [ctx.replace(content[0]!, 'sha256')] });
    }
  }
  return out;
}

export default defineRule({
  id: 'B324',
  name: 'hashlib-insecure-hash',
  banditName: 'hashlib',
  banditPlugin: 'hashlib_insecure_functions',
  summary: 'Weak hash (MD4/MD5/SHA1) or crypt method used for security',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 327,
  tags: ['crypto', 'hashlib'],
  status: 'stable',
  moreInfo: pluginDocs('B324', 'hashlib'),
  query,
  messages: {
    weakHash: 'Use of weak {hash} hash for security. Consider usedforsecurity=False',
    weakCrypt: 'Use of insecure crypt.{method} hash function.',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: 'Add usedforsecurity=False' },
  // The check's first test: `new`, `crypt`, `mksalt` or a WEAK_HASHES name.
  callNames: ['new', 'crypt', 'mksalt', ...WEAK_HASHES],
  check(match, ctx): Report | undefined {
    const call = ctx.call(match.node);
    // Both branches need one of these last names (`call.name` is the last part of the qualname).
    const last = call.name;
    if (last !== 'new' && last !== 'crypt' && last !== 'mksalt' && !WEAK_HASHES.includes(last)) return undefined;
    const parts = call.qualname.split('.');
    const func = parts[parts.length - 1]!;
    if (parts.includes('hashlib')) {
      if (WEAK_HASHES.includes(func)) {
        if (!forSecurity(call)) return undefined;
        return { node: match.node, messageId: 'weakHash', data: { hash: func.toUpperCase() }, fixes: fixes(call, ctx, 'callee') };
      }
      if (func === 'new') {
        const nameNode = call.args.length > 0 ? call.args[0] : call.kw('name');
        const name = strOf(call.args.length > 0 ? call.argValue(0) : call.kwValue('name'));
        if (name === undefined || !WEAK_HASHES.includes(name.toLowerCase())) return undefined;
        if (!forSecurity(call)) return undefined;
        return { node: match.node, messageId: 'weakHash', data: { hash: name.toUpperCase() }, fixes: fixes(call, ctx, nameNode!) };
      }
      return undefined;
    }
    if (parts.includes('crypt') && (func === 'crypt' || func === 'mksalt')) {
      const v = func === 'crypt' ? (call.args.length > 1 ? call.argValue(1) : call.kwValue('salt')) : call.args.length > 0 ? call.argValue(0) : call.kwValue('method');
      const method = strOf(v);
      if (method === undefined || !WEAK_CRYPT.includes(method)) return undefined;
      return { node: match.node, messageId: 'weakCrypt', data: { method: method.toUpperCase() }, severity: 'MEDIUM', confidence: 'HIGH' };
    }
    return undefined;
  },
});
