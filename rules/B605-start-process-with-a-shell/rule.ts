// B605 start_process_with_a_shell: a `shell_injection.shell` call (os.system, os.popen, ...) with a positional
// command. A str-literal command is LOW ("seems safe"), anything else HIGH.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { addImportEdit } from '../../server/src/engine/edits';
import { inShellList, isStrConstant, positionalArgs, commandAsList, shellCallNames } from '../_shared/shell';
import type { Fix } from '../../server/src/engine/types';
import query from './query.scm';

export default defineRule({
  id: 'B605',
  name: 'start-process-with-a-shell',
  banditName: 'start_process_with_a_shell',
  summary: 'Process started with a shell (os.system, os.popen, ...)',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 78,
  tags: ['injection', 'shell'],
  status: 'stable',
  moreInfo: pluginDocs('B605', 'start_process_with_a_shell'),
  query,
  messages: {
    seemsSafe: 'Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell',
    injection: 'Starting a process with a shell, possible injection detected, security issue.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Replace os.system() with subprocess.run([...], check=True)' },
  // The check requires a qualname in the configured shell_injection.shell list.
  callNames: (plugins) => shellCallNames(plugins, 'shell'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!inShellList(ctx, 'shell', call.qualname)) return undefined;
    const args = positionalArgs(call);
    if (args.length === 0) return undefined;
    const literal = isStrConstant(args[0]);
    const fixes: Fix[] = [];
    // os.system("plain words") -> subprocess.run(["plain", "words"], check=True): only the single-argument form.
    if (literal && call.qualname === 'os.system' && args.length === 1 && call.keywords.size === 0 && !call.node.hasError) {
      // Only where the rewrite adds no other finding: B603 reports every configured subprocess call, B404 a new
      // `import subprocess` (so the file must import it already: addImportEdit returns null).
      const list = commandAsList(args[0]!);
      const imp = list ? addImportEdit(ctx.file, 'subprocess') : undefined;
      if (list && imp === null && !inShellList(ctx, 'subprocess', 'subprocess.run')) {
        const edits = [ctx.replace(match.node, `subprocess.run(${list}, check=True)`)];
        fixes.push({ title: 'Replace os.system() with subprocess.run([...], check=True)', safety: 'unsafe', edits });
      }
    }
    return {
      node: match.node,
      messageId: literal ? 'seemsSafe' : 'injection',
      severity: literal ? 'LOW' : 'HIGH',
      fixes,
    };
  },
});
