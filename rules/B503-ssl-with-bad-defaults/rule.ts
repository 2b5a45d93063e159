// B503 ssl_with_bad_defaults: a `def` (not `async def`) whose positional parameter defaults include an
// attribute (e.g. `SSL.SSLv2_METHOD`) whose last name is a broken protocol version.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { unparen } from '../../server/src/engine/python';
import { badProtocolVersions } from '../_shared/ssl';
import query from './query.scm';

export default defineRule({
  id: 'B503',
  name: 'ssl-with-bad-defaults',
  banditName: 'ssl_with_bad_defaults',
  summary: 'Function default argument is a broken SSL/TLS protocol version',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 327,
  tags: ['tls', 'ssl'],
  status: 'stable',
  moreInfo: pluginDocs('B503', 'ssl_with_bad_defaults'),
  query,
  messages: {
    badDefault: 'Function definition identified with insecure SSL/TLS protocol version by default, possible security issue.',
  },
  // A default can only be reported if its attribute name occurs in the file's text: most files have none.
  fileGate: (file, options) => file.mentionsAny(badProtocolVersions(options)),
  check(match, ctx) {
    const bad = badProtocolVersions(ctx.options);
    const def = match.node;
    if (def.child(0)?.type === 'async') return undefined;
    const params = def.childForFieldName('parameters');
    if (!params) return undefined;
    for (const p of params.namedChildren) {
      // `*`, `*args`: everything after is keyword-only (kw_defaults, which Bandit does not read).
      if (p.type === 'keyword_separator' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') break;
      if (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') continue;
      const value = p.childForFieldName('value');
      if (!value) continue;
      const v = unparen(value);
      if (v.type !== 'attribute') continue; // Bandit's get_qual_attr: attributes only
      const last = v.childForFieldName('attribute')?.text;
      if (last && bad.includes(last)) return { node: def, highlight: p, messageId: 'badDefault' };
    }
    return undefined;
  },
});
