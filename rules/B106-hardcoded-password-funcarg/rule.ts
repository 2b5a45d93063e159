// B106 hardcoded_password_funcarg: the first keyword argument of a call whose name looks like a password and
// whose value is a str constant (the empty string included).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { constantString, isJoinedStr, unparen } from '../../server/src/engine/python';
import { envFix, looksLikePassword, PASSWORD_FIX_META, PASSWORD_MESSAGE } from '../_shared/passwords';
import query from './query.scm';

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
    const al = match.node.childForFieldName('arguments');
    if (!al || al.type !== 'argument_list') return undefined;
    // Every keyword in source order (duplicates included, as CPython's `keywords` list).
    for (const kw of al.namedChildren) {
      if (kw.type !== 'keyword_argument') continue;
      const name = kw.childForFieldName('name');
      const value = kw.childForFieldName('value');
      if (!name || !value) continue;
      const v = unparen(value);
      if (isJoinedStr(v)) continue;
      const s = constantString(v);
      if (!s || s.bytes || !looksLikePassword(name.text)) continue;
      return {
        node: match.node,
        highlight: kw,
        messageId: 'hardcodedPassword',
        data: { value: s.value },
        fixes: envFix(ctx, v, name.text),
      };
    }
    return undefined;
  },
});
