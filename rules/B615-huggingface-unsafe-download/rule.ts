// B615 huggingface_unsafe_download: Hugging Face downloads (from_pretrained, load_dataset, hf_hub_download,
// snapshot_download, repository_id) without a revision=/commit_id= pinned to a commit hash.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { strValue, unparen } from '../../server/src/engine/python';
import { positionalArgs } from '../_shared/shell';
import query from './query.scm';

/** Function name -> module that must appear as a segment of the resolved name. */
const PATTERNS: Record<string, string> = {
  from_pretrained: 'transformers',
  load_dataset: 'datasets',
  hf_hub_download: 'huggingface_hub',
  snapshot_download: 'huggingface_hub',
  repository_id: 'huggingface_hub',
};
const LITERALS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

export default defineRule({
  id: 'B615',
  name: 'huggingface-unsafe-download',
  banditName: 'huggingface_unsafe_download',
  summary: 'Hugging Face Hub download without a pinned revision',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 494,
  tags: ['supply-chain', 'huggingface'],
  status: 'stable',
  moreInfo: pluginDocs('B615', 'huggingface_unsafe_download'),
  query,
  messages: {
    unpinned: 'Unsafe Hugging Face Hub download without revision pinning in {func}()',
  },
  // The check requires a name that is a key of PATTERNS.
  callNames: Object.keys(PATTERNS),
  check(match, ctx) {
    const call = ctx.call(match.node);
    const required = Object.prototype.hasOwnProperty.call(PATTERNS, call.name) ? PATTERNS[call.name] : undefined;
    if (!required) return undefined;
    if (!['transformers', 'datasets', 'huggingface_hub'].some((m) => ctx.file.importedLike(m))) return undefined;
    if (!call.qualname.split('.').includes(required)) return undefined;
    // revision= wins when it is truthy, else commit_id= (Python's `revision or commit_id`).
    const rev = call.kw('revision');
    const commit = call.kw('commit_id');
    const revStr = rev ? strValue(rev) : undefined;
    const chosen = rev && !(revStr === '' || ['false', 'none'].includes(unparen(rev).type)) ? rev : commit ?? rev;
    if (chosen) {
      if (!LITERALS.has(unparen(chosen).type)) return undefined; // a variable or call: cannot judge, skipped
      const s = strValue(chosen);
      if (s !== undefined) {
        const h = s.replace(/^["']+|["']+$/g, '');
        if (h.length >= 7 && /^[0-9a-fA-F]+$/.test(h)) return undefined;
      }
    }
    const first = positionalArgs(call)[0];
    const path = first ? strValue(first) : undefined;
    if (path !== undefined && /^(\.\/|\/|\.\.\/)/.test(path)) return undefined;
    return { node: match.node, messageId: 'unpinned', data: { func: call.name } };
  },
});
