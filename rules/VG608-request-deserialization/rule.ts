// VG608 request_deserialization: request data reaches pickle/dill/marshal/jsonpickle/yaml.load/torch.load
// within one function (the taint-confirmed version of B301/B302/B506/B614).
import { defineRule } from '../../server/src/engine/rule';
import { pyEquals } from '../../server/src/engine/python';
import { taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const SINKS = new Set([
  'pickle.loads',
  'pickle.load',
  'pickle.Unpickler',
  'cPickle.loads',
  'cPickle.load',
  '_pickle.loads',
  'dill.loads',
  'dill.load',
  'marshal.loads',
  'marshal.load',
  'jsonpickle.decode',
  'jsonpickle.unpickler.decode',
  'yaml.load',
  'yaml.unsafe_load',
  'yaml.load_all',
  'yaml.unsafe_load_all',
  'torch.load',
  'shelve.open',
]);
const SAFE_LOADERS = ['SafeLoader', 'CSafeLoader', 'BaseLoader'];

export default defineRule({
  id: 'VG608',
  name: 'request-deserialization',
  banditName: 'request_deserialization',
  summary: 'Request data deserialised with an unsafe deserialiser',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 502,
  tags: ['vigil', 'deserialization', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/502.html',
  query,
  // Sink names: SINKS (loads, load, Unpickler, decode, unsafe_load, load_all, unsafe_load_all, open).
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: lastNames(SINKS),
  messages: {
    tainted:
      '{source} read on line {line} reaches {sink}, which can construct arbitrary objects and run code chosen by the client.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const q = call.qualname;
    if (!SINKS.has(q)) return undefined;
    if (q.startsWith('yaml.load')) {
      const loader = call.kw('Loader') ?? call.args[1];
      if (loader && SAFE_LOADERS.some((s) => pyEquals(call.kwValue('Loader') ?? null, s) || loader.text.endsWith(s))) return undefined;
    }
    if (q === 'torch.load' && pyEquals(call.kwValue('weights_only') ?? null, 'True')) return undefined;
    if (!taintPossible(ctx.file)) return undefined;
    const arg = call.args[0] ?? call.kw('data') ?? call.kw('file') ?? call.kw('stream') ?? call.kw('string') ?? call.kw('f');
    if (!arg) return undefined;
    const t = taintAt(ctx, arg, match.node);
    return t && !t.container ? taintReport(call, arg, t, q) : undefined;
  },
});
