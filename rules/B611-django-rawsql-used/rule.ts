// B611 django_rawsql_used: a call named RawSQL whose SQL (first positional argument, else sql=) is not a str
// literal, in a file that imports something containing "django.db.models".
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { isStrConstant, positionalArgs } from '../_shared/shell';
import query from './query.scm';

export default defineRule({
  id: 'B611',
  name: 'django-rawsql-used',
  banditName: 'django_rawsql_used',
  summary: 'Django RawSQL with non-literal SQL',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 89,
  tags: ['injection', 'sql', 'django'],
  status: 'stable',
  moreInfo: pluginDocs('B611', 'django_rawsql_used'),
  query,
  messages: {
    rawsql: 'Use of RawSQL potential SQL attack vector.',
  },
  // The check requires name === 'RawSQL'.
  callNames: ['RawSQL'],
  check(match, ctx) {
    if (!ctx.file.importedLike('django.db.models')) return undefined;
    const call = ctx.call(match.node);
    if (call.name !== 'RawSQL') return undefined;
    const sql = positionalArgs(call)[0] ?? call.kw('sql');
    if (!sql || isStrConstant(sql)) return undefined;
    return { node: match.node, messageId: 'rawsql', highlight: sql };
  },
});
