// B107 hardcoded_password_default: a `def` (not `async def`) whose positional parameter with a password-like name
// has a str-constant default. Bandit pairs `args.args` with `args.defaults` right-aligned; since `defaults` also
// holds the defaults of positional-only parameters, that pairing is reproduced as is.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import { constantString, isJoinedStr, unparen } from '../../server/src/engine/python';
import { envFix, looksLikePassword, mayMentionPassword, spanMayMentionPassword, PASSWORD_FIX_META, PASSWORD_MESSAGE } from '../_shared/passwords';
import query from './query.scm';

interface Param {
  name: string;
  value: Node | null;
}

function param(n: Node): Param | undefined {
  switch (n.type) {
    case 'identifier':
      return { name: n.text, value: null };
    case 'typed_parameter': {
      const id = n.namedChildren.find((c) => c.type === 'identifier');
      return id ? { name: id.text, value: null } : undefined;
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = n.childForFieldName('name');
      return name ? { name: name.text, value: n.childForFieldName('value') } : undefined;
    }
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'B107',
  name: 'hardcoded-password-default',
  banditName: 'hardcoded_password_default',
  summary: 'Hard-coded password as a parameter default',
  severity: 'LOW',
  confidence: 'MEDIUM',
  cwe: 259,
  tags: ['secrets'],
  status: 'stable',
  moreInfo: pluginDocs('B107', 'hardcoded_password_default'),
  query,
  messages: { hardcodedPassword: PASSWORD_MESSAGE },
  fix: PASSWORD_FIX_META,
  check(match, ctx) {
    const def = match.node;
    // The parameter names lie in the definition's text: most definitions are rejected without reading a node.
    if (!spanMayMentionPassword(ctx.file, def.startIndex, def.endIndex)) return undefined;
    const params = def.childForFieldName('parameters');
    if (!params) return undefined;
    // A reported parameter's name looks like a password, so the parameter list's text mentions one.
    if (!mayMentionPassword(params.text, ctx.file.asciiOnly)) return undefined;
    if (def.children.some((c) => c.type === 'async')) return undefined;
    const posonly: Param[] = [];
    let args: Param[] = [];
    for (const c of params.namedChildren) {
      if (c.type === 'comment') continue;
      if (c.type === 'positional_separator') {
        posonly.push(...args);
        args = [];
        continue;
      }
      if (c.type === 'keyword_separator' || c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern') break;
      const p = param(c);
      if (p) args.push(p);
    }
    const defaults = [...posonly, ...args].filter((p) => p.value).map((p) => p.value!);
    const pad = Math.max(0, args.length - defaults.length);
    const defs: (Node | null)[] = [...new Array<null>(pad).fill(null), ...defaults];
    for (let i = 0; i < args.length && i < defs.length; i++) {
      const val = defs[i];
      if (!val) continue;
      const v = unparen(val);
      if (isJoinedStr(v)) continue;
      const s = constantString(v);
      if (!s || s.bytes || !looksLikePassword(args[i]!.name)) continue;
      // Fix only when the pairing is the real one (no positional-only defaults shift it).
      const aligned = !posonly.some((p) => p.value);
      let fixes = aligned ? envFix(ctx, v, args[i]!.name) : [];
      // Only the first is reported, so the fix replaces every later password default too: fixing one must not
      // reveal the next.
      for (let j = i + 1; j < args.length && j < defs.length && fixes.length > 0; j++) {
        const w = defs[j] ? unparen(defs[j]!) : undefined;
        if (!w || isJoinedStr(w)) continue;
        const t = constantString(w);
        if (!t || t.bytes || !looksLikePassword(args[j]!.name)) continue;
        const more = envFix(ctx, w, args[j]!.name);
        if (more.length === 0) fixes = [];
        for (const fix of fixes) {
          fix.edits.push(more[0]!.edits[0]!);
          fix.title = 'Read the secrets from environment variables';
        }
      }
      return {
        node: def,
        highlight: v,
        messageId: 'hardcodedPassword',
        data: { value: s.value },
        fixes,
      };
    }
    return undefined;
  },
});
