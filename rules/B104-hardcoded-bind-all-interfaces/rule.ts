// B104 hardcoded_bind_all_interfaces: any str constant exactly equal to "0.0.0.0" (f-string literal parts too).
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { mayContain, strConstants } from '../_shared/strings';
import query from './query.scm';

export default defineRule({
  id: 'B104',
  name: 'hardcoded-bind-all-interfaces',
  banditName: 'hardcoded_bind_all_interfaces',
  summary: 'Binding to all interfaces (0.0.0.0)',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 605,
  tags: ['network'],
  status: 'stable',
  moreInfo: pluginDocs('B104', 'hardcoded_bind_all_interfaces'),
  query,
  messages: { bindAll: 'Possible binding to all interfaces.' },
  check(match) {
    // Most strings are rejected by their source text, without decoding them.
    if (match.node.type === 'string' && !mayContain(match.node.text, '0.0.0.0')) return undefined;
    const node = match.node;
    const out: Report[] = [];
    for (const c of strConstants(node)) {
      if (c.value === '0.0.0.0') out.push({ node: c.node, lineRangeRows: c.rows, messageId: 'bindAll' });
    }
    return out;
  },
});
