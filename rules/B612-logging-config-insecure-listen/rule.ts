// B612 logging_config_insecure_listen: logging.config.listen() without a verify= callable.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import query from './query.scm';

export default defineRule({
  id: 'B612',
  name: 'logging-config-insecure-listen',
  banditName: 'logging_config_insecure_listen',
  summary: 'logging.config.listen() without verify=',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 94,
  tags: ['injection', 'logging'],
  status: 'stable',
  moreInfo: pluginDocs('B612', 'logging_config_insecure_listen'),
  query,
  messages: {
    listen: 'Use of insecure logging.config.listen detected.',
  },
  // The check requires qualname === 'logging.config.listen'.
  callNames: ['listen'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.qualname !== 'logging.config.listen' || call.keywords.has('verify')) return undefined;
    return { node: match.node, messageId: 'listen' };
  },
});
