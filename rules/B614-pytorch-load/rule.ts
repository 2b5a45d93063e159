// B614 pytorch_load: torch.load / torch.serialization.load without weights_only=True, in files that `import torch`.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { appendArgumentEdit } from '../../server/src/engine/edits';
import { pyEquals } from '../../server/src/engine/python';
import type { Fix } from '../../server/src/engine/types';
import query from './query.scm';

export default defineRule({
  id: 'B614',
  name: 'pytorch-load',
  banditName: 'pytorch_load',
  summary: 'torch.load() without weights_only=True',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 502,
  tags: ['deserialization', 'pytorch'],
  status: 'stable',
  moreInfo: pluginDocs('B614', 'pytorch_load'),
  query,
  messages: {
    load: 'Use of unsafe PyTorch load',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: 'Add weights_only=True' },
  // The check requires name === 'load'.
  callNames: ['load'],
  check(match, ctx) {
    if (!ctx.file.importedExact('torch')) return undefined;
    const call = ctx.call(match.node);
    const parts = call.qualname.split('.');
    if (call.name !== 'load' || !parts.includes('torch')) return undefined;
    const weightsOnly = call.kwValue('weights_only');
    if (weightsOnly !== undefined && pyEquals(weightsOnly, 'True')) return undefined;
    const fixes: Fix[] = [];
    const al = call.argumentList;
    const hasKwSplat = !!al?.namedChildren.some((c) => c.type === 'dictionary_splat');
    if (weightsOnly === undefined && al && al.type === 'argument_list' && !hasKwSplat && !call.node.hasError) {
      fixes.push({ title: 'Add weights_only=True', safety: 'safe', edits: [appendArgumentEdit(al, 'weights_only=True')] });
    }
    return { node: match.node, messageId: 'load', fixes };
  },
});
