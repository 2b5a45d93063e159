// B606 start_process_with_no_shell: any `shell_injection.no_shell` call (os.exec*, os.spawn*, os.startfile).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { inShellList, shellCallNames } from '../_shared/shell';
import query from './query.scm';

export default defineRule({
  id: 'B606',
  name: 'start-process-with-no-shell',
  banditName: 'start_process_with_no_shell',
  summary: 'Process started without a shell (os.exec*, os.spawn*)',
  severity: 'LOW',
  confidence: 'MEDIUM',
  cwe: 78,
  tags: ['injection', 'process'],
  status: 'stable',
  moreInfo: pluginDocs('B606', 'start_process_with_no_shell'),
  query,
  messages: {
    noShell: 'Starting a process without a shell.',
  },
  // The check requires a qualname in the configured shell_injection.no_shell list.
  callNames: (plugins) => shellCallNames(plugins, 'no_shell'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!inShellList(ctx, 'no_shell', call.qualname)) return undefined;
    return { node: match.node, messageId: 'noShell' };
  },
});
