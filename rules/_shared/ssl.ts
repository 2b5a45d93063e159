/** Bandit's `ssl_with_bad_version` config block (B502, B503): the 1.9 default list of broken protocol names. */
import { pluginBlock, type RuleOptions } from '../../server/src/engine/options';

export const BAD_PROTOCOL_VERSIONS = [
  'PROTOCOL_SSLv2',
  'SSLv2_METHOD',
  'SSLv23_METHOD',
  'PROTOCOL_SSLv3',
  'PROTOCOL_TLSv1',
  'SSLv3_METHOD',
  'TLSv1_METHOD',
  'PROTOCOL_TLSv1_1',
  'TLSv1_1_METHOD',
];

export function badProtocolVersions(options: RuleOptions): string[] {
  const block = pluginBlock(options, 'ssl_with_bad_version', { bad_protocol_versions: BAD_PROTOCOL_VERSIONS as unknown });
  const v = block.bad_protocol_versions;
  return Array.isArray(v) ? v.map(String) : BAD_PROTOCOL_VERSIONS;
}
