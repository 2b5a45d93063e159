// B603 subprocess_without_shell_equals_true: every `shell_injection.subprocess` call whose shell= is not truthy,
// whatever its arguments. Reported on the shell= line when there is one.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { hasShell, inShellList, shellCallNames } from '../_shared/shell';
import { kwLine } from '../_shared/plugin';
import query from './query.scm';

export default defineRule({
  id: 'B603',
  name: 'subprocess-without-shell-equals-true',
  banditName: 'subprocess_without_shell_equals_true',
  summary: 'subprocess call without a shell: check for untrusted input',
  severity: 'LOW',
  confidence: 'HIGH',
  cwe: 78,
  tags: ['injection', 'subprocess'],
  status: 'stable',
  moreInfo: pluginDocs('B603', 'subprocess_without_shell_equals_true'),
  query,
  messages: {
    noShell: 'subprocess call - check for execution of untrusted input.',
  },
  // The check requires a qualname in the configured shell_injection.subprocess list.
  callNames: (plugins) => shellCallNames(plugins, 'subprocess'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!inShellList(ctx, 'subprocess', call.qualname) || hasShell(call)) return undefined;
    return { node: match.node, line: kwLine(call, 'shell'), messageId: 'noShell' };
  },
});
