// B509 snmp_crypto_check: pysnmp's UsmUserData() with fewer than 3 positional arguments (noAuthNoPriv or
// authNoPriv). Bandit 1.9.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { astArgCount } from '../_shared/plugin';
import query from './query.scm';

export default defineRule({
  id: 'B509',
  name: 'snmp-weak-cryptography',
  banditName: 'snmp_crypto_check',
  banditPlugin: 'snmp_weak_cryptography',
  summary: 'SNMPv3 without encryption (noAuthNoPriv / authNoPriv)',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 319,
  tags: ['snmp', 'pysnmp'],
  status: 'stable',
  moreInfo: pluginDocs('B509', 'snmp_crypto_check'),
  query,
  messages: {
    noEncryption: 'You should not use SNMPv3 without encryption. noAuthNoPriv & authNoPriv is insecure',
  },
  // The check requires qualname === 'pysnmp.hlapi.UsmUserData'.
  callNames: ['UsmUserData'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.qualname !== 'pysnmp.hlapi.UsmUserData') return undefined;
    // Bandit's call_args_count: positional arguments only (keywords such as privKey= do not count).
    if (astArgCount(call) >= 3) return undefined;
    return { node: match.node, messageId: 'noEncryption' };
  },
});
