// B601 paramiko_calls: any call named exec_command in a file that imports something containing "paramiko".
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import query from './query.scm';

export default defineRule({
  id: 'B601',
  name: 'paramiko-calls',
  banditName: 'paramiko_calls',
  summary: 'Shell command run through Paramiko exec_command',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 78,
  tags: ['injection', 'shell', 'paramiko'],
  status: 'stable',
  moreInfo: pluginDocs('B601', 'paramiko_calls'),
  query,
  messages: {
    paramiko: 'Possible shell injection via Paramiko call, check inputs are properly sanitized.',
  },
  // The check requires name === 'exec_command'.
  callNames: ['exec_command'],
  check(match, ctx) {
    if (!ctx.file.importedLike('paramiko')) return undefined;
    const call = ctx.call(match.node);
    if (call.name !== 'exec_command') return undefined;
    return { node: match.node, messageId: 'paramiko' };
  },
});
