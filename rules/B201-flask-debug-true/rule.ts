// B201 flask_debug_true: in a file that imports something containing `flask`, a call whose resolved name ends
// in `.run` with the literal keyword `debug=True`. Reported on the line of the `debug=` value.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { pyEquals, unparen } from '../../server/src/engine/python';
import type { Fix } from '../../server/src/engine/types';
import query from './query.scm';

const TITLE = 'Set debug=False';

export default defineRule({
  id: 'B201',
  name: 'flask-debug-true',
  banditName: 'flask_debug_true',
  summary: 'Flask app run with debug=True',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 94,
  tags: ['flask', 'debug'],
  status: 'stable',
  moreInfo: pluginDocs('B201', 'flask_debug_true'),
  query,
  messages: {
    debugTrue:
      'A Flask app appears to be run with debug=True, which exposes the Werkzeug debugger and allows the execution of arbitrary code.',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: TITLE },
  // The check requires a qualname ending in `.run`.
  callNames: ['run'],
  check(match, ctx) {
    if (!ctx.file.importedLike('flask')) return undefined;
    const call = ctx.call(match.node);
    if (!call.qualname.endsWith('.run')) return undefined;
    if (!pyEquals(call.kwValue('debug') ?? null, 'True')) return undefined;
    const kw = call.keywords.get('debug')!;
    const value = unparen(kw.value);
    const fixes: Fix[] = value.type === 'true' ? [{ title: TITLE, safety: 'safe', edits: [ctx.replace(value, 'False')] }] : [];
    return { node: match.node, line: value.startPosition.row + 1, highlight: kw.node, messageId: 'debugTrue', fixes };
  },
});
