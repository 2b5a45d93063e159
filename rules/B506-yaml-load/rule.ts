// B506 yaml_load: yaml.load() without a safe Loader, in files that `import yaml`.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { pyEquals, unparen } from '../../server/src/engine/python';
import query from './query.scm';

const SAFE = ['SafeLoader', 'CSafeLoader'];

export default defineRule({
  id: 'B506',
  name: 'yaml-load',
  banditName: 'yaml_load',
  summary: 'yaml.load() without a safe Loader',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 20,
  tags: ['deserialization', 'pyyaml'],
  status: 'stable',
  moreInfo: pluginDocs('B506', 'yaml_load'),
  query,
  messages: {
    unsafeLoad: 'Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: 'Replace with yaml.safe_load()' },
  // The check requires name === 'load'.
  callNames: ['load'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!ctx.file.importedExact('yaml')) return undefined;
    const parts = call.qualname.split('.');
    if (!parts.includes('yaml') || call.name !== 'load') return undefined;
    const loader = call.kwValue('Loader');
    if (loader !== undefined && SAFE.some((s) => pyEquals(loader, s))) return undefined;
    const pos1 = call.args.length > 1 ? unparen(call.args[1]!) : undefined;
    // Bandit's get_call_arg_at_position: an attribute's final name or a name (`yaml.SafeLoader`, `SafeLoader`).
    const pos1Name = pos1?.type === 'identifier' ? pos1.text : pos1?.type === 'attribute' ? pos1.childForFieldName('attribute')?.text : undefined;
    if (pos1Name !== undefined && SAFE.includes(pos1Name)) return undefined;
    // Fix only the common case: no Loader at all and a callee we can rename in place.
    const fixes = [];
    const func = call.func;
    if (loader === undefined && !pos1 && func) {
      const attr = func.type === 'attribute' ? func.childForFieldName('attribute') : null;
      if (attr && attr.text === 'load') {
        fixes.push({ title: 'Replace with yaml.safe_load()', safety: 'safe' as const, edits: [ctx.replace(attr, 'safe_load')] });
      }
    }
    return { node: match.node, messageId: 'unsafeLoad', fixes };
  },
});
