// B607 start_process_with_partial_path: a call in any shell_injection list whose first positional argument (or
// the first element of a list literal there) is a str literal that is not an absolute/relative path.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { strValue, unparen } from '../../server/src/engine/python';
import { positionalArgs, shellCallNames, shellList } from '../_shared/shell';
import query from './query.scm';

/** Bandit's full_path_match: a drive letter before ':', or a leading '\\', '/' or '.'. */
const FULL_PATH = /^(?:[A-Za-z](?=:)|[\\/.])/;

export default defineRule({
  id: 'B607',
  name: 'start-process-with-partial-path',
  banditName: 'start_process_with_partial_path',
  summary: 'Process started with a partial executable path',
  severity: 'LOW',
  confidence: 'HIGH',
  cwe: 78,
  tags: ['injection', 'process', 'path'],
  status: 'stable',
  moreInfo: pluginDocs('B607', 'start_process_with_partial_path'),
  query,
  messages: {
    partialPath: 'Starting a process with a partial executable path',
  },
  // The check requires a qualname in one of the three configured shell_injection lists.
  callNames: (plugins) => shellCallNames(plugins, 'subprocess', 'shell', 'no_shell'),
  check(match, ctx) {
    const call = ctx.call(match.node);
    const q = call.qualname;
    // Bandit's `q in config['subprocess'] or q in config['shell'] or q in config['no_shell']`: a list the block
    // leaves out raises when the test reaches it (no report).
    let listed = false;
    for (const list of ['subprocess', 'shell', 'no_shell'] as const) {
      const names = shellList(ctx, list);
      if (!names) return undefined;
      if (names.includes(q)) {
        listed = true;
        break;
      }
    }
    if (!listed) return undefined;
    const args = positionalArgs(call);
    if (args.length === 0) return undefined;
    let node = unparen(args[0]!);
    if (node.type === 'list') {
      const first = node.namedChildren.find((c) => c.type !== 'comment');
      if (!first) return undefined;
      node = first;
    }
    const value = strValue(node);
    if (value === undefined || FULL_PATH.test(value)) return undefined;
    return { node: match.node, messageId: 'partialPath', highlight: node };
  },
});
