// B505 weak_cryptographic_key: DSA/RSA key sizes and EC curves below the configured thresholds
// (cryptography's generate_private_key, PyCrypto/Cryptodome's generate).
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { pluginBlock } from '../../server/src/engine/options';
import { literalValue, unparen, type PyValue } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import type { Level } from '../../server/src/engine/types';
import { astArgCount, editable, pyOrTruthy } from '../_shared/plugin';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const DEFAULTS = {
  weak_key_size_dsa_high: 1024,
  weak_key_size_dsa_medium: 2048,
  weak_key_size_rsa_high: 1024,
  weak_key_size_rsa_medium: 2048,
  weak_key_size_ec_high: 160,
  weak_key_size_ec_medium: 224,
};

const CRYPTOGRAPHY: Record<string, 'DSA' | 'RSA' | 'EC'> = {
  'cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key': 'DSA',
  'cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key': 'RSA',
  'cryptography.hazmat.primitives.asymmetric.ec.generate_private_key': 'EC',
};
const PYCRYPTO: Record<string, 'DSA' | 'RSA'> = {
  'Crypto.PublicKey.DSA.generate': 'DSA',
  'Crypto.PublicKey.RSA.generate': 'RSA',
  'Cryptodome.PublicKey.DSA.generate': 'DSA',
  'Cryptodome.PublicKey.RSA.generate': 'RSA',
};
const POSITION = { DSA: 0, RSA: 1, EC: 0 };

/** Bandit 1.9's curve table (class names of cryptography's ec module). */
const CURVE_BITS: Record<string, number> = {
  SECT571K1: 571,
  SECT571R1: 570,
  SECP521R1: 521,
  BrainpoolP512R1: 512,
  SECT409K1: 409,
  SECT409R1: 409,
  BrainpoolP384R1: 384,
  SECP384R1: 384,
  SECT283K1: 283,
  SECT283R1: 283,
  BrainpoolP256R1: 256,
  SECP256K1: 256,
  SECP256R1: 256,
  SECT233K1: 233,
  SECT233R1: 233,
  SECP224R1: 224,
  SECP192R1: 192,
  SECT163K1: 163,
  SECT163R2: 163,
};
const STRONG_CURVES: [string, number][] = [
  ['SECP256R1', 256],
  ['SECP384R1', 384],
  ['SECP521R1', 521],
];

/** A table lookup that ignores Object.prototype (`constructor`, `toString` are valid Python names). */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** The numeric value Bandit compares (strings are skipped; containers would raise in Bandit). */
function sizeOf(v: PyValue | null): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'int') return Number(v.value);
  if (v.kind === 'float') return v.value;
  return undefined;
}

export default defineRule({
  id: 'B505',
  name: 'weak-cryptographic-key',
  banditName: 'weak_cryptographic_key',
  summary: 'RSA/DSA key or EC curve too small',
  severity: 'HIGH',
  confidence: 'HIGH',
  cwe: 326,
  tags: ['crypto'],
  status: 'stable',
  moreInfo: pluginDocs('B505', 'weak_cryptographic_key'),
  query,
  messages: {
    weakKey: '{type} key sizes below {bits} bits are considered breakable. ',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Use a 2048-bit key or the SECP256R1 curve' },
  // The check requires a qualname from the CRYPTOGRAPHY or PYCRYPTO tables.
  callNames: lastNames(Object.keys(CRYPTOGRAPHY), Object.keys(PYCRYPTO)),
  check(match, ctx): Report | undefined {
    const call = ctx.call(match.node);
    const type = own(CRYPTOGRAPHY, call.qualname) ?? own(PYCRYPTO, call.qualname);
    if (!type) return undefined;
    const cfg = pluginBlock(ctx.options, 'weak_cryptographic_key', DEFAULTS, true);
    // Bandit builds a table of all six sizes for every call: a configured block without one of them raises there
    // (no report for any key type; config.ts warns about the missing key).
    if (Object.keys(DEFAULTS).some((k) => cfg[k as keyof typeof DEFAULTS] === undefined)) return undefined;
    const key = type.toLowerCase() as 'dsa' | 'rsa' | 'ec';
    const high = num(cfg[`weak_key_size_${key}_high`], DEFAULTS[`weak_key_size_${key}_high`]);
    const medium = num(cfg[`weak_key_size_${key}_medium`], DEFAULTS[`weak_key_size_${key}_medium`]);
    const classify = (size: number): { bits: number; level: Level } | undefined =>
      size < high ? { bits: high, level: 'HIGH' } : size < medium ? { bits: medium, level: 'MEDIUM' } : undefined;

    let sizeNode: Node | undefined;
    let size: number | undefined;
    let fixText: string | undefined;
    if (type === 'EC') {
      // curve = get_call_arg_value('curve') or call_args[0] (attributes read as their last name).
      const kwv = call.kwValue('curve');
      sizeNode = pyOrTruthy(kwv) ? call.kw('curve') : call.args[0];
      const cv = pyOrTruthy(kwv) ? kwv : call.argValue(0);
      const curve = cv && (cv.kind === 'str' || cv.kind === 'name') ? cv.value : undefined;
      size = curve !== undefined ? own(CURVE_BITS, curve) : undefined;
      if (size === undefined) return undefined; // unknown curve (or an instance like ec.SECP192R1())
      const strong = STRONG_CURVES.find(([, b]) => b >= medium);
      const n = sizeNode ? unparen(sizeNode) : undefined;
      if (strong && n?.type === 'attribute') {
        sizeNode = n.childForFieldName('attribute') ?? undefined;
        fixText = strong[0];
      } else sizeNode = undefined;
    } else {
      // key_size = get_call_arg_value(kw) or get_call_arg_at_position(pos) or 2048.
      const pycrypto = own(PYCRYPTO, call.qualname) !== undefined;
      const kwName = pycrypto ? 'bits' : 'key_size';
      const pos = pycrypto ? 0 : POSITION[type];
      const kwv = call.kwValue(kwName);
      let v: PyValue | null = null;
      if (pyOrTruthy(kwv)) {
        v = kwv!;
        sizeNode = call.kw(kwName);
      } else if (pos < astArgCount(call) && call.args[pos]) {
        // get_call_arg_at_position uses the plain literal evaluator: attributes give None.
        const pv = literalValue(call.args[pos]);
        if (pyOrTruthy(pv)) {
          v = pv;
          sizeNode = call.args[pos];
        }
      }
      if (!v) return undefined; // defaults to 2048
      size = sizeOf(v);
      if (size === undefined) return undefined;
      fixText = String(Math.max(2048, Math.ceil(medium)));
      const n = sizeNode ? unparen(sizeNode) : undefined;
      if (n?.type !== 'integer' && n?.type !== 'float') sizeNode = undefined;
      else sizeNode = n;
    }
    const tier = classify(size);
    if (!tier) return undefined;
    const fixes =
      sizeNode && fixText && editable(match.node)
        ? [{ title: type === 'EC' ? `Use the ${fixText} curve` : `Use a ${fixText}-bit key`, safety: 'unsafe' as const, edits: [ctx.replace(sizeNode, fixText)] }]
        : [];
    return {
      node: match.node,
      messageId: 'weakKey',
      data: { type, bits: String(Math.trunc(tier.bits)) },
      severity: tier.level,
      confidence: 'HIGH',
      fixes,
    };
  },
});
