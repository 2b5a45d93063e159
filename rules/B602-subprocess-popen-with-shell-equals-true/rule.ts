// B602 subprocess_popen_with_shell_equals_true: a `shell_injection.subprocess` call with a truthy shell= and a
// positional command. A str-literal command is LOW ("seems safe"), anything else HIGH. Reported on the shell= line.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { hasShell, inShellList, isStrConstant, positionalArgs, shellCallNames } from '../_shared/shell';
import { kwLine } from '../_shared/plugin';
import query from './query.scm';

export default defineRule({
  id: 'B602',
  name: 'subprocess-popen-with-shell-equals-true',
  banditName: 'subprocess_popen_with_shell_equals_true',
  summary: 'subprocess call with shell=True',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 78,
  tags: ['injection', 'shell', 'subprocess'],
  status: 'stable',
  moreInfo: pluginDocs('B602', 'subprocess_popen_with_shell_equals_true'),
  query,
  messages: {
    seemsSafe: 'subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell',
    shellTrue: 'subprocess call with shell=True identified, security issue.',
  },
  // No fix: dropping shell=True from a subprocess call always turns B602 into B603 (every subprocess call
  // without a shell is reported), so the rewrite would trade one finding for another.
  // The check requires a qualname in the configured shell_injection.subprocess list.
  callNames: (plugins) => shellCallNames(plugins, 'subprocess'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!inShellList(ctx, 'subprocess', call.qualname) || !hasShell(call)) return undefined;
    const args = positionalArgs(call);
    if (args.length === 0) return undefined;
    const literal = isStrConstant(args[0]);
    return {
      node: match.node,
      line: kwLine(call, 'shell'),
      messageId: literal ? 'seemsSafe' : 'shellTrue',
      severity: literal ? 'LOW' : 'HIGH',
    };
  },
});
