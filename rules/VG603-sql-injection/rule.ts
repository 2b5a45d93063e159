// VG603 sql_injection: request data built into a SQL string (f-string, %, +, .format, .join) that reaches
// `.execute()`/`.executemany()`/`.raw()` or SQLAlchemy `text()`, within one function.
import { defineRule } from '../../server/src/engine/rule';
import { taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const METHODS = new Set(['execute', 'executemany', 'raw', 'executescript', 'mogrify']);
const TEXT = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text']);

export default defineRule({
  id: 'VG603',
  name: 'sql-injection',
  banditName: 'sql_injection',
  summary: 'Request data built into a SQL string',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 89,
  tags: ['vigil', 'injection', 'sql', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/89.html',
  query,
  // Sink names: METHODS (the attribute of `<any>.m(...)`, which is the call's name) and TEXT.
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: [...METHODS, ...lastNames(TEXT)],
  messages: {
    tainted:
      '{source} read on line {line} is built into the SQL string passed to {sink}, so a client can change the query; pass it as a query parameter instead.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const func = call.func;
    let sink: string | undefined;
    if (TEXT.has(call.qualname)) sink = 'text()';
    else if (func?.type === 'attribute') {
      const m = func.childForFieldName('attribute')?.text ?? '';
      if (METHODS.has(m)) sink = `.${m}()`;
    }
    if (!sink) return undefined;
    if (!taintPossible(ctx.file)) return undefined;
    const arg = call.args[0] ?? call.kw('sql') ?? call.kw('query') ?? call.kw('statement') ?? call.kw('raw_query');
    if (!arg) return undefined;
    const t = taintAt(ctx, arg, match.node);
    return t && t.built && !t.container ? taintReport(call, arg, t, sink) : undefined;
  },
});
