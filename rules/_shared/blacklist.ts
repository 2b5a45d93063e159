/**
 * Bandit's blacklist plugin (B3xx calls, B4xx imports) as data plus one matcher. Each node yields at most one
 * blacklist issue (the first entry that matches), so all blacklist rules share one cached decision per node.
 */
import type { Node } from '../../server/src/engine/parser';
import type { RuleContext, RuleFixMeta } from '../../server/src/engine/rule';
import { strValue, unparen } from '../../server/src/engine/python';
import { addImportEdit } from '../../server/src/engine/edits';
import { lastSegment } from './callnames';
import type { Fix, FixSafety, Level, TextEdit } from '../../server/src/engine/types';

/** The replacement of a blacklisted callee: `module.expr` (`expr` may be `SystemRandom().random`). */
export interface CallRewrite {
  module: string;
  expr: string;
}

/** How an entry's calls are fixed: one rewrite per blacklisted qualname (names without one get no fix). */
export interface EntryFix {
  safety: FixSafety;
  /** The rule's fix metadata title. */
  title: string;
  rewrites: Record<string, CallRewrite>;
  /** Appended to each concrete fix title (what the user must check). */
  note?: string;
}

export interface BlacklistEntry {
  id: string;
  /** Bandit's blacklist entry name (`pickle`, `import_pickle`), accepted in `# nosec`. */
  name: string;
  kebab: string;
  qualnames: string[];
  severity: Level;
  cwe: number;
  message: string;
  anchor: string;
  summary: string;
  fix?: EntryFix;
}

/** `{ 'mod.a': {module, expr: 'b'} }` for each `[a, b]` pair. */
function rewrites(from: string, to: string, pairs: [string, string][]): Record<string, CallRewrite> {
  const out: Record<string, CallRewrite> = {};
  for (const [a, b] of pairs) out[`${from}.${a}`] = { module: to, expr: b };
  return out;
}
const same = (fns: readonly string[]): [string, string][] => fns.map((f) => [f, f]);

const xmlCallMsg =
  'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called';
const xmlImportMsg =
  'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.';

const HASHES = 'cryptography.hazmat.primitives.hashes';
const ALGORITHMS = 'cryptography.hazmat.primitives.ciphers.algorithms';
const cryptoHash = ['MD2', 'MD4', 'MD5', 'SHA'];
const weakCiphers = ['ARC2', 'ARC4', 'Blowfish', 'DES', 'XOR'];
const urlopen = ['urlopen', 'urlretrieve', 'URLopener', 'FancyURLopener'];

/** B3xx: blacklisted calls (exact/fnmatch on the resolved call name). */
export const CALLS: BlacklistEntry[] = [
  {
    id: 'B301', name: 'pickle', kebab: 'pickle', severity: 'MEDIUM', cwe: 502, anchor: 'b301-pickle',
    summary: 'Deserialisation with pickle and modules that wrap it',
    qualnames: ['pickle.loads', 'pickle.load', 'pickle.Unpickler', 'dill.loads', 'dill.load', 'dill.Unpickler', 'shelve.open', 'shelve.DbfilenameShelf', 'jsonpickle.decode', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler', 'pandas.read_pickle'],
    message: 'Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.',
  },
  {
    id: 'B302', name: 'marshal', kebab: 'marshal', severity: 'MEDIUM', cwe: 502, anchor: 'b302-marshal',
    summary: 'Deserialisation with marshal', qualnames: ['marshal.load', 'marshal.loads'],
    message: 'Deserialization with the marshal module is possibly dangerous.',
  },
  {
    id: 'B303', name: 'md5', kebab: 'insecure-hash', severity: 'MEDIUM', cwe: 327, anchor: 'b303-md5',
    summary: 'MD2/MD4/MD5/SHA1 from PyCrypto, PyCryptodome or cryptography',
    qualnames: [
      ...cryptoHash.map((h) => `Crypto.Hash.${h}.new`),
      ...cryptoHash.map((h) => `Cryptodome.Hash.${h}.new`),
      `${HASHES}.MD5`,
      `${HASHES}.SHA1`,
    ],
    message: 'Use of insecure MD2, MD4, MD5, or SHA1 hash function.',
    fix: {
      safety: 'unsafe', title: 'Replace the cryptography hash with hashes.SHA256()', note: 'digests change',
      rewrites: rewrites(HASHES, HASHES, [['MD5', 'SHA256'], ['SHA1', 'SHA256']]),
    },
  },
  {
    id: 'B304', name: 'ciphers', kebab: 'insecure-cipher', severity: 'HIGH', cwe: 327, anchor: 'b304-b305-ciphers-and-modes',
    summary: 'Insecure ciphers (ARC2, ARC4, Blowfish, DES, XOR, CAST5, IDEA, SEED, TripleDES)',
    qualnames: [
      ...weakCiphers.map((c) => `Crypto.Cipher.${c}.new`),
      ...weakCiphers.map((c) => `Cryptodome.Cipher.${c}.new`),
      ...['ARC4', 'Blowfish', 'CAST5', 'IDEA', 'SEED', 'TripleDES'].map((c) => `${ALGORITHMS}.${c}`),
    ],
    message: 'Use of insecure cipher {name}. Replace with a known secure cipher such as AES.',
    fix: {
      safety: 'unsafe', title: 'Replace the cryptography cipher with algorithms.AES', note: 'key size, mode and ciphertext change',
      rewrites: rewrites(ALGORITHMS, ALGORITHMS, ['ARC4', 'Blowfish', 'CAST5', 'IDEA', 'SEED', 'TripleDES'].map((c): [string, string] => [c, 'AES'])),
    },
  },
  {
    id: 'B305', name: 'cipher_modes', kebab: 'insecure-cipher-mode', severity: 'MEDIUM', cwe: 327, anchor: 'b304-b305-ciphers-and-modes',
    summary: 'ECB cipher mode', qualnames: ['cryptography.hazmat.primitives.ciphers.modes.ECB'],
    message: 'Use of insecure cipher mode {name}.',
  },
  {
    id: 'B306', name: 'mktemp_q', kebab: 'mktemp', severity: 'MEDIUM', cwe: 377, anchor: 'b306-mktemp-q',
    summary: 'tempfile.mktemp (race-prone temporary file name)', qualnames: ['tempfile.mktemp'],
    message: 'Use of insecure and deprecated function (mktemp).',
    fix: {
      safety: 'unsafe', title: 'Replace with tempfile.mkstemp()', note: 'it creates the file and returns (fd, path)',
      rewrites: rewrites('tempfile', 'tempfile', [['mktemp', 'mkstemp']]),
    },
  },
  {
    id: 'B307', name: 'eval', kebab: 'eval', severity: 'MEDIUM', cwe: 78, anchor: 'b307-eval',
    summary: 'eval()', qualnames: ['eval'],
    message: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
  },
  {
    id: 'B308', name: 'mark_safe', kebab: 'mark-safe', severity: 'MEDIUM', cwe: 79, anchor: 'b308-mark-safe',
    summary: "Django's mark_safe", qualnames: ['django.utils.safestring.mark_safe'],
    message: 'Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.',
  },
  {
    id: 'B310', name: 'urllib_urlopen', kebab: 'urllib-urlopen', severity: 'MEDIUM', cwe: 22, anchor: 'b310-urllib-urlopen',
    summary: 'urllib URL openers (file:// and custom schemes)',
    qualnames: [...urlopen.map((u) => `urllib.request.${u}`), ...urlopen.map((u) => `six.moves.urllib.request.${u}`)],
    message: 'Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected.',
  },
  {
    id: 'B311', name: 'random', kebab: 'random', severity: 'LOW', cwe: 330, anchor: 'b311-random',
    summary: 'Standard pseudo-random generators',
    qualnames: ['Random', 'random', 'randrange', 'randint', 'choice', 'choices', 'uniform', 'triangular', 'randbytes', 'sample', 'getrandbits'].map((f) => `random.${f}`),
    message: 'Standard pseudo-random generators are not suitable for security/cryptographic purposes.',
    fix: {
      safety: 'unsafe', title: 'Use secrets or random.SystemRandom()',
      rewrites: {
        ...rewrites('random', 'secrets', [['choice', 'choice'], ['randbytes', 'token_bytes'], ['getrandbits', 'randbits']]),
        ...rewrites('random', 'random', ['random', 'randrange', 'randint', 'uniform', 'triangular', 'choices', 'sample'].map((f): [string, string] => [f, `SystemRandom().${f}`])),
      },
    },
  },
  {
    id: 'B312', name: 'telnetlib', kebab: 'telnetlib', severity: 'HIGH', cwe: 319, anchor: 'b312-telnetlib',
    summary: 'telnetlib.Telnet', qualnames: ['telnetlib.Telnet'],
    message: 'Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol.',
  },
  ...(
    [
      // id, Bandit name, kebab name, stdlib module, blacklisted functions, defusedxml module with the same functions
      // (defusedxml.cElementTree is deprecated, so B313 moves to defusedxml.ElementTree).
      ['B313', 'xml_bad_cElementTree', 'xml-celementtree', 'xml.etree.cElementTree', ['parse', 'iterparse', 'fromstring', 'XMLParser'], 'defusedxml.ElementTree'],
      ['B314', 'xml_bad_ElementTree', 'xml-elementtree', 'xml.etree.ElementTree', ['parse', 'iterparse', 'fromstring', 'XMLParser'], 'defusedxml.ElementTree'],
      ['B315', 'xml_bad_expatreader', 'xml-expatreader', 'xml.sax.expatreader', ['create_parser'], 'defusedxml.expatreader'],
      ['B316', 'xml_bad_expatbuilder', 'xml-expatbuilder', 'xml.dom.expatbuilder', ['parse', 'parseString'], 'defusedxml.expatbuilder'],
      ['B317', 'xml_bad_sax', 'xml-sax', 'xml.sax', ['parse', 'parseString', 'make_parser'], 'defusedxml.sax'],
      ['B318', 'xml_bad_minidom', 'xml-minidom', 'xml.dom.minidom', ['parse', 'parseString'], 'defusedxml.minidom'],
      ['B319', 'xml_bad_pulldom', 'xml-pulldom', 'xml.dom.pulldom', ['parse', 'parseString'], 'defusedxml.pulldom'],
    ] as const
  ).map(([id, name, kebab, mod, fns, defused]): BlacklistEntry => ({
    id, name, kebab, severity: 'MEDIUM', cwe: 20, anchor: `b313-b320-${name.replace(/_/g, '-').toLowerCase()}`,
    summary: `${mod} parsers (XML attacks)`, qualnames: fns.map((f) => `${mod}.${f}`), message: xmlCallMsg,
    fix: {
      safety: 'unsafe', title: `Replace with the ${defused} equivalent`, note: 'adds a dependency on defusedxml',
      rewrites: rewrites(mod, defused, same(fns)),
    },
  })),
  {
    id: 'B321', name: 'ftplib', kebab: 'ftplib', severity: 'HIGH', cwe: 319, anchor: 'b321-ftplib',
    summary: 'ftplib.FTP (cleartext)', qualnames: ['ftplib.FTP'],
    message: 'FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.',
    fix: {
      safety: 'unsafe', title: 'Replace with ftplib.FTP_TLS()', note: 'the server must support FTPS; call prot_p() to protect data',
      rewrites: rewrites('ftplib', 'ftplib', [['FTP', 'FTP_TLS']]),
    },
  },
  {
    id: 'B323', name: 'unverified_context', kebab: 'unverified-context', severity: 'MEDIUM', cwe: 295, anchor: 'b323-unverified-context',
    summary: 'ssl._create_unverified_context', qualnames: ['ssl._create_unverified_context'],
    message:
      'By default, Python will create a secure, verified ssl context for use in such classes as HTTPSConnection. However, it still allows using an insecure context via the _create_unverified_context that reverts to the previous behavior that does not validate certificates or perform hostname checks.',
    fix: {
      safety: 'unsafe', title: 'Replace with ssl.create_default_context()', note: 'certificates and host names are then verified',
      rewrites: rewrites('ssl', 'ssl', [['_create_unverified_context', 'create_default_context']]),
    },
  },
];

const xmlImport = (id: string, name: string, kebab: string, mods: string[]): BlacklistEntry => ({
  id, name, kebab, severity: 'LOW', cwe: 20, anchor: `${id.toLowerCase()}-${name.replace(/_/g, '-')}`,
  summary: `Import of ${mods.join(', ')}`, qualnames: mods, message: xmlImportMsg,
});

/** B4xx: blacklisted imports (prefix match on imports, exact on dynamic imports and calls). */
export const IMPORTS: BlacklistEntry[] = [
  {
    id: 'B401', name: 'import_telnetlib', kebab: 'import-telnetlib', severity: 'HIGH', cwe: 319, anchor: 'b401-import-telnetlib',
    summary: 'Import of telnetlib', qualnames: ['telnetlib'],
    message: 'A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.',
  },
  {
    id: 'B402', name: 'import_ftplib', kebab: 'import-ftplib', severity: 'HIGH', cwe: 319, anchor: 'b402-import-ftplib',
    summary: 'Import of ftplib', qualnames: ['ftplib'],
    message: 'A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.',
  },
  {
    id: 'B403', name: 'import_pickle', kebab: 'import-pickle', severity: 'LOW', cwe: 502, anchor: 'b403-import-pickle',
    summary: 'Import of pickle, cPickle, dill or shelve', qualnames: ['pickle', 'cPickle', 'dill', 'shelve'],
    message: 'Consider possible security implications associated with {name} module.',
  },
  {
    id: 'B404', name: 'import_subprocess', kebab: 'import-subprocess', severity: 'LOW', cwe: 78, anchor: 'b404-import-subprocess',
    summary: 'Import of subprocess', qualnames: ['subprocess'],
    // Bandit 1.7+ text (1.6.2 used the generic '... associated with {name} module.').
    message: 'Consider possible security implications associated with the subprocess module.',
  },
  xmlImport('B405', 'import_xml_etree', 'import-xml-etree', ['xml.etree.cElementTree', 'xml.etree.ElementTree']),
  xmlImport('B406', 'import_xml_sax', 'import-xml-sax', ['xml.sax']),
  xmlImport('B407', 'import_xml_expat', 'import-xml-expat', ['xml.dom.expatbuilder']),
  xmlImport('B408', 'import_xml_minidom', 'import-xml-minidom', ['xml.dom.minidom']),
  xmlImport('B409', 'import_xml_pulldom', 'import-xml-pulldom', ['xml.dom.pulldom']),
  {
    id: 'B411', name: 'import_xmlrpclib', kebab: 'import-xmlrpclib', severity: 'HIGH', cwe: 20, anchor: 'b411-import-xmlrpclib',
    summary: 'Import of xmlrpc', qualnames: ['xmlrpc'],
    // Bandit 1.7+ text (1.6.2 said 'defused.xmlrpc.monkey_patch()').
    message:
      'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities.',
  },
  {
    id: 'B412', name: 'import_httpoxy', kebab: 'import-httpoxy', severity: 'HIGH', cwe: 284, anchor: 'b412-import-httpoxy',
    summary: 'CGI handlers vulnerable to httpoxy',
    qualnames: ['wsgiref.handlers.CGIHandler', 'twisted.web.twcgi.CGIScript', 'twisted.web.twcgi.CGIDirectory'],
    message: 'Consider possible security implications associated with {name} module.',
  },
  {
    id: 'B413', name: 'import_pycrypto', kebab: 'import-pycrypto', severity: 'HIGH', cwe: 327, anchor: 'b413-import-pycrypto',
    summary: 'Import of the unmaintained pyCrypto',
    qualnames: ['Cipher', 'Hash', 'IO', 'Protocol', 'PublicKey', 'Random', 'Signature', 'Util'].map((m) => `Crypto.${m}`),
    message:
      'The pyCrypto library and its module {name} are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.',
  },
  {
    id: 'B415', name: 'import_pyghmi', kebab: 'import-pyghmi', severity: 'HIGH', cwe: 319, anchor: 'b415-import-pyghmi',
    summary: 'Import of pyghmi (IPMI)', qualnames: ['pyghmi'],
    message: 'An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol.',
  },
];

/** Python's fnmatch.fnmatch (POSIX, case-sensitive) for qualname patterns. */
function fnmatch(name: string, pattern: string): boolean {
  if (!/[*?[]/.test(pattern)) return name === pattern;
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(name);
}

export interface BlacklistHit {
  entry: BlacklistEntry;
  name: string;
}

const cache = new WeakMap<object, Map<number, BlacklistHit | null>>();

function memo(ctx: RuleContext, node: Node, compute: () => BlacklistHit | null): BlacklistHit | null {
  let m = cache.get(ctx.file);
  if (!m) {
    m = new Map();
    cache.set(ctx.file, m);
  }
  const got = m.get(node.id);
  if (got !== undefined) return got;
  const v = compute();
  m.set(node.id, v);
  return v;
}

/** The name a Call is checked under: the qualified name, or the module of a dynamic import. */
function callName(node: Node, ctx: RuleContext): string | null {
  const call = ctx.call(node);
  const func = call.func ? unparen(call.func) : null;
  if (func && func.type === 'identifier' && func.text === '__import__') {
    if (call.args.length === 0) return '';
    return strValue(call.args[0]) ?? 'UNKNOWN';
  }
  const name = call.qualname;
  if (name === 'importlib.import_module' || name === 'importlib.__import__') {
    const v = call.args.length > 0 ? call.argValue(0) : call.kwValue('name');
    if (!v) return null;
    return v.kind === 'str' || v.kind === 'name' ? v.value : null;
  }
  return name;
}

/**
 * The call matcher's table: every qualname pattern in match order (calls list first, then the imports list). Exact
 * names go in a Map (first entry wins); wildcard patterns keep their order index so the earliest match still wins.
 */
interface CallTable {
  exact: Map<string, { entry: BlacklistEntry; order: number }>;
  wild: { entry: BlacklistEntry; pattern: string; order: number }[];
}
let callTable: CallTable | undefined;
function getCallTable(): CallTable {
  if (callTable) return callTable;
  const exact = new Map<string, { entry: BlacklistEntry; order: number }>();
  const wild: CallTable['wild'] = [];
  let order = 0;
  for (const list of [CALLS, IMPORTS]) {
    for (const entry of list) {
      for (const qn of entry.qualnames) {
        if (/[*?[]/.test(qn)) wild.push({ entry, pattern: qn, order });
        else if (!exact.has(qn)) exact.set(qn, { entry, order });
        order++;
      }
    }
  }
  return (callTable = { exact, wild });
}

/** The blacklist entry a call matches: calls list first, then the imports list (exact). */
export function matchCall(node: Node, ctx: RuleContext): BlacklistHit | null {
  return memo(ctx, node, () => {
    const name = callName(node, ctx);
    if (name === null) return null;
    const table = getCallTable();
    const hit = table.exact.get(name);
    let best: BlacklistEntry | undefined = hit?.entry;
    let bestOrder = hit ? hit.order : Infinity;
    for (const w of table.wild) {
      if (w.order >= bestOrder) break;
      if (fnmatch(name, w.pattern)) {
        best = w.entry;
        bestOrder = w.order;
        break;
      }
    }
    return best ? { entry: best, name } : null;
  });
}

/** The blacklist entry an import statement matches (prefix match; entries in id order, then names). */
export function matchImport(node: Node, ctx: RuleContext): BlacklistHit | null {
  return memo(ctx, node, () => {
    const names: { full: string; name: string }[] = [];
    let prefix = '';
    if (node.type === 'import_from_statement') {
      const mod = node.childForFieldName('module_name');
      if (mod?.type === 'dotted_name') prefix = mod.text.replace(/\s+/g, '') + '.';
      else if (mod?.type === 'relative_import') {
        const d = mod.namedChildren.find((c) => c.type === 'dotted_name');
        if (d) prefix = d.text.replace(/\s+/g, '') + '.';
      }
      for (const c of node.childrenForFieldName('name')) {
        const n = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
        if (n) names.push({ full: prefix + n.text, name: n.text });
      }
      if (node.namedChildren.some((c) => c.type === 'wildcard_import')) names.push({ full: prefix + '*', name: '*' });
    } else {
      for (const c of node.namedChildren) {
        const n = c.type === 'aliased_import' ? c.childForFieldName('name') : c.type === 'dotted_name' ? c : null;
        if (n) names.push({ full: n.text.replace(/\s+/g, ''), name: n.text.replace(/\s+/g, '') });
      }
    }
    for (const entry of IMPORTS) {
      for (const n of names) {
        for (const qn of entry.qualnames) if (n.full.startsWith(qn)) return { entry, name: n.name };
      }
    }
    return null;
  });
}

/** The rule-level fix metadata of an entry (undefined when the entry has no fixes). */
export function fixMeta(entry: BlacklistEntry): RuleFixMeta | undefined {
  return entry.fix ? { availability: 'sometimes', safety: entry.fix.safety, title: entry.fix.title } : undefined;
}

/** A name or a chain of attributes on a name, without parentheses, calls or subscripts. */
function plainDotted(n: Node): boolean {
  if (n.type === 'identifier') return true;
  if (n.type !== 'attribute') return false;
  const obj = n.childForFieldName('object');
  return !!obj && plainDotted(obj);
}

/** True when a relative `from .m import x [as name]` binds `name`. */
function boundByRelativeImport(root: Node, name: string): boolean {
  for (const s of root.descendantsOfType('import_from_statement')) {
    if (!s || s.childForFieldName('module_name')?.type !== 'relative_import') continue;
    for (const c of s.childrenForFieldName('name')) {
      const bound = c.type === 'aliased_import' ? c.childForFieldName('alias') : c;
      if (bound?.text === name) return true;
    }
  }
  return false;
}

/**
 * The fix for a blacklisted call matched under `name`, from the entry's rewrite table. Offered only when the
 * callee is a plain dotted name. A replacement in the same module keeps the user's qualifier (`rnd.random` ->
 * `rnd.SystemRandom().random`, `hashes.MD5` -> `hashes.SHA256`); a name bound by `from m import f [as g]` becomes
 * the new name imported the same way; a replacement in another module is written in full and imported
 * (`rnd.choice` -> `secrets.choice` plus `import secrets`).
 */
export function callFix(entry: BlacklistEntry, name: string, node: Node, ctx: RuleContext): Fix | undefined {
  const rw = entry.fix?.rewrites[name];
  const call = ctx.call(node);
  const func = call.func;
  // The name must be the callee's own (not the module of `__import__("tempfile.mktemp")`).
  if (!entry.fix || !rw || call.qualname !== name || !func || !plainDotted(func)) return undefined;
  const srcModule = name.slice(0, name.lastIndexOf('.'));
  const { root } = ctx.file;
  const edits: TextEdit[] = [];
  let imp: TextEdit | null | undefined = null;
  let replacement: string;
  const attr = func.type === 'attribute' ? func.childForFieldName('attribute') : null;
  const obj = func.type === 'attribute' ? func.childForFieldName('object') : null;
  if (attr && obj && ctx.file.qualName(obj) === rw.module) {
    // `q.old(...)` where q is the target module already: rename the attribute only.
    replacement = `${obj.text}.${rw.expr}`;
    edits.push(ctx.replace(attr, rw.expr));
  } else if (func.type === 'identifier' && boundByRelativeImport(root, func.text)) {
    // `from .tempfile import mktemp`: Bandit resolves it like the stdlib module, but it is the user's own.
    return undefined;
  } else if (func.type === 'identifier' && rw.module === srcModule) {
    // `old(...)` bound by `from module import old [as x]`: import the new name from the same module.
    replacement = rw.expr;
    edits.push(ctx.replace(func, rw.expr));
    imp = addImportEdit(ctx.file, rw.module, /^\w+/.exec(rw.expr)![0]);
  } else {
    replacement = `${rw.module}.${rw.expr}`;
    edits.push(ctx.replace(func, replacement));
    imp = addImportEdit(ctx.file, rw.module);
  }
  if (imp === undefined) return undefined;
  if (imp) edits.push(imp);
  const note = entry.fix.note ? ` (${entry.fix.note})` : '';
  return { title: `Replace ${func.text} with ${replacement}${note}`, safety: entry.fix.safety, edits };
}

/**
 * The call names (`CallContext.name`) on which `matchCall` can return `entry`: the last segments of its
 * qualnames, plus `__import__` / `import_module`, whose string argument is matched instead. Undefined (any call)
 * when a qualname has a wildcard in its last segment.
 */
export function entryCallNames(entry: BlacklistEntry): string[] | undefined {
  const names = new Set(['__import__', 'import_module']);
  for (const qn of entry.qualnames) {
    const last = lastSegment(qn);
    if (/[*?[\]]/.test(last)) return undefined;
    names.add(last);
  }
  return [...names];
}
