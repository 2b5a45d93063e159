// B106 hardcoded_password_funcarg: the first keyword argument of a call whose name looks like a password and
// whose value is a str constant (the empty string included).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { constantString, isJoinedStr, unparen } from '../../server/src/engine/python';
import { envFix, looksLikePassword, mayMentionPassword, spanMayMentionPassword, PASSWORD_FIX_META, PASSWORD_MESSAGE } from '../_shared/passwords';
import type { Node } from '../../server/src/engine/parser';
import query from './query.scm';

/** The longest argument list whose text is searched for a password word before its keywords are read. */
const SEARCHED_MAX = 4096;

export default defineRule({
  id: 'B106',
  name: 'hardcoded-password-funcarg',
  banditName: 'hardcoded_password_funcarg',
  summary: 'Hard-coded password passed as a keyword argument',
  severity: 'LOW',
  confidence: 'MEDIUM',
  cwe: 259,
  tags: ['secrets'],
  status: 'stable',
  moreInfo: pluginDocs('B106', 'hardcoded_password_funcarg'),
  query,
  messages: { hardcodedPassword: PASSWORD_MESSAGE },
  fix: PASSWORD_FIX_META,
  check(match, ctx) {
    // A reported keyword's name lies in the call's text, so most calls are rejected without reading their nodes (the
    // call's extent is known: the engine read it to order the matches).
    const call = match.node;
    if (!spanMayMentionPassword(ctx.file, call.startIndex, call.endIndex)) return undefined;
    const al = call.childForFieldName('arguments');
    if (!al || al.type !== 'argument_list') return undefined;
    // A reported keyword's name looks like a password, so the argument list's text mentions one. Only a short
    // text is searched: calls nested in arguments would each search the text of all those inside them (and the
    // call's own text holds its callee, in `f()()()...` every call before it: 100,000 of them took 60 s).
    if (al.endIndex - al.startIndex <= SEARCHED_MAX && !mayMentionPassword(al.text, ctx.file.asciiOnly)) return undefined;
    // Every keyword in source order (duplicates included, as CPython's `keywords` list).
    const hits: { kw: Node; name: string; value: Node; text: string }[] = [];
    for (const kw of al.namedChildren) {
      if (kw.type !== 'keyword_argument') continue;
      const name = kw.childForFieldName('name');
      const value = kw.childForFieldName('value');
      if (!name || !value) continue;
      const v = unparen(value);
      if (isJoinedStr(v)) continue;
      const s = constantString(v);
      if (!s || s.bytes || !looksLikePassword(name.text)) continue;
      hits.push({ kw, name: name.text, value: v, text: s.value });
    }
    const first = hits[0];
    if (!first) return undefined;
    // Only the first is reported, so the fix replaces them all: fixing one must not reveal the next.
    const fixes = envFix(ctx, first.value, first.name);
    for (const h of hits.slice(1)) {
      const more = envFix(ctx, h.value, h.name);
      if (more.length === 0) return { node: match.node, highlight: first.kw, messageId: 'hardcodedPassword', data: { value: first.text } };
      for (const fix of fixes) fix.edits.push(more[0]!.edits[0]!);
    }
    if (hits.length > 1) for (const fix of fixes) fix.title = 'Read the secrets from environment variables';
    return {
      node: match.node,
      highlight: first.kw,
      messageId: 'hardcodedPassword',
      data: { value: first.text },
      fixes,
    };
  },
});
