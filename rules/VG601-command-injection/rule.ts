// VG601 command_injection: request data reaches a process-starting call as the command (a string) or as the
// program (argv[0]), or as the script of `sh -c` / `python -c`, within one function.
import { defineRule } from '../../server/src/engine/rule';
import { strValue, unparen } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import type { RuleContext } from '../../server/src/engine/rule';
import { sinkArg, taintAt, taintPossible, taintReport, type Taint } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const SUBPROCESS = new Set([
  'subprocess.Popen',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.run',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'asyncio.create_subprocess_exec',
]);
const SHELL = new Set(['os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4', 'commands.getoutput', 'commands.getstatusoutput', 'asyncio.create_subprocess_shell']);
/** `os.exec*` / `os.spawn*` (last names; the module must be `os`). */
const EXEC = /^exec[lv]p?e?$/;
const SPAWN = /^spawn[lv]p?e?$/;
/** Event-loop methods on any receiver (`loop.subprocess_shell(protocol, cmd)`). */
const LOOP_METHODS = ['subprocess_shell', 'subprocess_exec'];
const INTERPRETERS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh|python[0-9.]*|perl|ruby|node)$/;
const SCRIPT_FLAGS = new Set(['-c', '/c', '-e', '-Command']);

/** Taint that controls the command: a tainted string, argv[0], or the script after `sh -c`. */
function commandTaint(ctx: RuleContext, arg: Node, sink: Node): Taint | undefined {
  const a = unparen(arg);
  if (a.type === 'list' || a.type === 'tuple') {
    const items = a.namedChildren.filter((c) => c.type !== 'comment');
    const first = items[0];
    if (!first) return undefined;
    const t0 = taintAt(ctx, first, sink);
    if (t0 && !t0.container) return t0;
    const prog = strValue(first);
    if (prog !== undefined && INTERPRETERS.test(prog)) {
      const flag = items.findIndex((c) => SCRIPT_FLAGS.has(strValue(c) ?? ''));
      if (flag > 0) {
        const script = items[flag + 1];
        const t = script ? taintAt(ctx, script, sink) : undefined;
        if (t && !t.container) return t;
      }
    }
    return undefined;
  }
  const t = taintAt(ctx, a, sink);
  return t && !t.container ? t : undefined;
}

export default defineRule({
  id: 'VG601',
  name: 'command-injection',
  banditName: 'command_injection',
  summary: 'Request data used as an OS command',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 78,
  tags: ['vigil', 'injection', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/78.html',
  query,
  // Sink names: SUBPROCESS, SHELL, EXEC, SPAWN, LOOP_METHODS.
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: [...lastNames(SUBPROCESS, SHELL), EXEC, SPAWN, ...LOOP_METHODS],
  messages: {
    tainted: '{source} read on line {line} reaches {sink} as the command, so a client can run arbitrary OS commands.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const q = call.qualname;
    let arg: Node | undefined;
    if (SUBPROCESS.has(q)) arg = sinkArg(call, q.startsWith('asyncio') ? 'program' : 'args', 0);
    else if (SHELL.has(q)) arg = sinkArg(call, 'cmd', 0) ?? call.kw('command');
    else if (q === `os.${call.name}` && EXEC.test(call.name)) arg = sinkArg(call, 'file', 0) ?? call.kw('path');
    else if (q === `os.${call.name}` && SPAWN.test(call.name)) arg = sinkArg(call, 'file', 1) ?? call.kw('path');
    else if (q.includes('.') && LOOP_METHODS.includes(call.name)) arg = call.args[1];
    if (!taintPossible(ctx.file)) return undefined;
    if (!arg) return undefined;
    const t = commandTaint(ctx, arg, match.node);
    return t ? taintReport(call, arg, t, q) : undefined;
  },
});
