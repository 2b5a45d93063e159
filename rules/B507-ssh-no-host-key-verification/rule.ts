// B507 ssh_no_host_key_verification: paramiko's set_missing_host_key_policy() with AutoAddPolicy or
// WarningPolicy (as a name, an attribute or an instantiation; Bandit 1.9).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { unparen } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import { editable } from '../_shared/plugin';
import query from './query.scm';

const TRUSTING = ['AutoAddPolicy', 'WarningPolicy'];

/** The node naming the policy class: `X`, `m.X`, `X()`, `m.X()` -> the identifier `X`. */
function policyName(arg: Node): Node | undefined {
  let n = unparen(arg);
  if (n.type === 'call') {
    const f = n.childForFieldName('function');
    if (!f) return undefined;
    n = unparen(f);
    if (n.type !== 'attribute' && n.type !== 'identifier') return undefined;
  }
  if (n.type === 'attribute') return n.childForFieldName('attribute') ?? undefined;
  if (n.type === 'identifier') return n;
  return undefined;
}

export default defineRule({
  id: 'B507',
  name: 'ssh-no-host-key-verification',
  banditName: 'ssh_no_host_key_verification',
  summary: 'Paramiko trusts unknown SSH host keys',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 295,
  tags: ['ssh', 'paramiko'],
  status: 'stable',
  moreInfo: pluginDocs('B507', 'ssh_no_host_key_verification'),
  query,
  messages: {
    autoTrust: 'Paramiko call with policy set to automatically trust the unknown host key.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Use RejectPolicy' },
  // The check requires name === 'set_missing_host_key_policy'.
  callNames: ['set_missing_host_key_policy'],
  check(match, ctx) {
    if (!ctx.file.importedLike('paramiko')) return undefined;
    const call = ctx.call(match.node);
    if (call.name !== 'set_missing_host_key_policy') return undefined;
    const arg0 = call.args[0];
    if (!arg0 || call.argumentList?.namedChildren.find((c) => c.type !== 'comment') !== arg0) return undefined;
    const name = policyName(arg0);
    if (!name || !TRUSTING.includes(name.text)) return undefined;
    // A bare name (`from paramiko import AutoAddPolicy`) would need an import of RejectPolicy: no fix.
    const fixes =
      name.parent?.type === 'attribute' && editable(match.node)
        ? [{ title: 'Use RejectPolicy', safety: 'unsafe' as const, edits: [ctx.replace(name, 'RejectPolicy')] }]
        : [];
    return { node: match.node, highlight: arg0, messageId: 'autoTrust', fixes };
  },
});
