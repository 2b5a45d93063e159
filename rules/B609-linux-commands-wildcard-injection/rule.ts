// B609 linux_commands_wildcard_injection: a `shell_injection.shell` call, or a `subprocess` call with a literal
// shell=True, whose first argument (a string, or a list joined with spaces) contains '*' and one of
// chown/chmod/tar/rsync. Reported on the shell= line when there is one.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { pyComplexStr, pyEquals, pyFloatRepr, type PyValue } from '../../server/src/engine/python';
import { inShellList, positionalArgs, shellCallNames, shellList } from '../_shared/shell';
import { kwLine } from '../_shared/plugin';
import query from './query.scm';

const VULNERABLE = ['chown', 'chmod', 'tar', 'rsync'];

/** Python's str() of a literal value, close enough for the substring test. */
function pyStr(v: PyValue | null): string {
  if (!v) return 'None';
  switch (v.kind) {
    case 'str':
    case 'name':
      return v.value;
    case 'bytes':
      return `b'${v.value}'`;
    case 'int':
      return v.value.toString();
    case 'float':
      return pyFloatRepr(v.value);
    case 'complex':
      return pyComplexStr(v.imag);
    case 'list':
      return `[${v.items.map(pyStr).join(', ')}]`;
    case 'tuple':
      return `(${v.items.map(pyStr).join(', ')})`;
    case 'set':
      return `{${v.items.map(pyStr).join(', ')}}`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${pyStr(k)}: ${pyStr(x)}`).join(', ')}}`;
  }
}

export default defineRule({
  id: 'B609',
  name: 'linux-commands-wildcard-injection',
  banditName: 'linux_commands_wildcard_injection',
  summary: 'Wildcard in a shell command (chown/chmod/tar/rsync)',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 155,
  tags: ['injection', 'shell', 'wildcard'],
  status: 'stable',
  moreInfo: pluginDocs('B609', 'linux_commands_wildcard_injection'),
  query,
  messages: {
    wildcard: 'Possible wildcard injection in call: {qualname}',
  },
  // The check requires a qualname in the configured shell_injection.shell or .subprocess list.
  callNames: (plugins) => shellCallNames(plugins, 'shell', 'subprocess'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    const q = call.qualname;
    // Bandit returns at once unless the block has both lists.
    if (!shellList(ctx, 'shell') || !shellList(ctx, 'subprocess')) return undefined;
    const viaShell = inShellList(ctx, 'shell', q);
    if (!viaShell && !(inShellList(ctx, 'subprocess', q) && pyEquals(call.kwValue('shell') ?? null, 'True'))) return undefined;
    const args = positionalArgs(call);
    if (args.length === 0) return undefined;
    const first = args[0]!;
    if (first.type === 'list_splat' || ['true', 'false', 'none'].includes(first.type)) return undefined;
    const v = call.argValue(0);
    let text = '';
    if (v && v.kind === 'list') text = v.items.map((i) => ` ${pyStr(i)}`).join('');
    else if (v && (v.kind === 'str' || v.kind === 'name')) text = v.value;
    if (text === '' || !text.includes('*')) return undefined;
    if (!VULNERABLE.some((f) => text.includes(f))) return undefined;
    return { node: match.node, line: kwLine(call, 'shell'), messageId: 'wildcard', data: { qualname: q } };
  },
});
