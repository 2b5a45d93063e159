// VG602 code_injection: request data reaches eval(), exec() or compile() as the source, within one function.
import { defineRule } from '../../server/src/engine/rule';
import { sinkArg, taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const SINKS: Record<string, string> = {
  eval: 'source',
  exec: 'source',
  compile: 'source',
  'builtins.eval': 'source',
  'builtins.exec': 'source',
  'builtins.compile': 'source',
};

export default defineRule({
  id: 'VG602',
  name: 'code-injection',
  banditName: 'code_injection',
  summary: 'Request data evaluated as Python code',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 95,
  tags: ['vigil', 'injection', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/95.html',
  query,
  // Sink names: the SINKS keys (eval, exec, compile).
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: lastNames(Object.keys(SINKS)),
  messages: {
    tainted: '{source} read on line {line} reaches {sink}, so a client can run arbitrary Python code in the server process.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const kw = Object.hasOwn(SINKS, call.qualname) ? SINKS[call.qualname] : undefined;
    if (!kw) return undefined;
    if (!taintPossible(ctx.file)) return undefined;
    const arg = sinkArg(call, kw, 0);
    const t = arg ? taintAt(ctx, arg, match.node) : undefined;
    return t && !t.container ? taintReport(call, arg!, t, call.name + '()') : undefined;
  },
});
