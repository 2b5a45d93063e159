// B508 snmp_insecure_version_check: pysnmp's CommunityData(..., mpModel=0|1) (SNMPv1/v2c). Bandit 1.9.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { pyEquals } from '../../server/src/engine/python';
import query from './query.scm';

export default defineRule({
  id: 'B508',
  name: 'snmp-insecure-version',
  banditName: 'snmp_insecure_version_check',
  banditPlugin: 'snmp_insecure_version',
  summary: 'SNMPv1/v2c community-based authentication',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 319,
  tags: ['snmp', 'pysnmp'],
  status: 'stable',
  moreInfo: pluginDocs('B508', 'snmp_insecure_version_check'),
  query,
  messages: {
    insecureVersion: 'The use of SNMPv1 and SNMPv2 is insecure. You should use SNMPv3 if able.',
  },
  // The check requires qualname === 'pysnmp.hlapi.CommunityData'.
  callNames: ['CommunityData'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.qualname !== 'pysnmp.hlapi.CommunityData') return undefined;
    const v = call.kwValue('mpModel');
    if (v === undefined || !(pyEquals(v, 0) || pyEquals(v, 1))) return undefined;
    return { node: match.node, highlight: call.keywords.get('mpModel')!.node, messageId: 'insecureVersion' };
  },
});
