// B604 any_other_function_with_shell_equals_true: a call NOT in `shell_injection.subprocess` with a truthy
// shell= keyword (custom wrappers). Reported on the shell= line.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { hasShell, shellList, shellToListFix } from '../_shared/shell';
import { kwLine } from '../_shared/plugin';
import query from './query.scm';

export default defineRule({
  id: 'B604',
  name: 'any-other-function-with-shell-equals-true',
  banditName: 'any_other_function_with_shell_equals_true',
  summary: 'Function call with shell=True',
  severity: 'MEDIUM',
  confidence: 'LOW',
  cwe: 78,
  tags: ['injection', 'shell'],
  status: 'stable',
  moreInfo: pluginDocs('B604', 'any_other_function_with_shell_equals_true'),
  query,
  messages: {
    shellTrue: 'Function call with shell=True parameter identified, possible security issue.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Pass the command as a list and drop shell=True' },
  // A report needs the keyword `shell`.
  fileGate: (file) => file.mentions('shell'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    // Bandit: `qualname not in config['subprocess']`, which raises (no report) when the block has no such list.
    const subprocess = shellList(ctx, 'subprocess');
    if (!subprocess || subprocess.includes(call.qualname) || !hasShell(call)) return undefined;
    return { node: match.node, line: kwLine(call, 'shell'), messageId: 'shellTrue', fixes: shellToListFix(ctx, call) };
  },
});
