// B102 exec_used: a call whose resolved name is exactly `exec`.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import query from './query.scm';

export default defineRule({
  id: 'B102',
  name: 'exec-used',
  banditName: 'exec_used',
  summary: 'Use of exec()',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 78,
  tags: ['injection'],
  status: 'stable',
  moreInfo: pluginDocs('B102', 'exec_used'),
  query,
  messages: { execUsed: 'Use of exec detected.' },
  // The check requires qualname === 'exec'.
  callNames: ['exec'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.qualname !== 'exec') return undefined;
    return { node: match.node, highlight: call.func ?? match.node, messageId: 'execUsed' };
  },
});
