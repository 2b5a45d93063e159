// B103 set_bad_file_permissions: `*chmod*(path, mode)` with exactly two positional arguments and an int-literal
// mode granting group write/execute or other write/execute (0o033). HIGH when other-write is set.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { argValue, pyComplexStr, pyFloatRepr, type PyValue } from '../../server/src/engine/python';
import query from './query.scm';

/** Python's str() of a value from Bandit's call_args (for the file name in the message). */
function pyStr(v: PyValue | null): string {
  if (!v) return 'NOT PARSED';
  switch (v.kind) {
    case 'str':
    case 'name':
      return v.value;
    case 'int':
      return v.value.toString();
    case 'float':
      return pyFloatRepr(v.value);
    case 'complex':
      return pyComplexStr(v.imag);
    case 'bytes':
      return `b'${v.value}'`;
    case 'list':
      return `[${v.items.map(repr).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1 ? `(${repr(v.items[0]!)},)` : `(${v.items.map(repr).join(', ')})`;
    case 'set':
      return `{${v.items.map(repr).join(', ')}}`;
    case 'dict':
      return '{...}';
  }
}
function repr(v: PyValue | null): string {
  if (v && v.kind === 'str') return `'${v.value}'`;
  if (v && v.kind === 'name') return `'${v.value}'`;
  return v ? pyStr(v) : 'None';
}

export default defineRule({
  id: 'B103',
  name: 'bad-file-permissions',
  banditName: 'set_bad_file_permissions',
  summary: 'chmod with a permissive mask',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 732,
  tags: ['permissions'],
  status: 'stable',
  moreInfo: pluginDocs('B103', 'set_bad_file_permissions'),
  query,
  messages: { permissive: 'Chmod setting a permissive mask {mode} on file ({file}).' },
  // The check requires `name.includes('chmod')`.
  callNames: [/chmod/],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!call.name.includes('chmod')) return undefined;
    // Bandit counts every positional argument, `*args` included.
    const positional = (call.argumentList?.type === 'argument_list' ? call.argumentList.namedChildren : []).filter(
      (a) => a.type !== 'comment' && a.type !== 'keyword_argument' && a.type !== 'dictionary_splat',
    );
    if (positional.length !== 2) return undefined;
    const mode = positional[1]!.type === 'list_splat' ? null : argValue(positional[1]);
    if (!mode || mode.kind !== 'int') return undefined;
    const bits = mode.value;
    if ((bits & 0o033n) === 0n) return undefined;
    const file = positional[0]!.type === 'list_splat' ? null : argValue(positional[0]);
    const oct = bits < 0n ? `-0o${(-bits).toString(8)}` : `0o${bits.toString(8)}`;
    return {
      node: match.node,
      messageId: 'permissive',
      data: { mode: oct, file: pyStr(file) },
      severity: (bits & 0o002n) !== 0n ? 'HIGH' : 'MEDIUM',
    };
  },
});
