// Differential comparison with Bandit, shared by scripts/parity.ts and test/parity.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../server/src/engine/engine';
import { analyzeSource } from '../../server/src/engine/analyze';

export interface BanditJson {
  results: { filename: string; line_number: number; test_id: string; code?: string; issue_text: string }[];
  errors: { filename: string; reason: string }[];
}

/** Ids Bandit 1.6.2 does not have (added later), and ids 1.6.2 reports that Bandit 1.9 retired. */
export const NOT_IN_162 = new Set(['B113', 'B202', 'B415', 'B508', 'B509', 'B612', 'B613', 'B614', 'B615', 'B704']);
export const RETIRED = new Set(['B309', 'B320', 'B322', 'B325', 'B410', 'B414']);

export const CLASS_TEXT: Record<string, string> = {
  'retired-in-1.9': 'Bandit 1.6.2 reports ids that Bandit 1.9 retired (B320 lxml, B410 import lxml, ...); Vigil follows 1.9 and never reuses them.',
  'b303-split-to-b324': 'Bandit 1.6.2 reports hashlib.md5/sha1 as B303; Bandit 1.9 moved them to B324, as Vigil does (same line).',
  'not-in-1.6.2': 'Rules Bandit added after 1.6.2 (B113, B202, B415, B508, B509, B612-B615, B704), as the spec requires.',
  'b105-attribute-target': 'B105 on `obj.password = "..."`: Bandit 1.7+ (and the spec) check Attribute targets; 1.6.2 only Name targets.',
  'b105-dict-literal-key': 'B105 on a dict literal `{"password": ...}`: added in Bandit 1.9.3 (issue #1267) and required by the spec; 1.6.2 predates it.',
  'b105-subscript-target': 'B105 on `d["password"] = "..."`: 1.6.2 looks for ast.Index, which Python 3.9 removed, so it never fires there; the spec (1.9) checks it.',
  'b103-more-mode-bits': 'B103 on modes with o+x or g+w only (0o001/0o010/0o020): the spec (1.9) checks all four bits, 1.6.2 only 0o002 and 0o010.',
  'b105-compare-attribute': 'B105 on `obj.token_type == "..."`: Bandit 1.7+ (and the spec) check an Attribute left of a comparison; 1.6.2 only a Name.',
  'b311-more-calls': 'B311 on `random.Random`, `choices`, `randbytes`, `sample`, `getrandbits` (also under an import alias): added to the list after 1.6.2 (PR #1235); the spec lists them.',
  'b411-xmlrpc-package': 'B411 on `xmlrpc.client` / `xmlrpc.server` imports: the spec (1.9) matches the `xmlrpc` prefix; 1.6.2 only `xmlrpclib`.',
  'b605-b607-subprocess-getoutput': 'B605/B607 on `subprocess.getoutput` / `getstatusoutput`: in the spec\'s (1.9) shell list; 1.6.2 lists only the Python 2 `commands` ones.',
  'b301-b403-shelve': 'B301 on `shelve.open` and B403 on `import shelve`: in the spec\'s (1.9) lists, not in 1.6.2\'s.',
  'b324-crypt': 'B324 on `crypt.crypt` / `crypt.mksalt` with a weak method: added to the hashlib plugin after 1.6.2, as the spec requires.',
  'b608-fstring': 'B608 on an f-string: the spec (1.9) checks the literal start of f-strings; 1.6.2 predates that.',
  'b608-values-paren': 'B608 on `INSERT INTO ... VALUES(` with no space before the parenthesis: the spec\'s (1.9) regex accepts it, 1.6.2\'s wants a space.',
  'b324-usedforsecurity': 'B303/B324 on a hash called with `usedforsecurity=False`: Bandit 1.7.1+ and the spec report nothing there; 1.6.2 does.',
  'b321-ftp-only': 'B321 on an `ftplib` call other than `ftplib.FTP` (e.g. `FTP_TLS`, `parse257`): Bandit 1.9 and the spec flag `ftplib.FTP` only; 1.6.2 any `ftplib` call.',
  'b312-telnet-only': 'B312 on a `telnetlib` call other than `telnetlib.Telnet`: Bandit 1.9 and the spec flag `telnetlib.Telnet` only; 1.6.2 any `telnetlib` call.',
  'b310-py2-urllib': 'B310 on Python 2\'s `urllib2.urlopen` or `urllib.urlopen` (also when imported by name, as in `except ImportError: from urllib2 import urlopen`): Bandit 1.9 and the spec dropped the Python 2 entries; 1.6.2 has them.',
  'b304-more-ciphers': 'B304 on cryptography\'s `algorithms.CAST5` / `SEED` / `TripleDES`: in the spec\'s (1.9) cipher list; 1.6.2 lists only ARC4, Blowfish and IDEA.',
  'b502-tls11': 'B502/B503 on `PROTOCOL_TLSv1_1` / `TLSv1_1_METHOD`: in the spec\'s (1.9) default bad-version list; 1.6.2\'s list stops at TLS 1.0.',
  // Bandit 1.6.2 reads the policy argument with context.call_args: an attribute gives its name, a call gives None,
  // so `paramiko.AutoAddPolicy()` is missed. Bandit 1.9 (and the spec's "as a name, attribute or instantiation")
  // also reads the called class's name. Seen on OpenStack Cinder (ssh_utils.py, gpfs.py).
  'b507-policy-instance': 'B507 on `set_missing_host_key_policy(paramiko.AutoAddPolicy())`: Bandit 1.9 and the spec also recognise an instantiated policy; 1.6.2 only a name or attribute.',
  'bandit-parse-error': 'A file Bandit could not parse (it reports an error and nothing else; here Python 2 test data): Vigil reports what it finds in the parts that parse.',
  unexplained: 'Not yet classified: a bug in Vigil or an undocumented difference.',
};

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
}

/** A key per finding: relative file, line, id. */
const key = (rel: string, line: number, id: string) => `${rel}:${line}:${id}`;

/**
 * Differences of the same id that the spec explains, recognised from the reported line's text (`next`: the two
 * lines after it, for a call's later arguments). The classes were reviewed by reading every case on the Nova,
 * Django and standard-library corpora.
 */
/**
 * The local names that `from <module> import ...` binds in `file` to one of `names` (`x` or `y` for `import x as
 * y`). Both branches of a `try: from a import f / except ImportError: from b import f` count.
 */
function importedNames(file: string, module: string, names: readonly string[]): string[] {
  const out: string[] = [];
  const from = new RegExp(`^[ \\t]*from[ \\t]+${module.replace(/\./g, '\\.')}[ \\t]+import[ \\t]+(\\([^)]*\\)|[^\\n#]*)`, 'gm');
  for (const m of file.matchAll(from)) {
    for (const part of m[1]!.replace(/[()\\\n]/g, ' ').split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name && names.includes(name)) out.push(alias ?? name);
    }
  }
  return out;
}

/** Whether `line` calls one of `names` imported from `module` in `file`, under whatever local name. */
function callsImported(line: string, file: string, module: string, names: readonly string[]): boolean {
  return importedNames(file, module, names).some((local) => new RegExp(`(^|[^\\w.])${local}\\s*\\(`).test(line));
}

const B311_NEW = ['Random', 'choices', 'randbytes', 'sample', 'getrandbits'];
const B310_PY2 = ['urlopen', 'urlretrieve', 'URLopener', 'FancyURLopener', 'Request'];

export function explainSameId(id: string, line: string, side: 'ours' | 'bandit', next = '', file = ''): string | undefined {
  if (side === 'ours' && id === 'B105') {
    if (/^\s*[uUbBrR]?['"][^'"]*['"]\s*:/.test(line) || /[{,]\s*[uUbBrR]?['"][^'"]*['"]\s*:/.test(line)) return 'b105-dict-literal-key';
    if (/\[\s*['"][^'"]*['"]\s*\]\s*=\s*[uUbBrR]?['"]/.test(line)) return 'b105-subscript-target';
    if (/\b\w+\.\w+\s*=\s*['"]/.test(line)) return 'b105-attribute-target';
    if (/\.[A-Za-z_]\w*\s*[!=]=\s*[uUbBrR]?['"]/.test(line)) return 'b105-compare-attribute';
  }
  if (side === 'ours' && id === 'B103' && /0o?[0-7]*[1357]\b|0o?[0-7]*[2367][0-7]\b/.test(line)) return 'b103-more-mode-bits';
  if (side === 'ours' && id === 'B311' && (/\b_?(Random|choices|randbytes|sample|getrandbits)\s*\(/.test(line) || callsImported(line, file, 'random', B311_NEW))) return 'b311-more-calls'; // `_Random`: an import alias
  if (side === 'ours' && id === 'B411' && /\bxmlrpc\.(client|server)\b/.test(line)) return 'b411-xmlrpc-package';
  if (side === 'ours' && (id === 'B605' || id === 'B607') && /\bsubprocess\.get(status)?output\s*\(/.test(line)) return 'b605-b607-subprocess-getoutput';
  if (side === 'ours' && (id === 'B301' || id === 'B403') && /\bshelve\b/.test(line)) return 'b301-b403-shelve';
  if (side === 'ours' && id === 'B507' && /\bset_missing_host_key_policy\s*\(\s*(\w+\s*\.\s*)*(AutoAddPolicy|WarningPolicy)\s*\(/.test(line + next)) return 'b507-policy-instance';
  if (side === 'ours' && id === 'B324' && /\bcrypt\.(crypt|mksalt)\s*\(/.test(line)) return 'b324-crypt';
  if (side === 'ours' && id === 'B608' && /(^|[^\w'"])[rR]?[fF][rR]?['"]/.test(line)) return 'b608-fstring';
  if (side === 'ours' && id === 'B608' && /\bvalues\(/i.test(line + next)) return 'b608-values-paren'; // implicit concatenation: VALUES( may be on the next line
  // Entries Bandit added to these lists after 1.6.2 (its calls.py and insecure_ssl_tls.py lack them); the spec lists them.
  if (side === 'ours' && id === 'B304' && /\b(CAST5|SEED|TripleDES)\s*\(/.test(line)) return 'b304-more-ciphers';
  if (side === 'ours' && (id === 'B502' || id === 'B503') && /\b(PROTOCOL_TLSv1_1|TLSv1_1_METHOD)\b/.test(line + '\n' + next)) return 'b502-tls11'; // the keyword or default may be on a later line
  if (side === 'bandit' && (id === 'B303' || id === 'B324') && /\busedforsecurity\s*=\s*False\b/.test(line + next)) return 'b324-usedforsecurity';
  if (side === 'bandit' && id === 'B321' && /\bftplib\./.test(line) && !/\bftplib\.FTP\s*\(/.test(line)) return 'b321-ftp-only';
  if (side === 'bandit' && id === 'B310' && (/\burllib2\.\w+\s*\(|\burllib\.(urlopen|urlretrieve|URLopener|FancyURLopener)\s*\(/.test(line) || callsImported(line, file, 'urllib2', B310_PY2) || callsImported(line, file, 'urllib', B310_PY2))) return 'b310-py2-urllib';
  if (side === 'bandit' && id === 'B312' && /\btelnetlib\./.test(line) && !/\btelnetlib\.Telnet\s*\(/.test(line)) return 'b312-telnet-only';
  return undefined;
}

export function computeParity(engine: Engine, corpus: string, bandit: BanditJson) {
  const files: string[] = [];
  walk(corpus, files);
  const ours = new Map<string, string>(); // key -> message
  const lineText = new Map<string, string[]>();
  const fileText = new Map<string, string>();
  const textOf = (rel: string, line: number) => lineText.get(rel)?.[line - 1] ?? '';
  const nextOf = (rel: string, line: number) => (lineText.get(rel) ?? []).slice(line, line + 2).join('\n');
  const unparsed = new Set((bandit.errors ?? []).map((e) => path.relative(corpus, path.resolve(e.filename))));
  const explain = (base: string, id: string, side: 'ours' | 'bandit') => {
    const rel = base.slice(0, base.lastIndexOf(':'));
    const line = Number(base.slice(base.lastIndexOf(':') + 1));
    if (side === 'ours' && unparsed.has(rel)) return 'bandit-parse-error';
    return explainSameId(id, textOf(rel, line), side, nextOf(rel, line), fileText.get(rel)) ?? 'unexplained';
  };
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    const rel = path.relative(corpus, f);
    lineText.set(rel, src.split('\n'));
    fileText.set(rel, src);
    const a = analyzeSource(engine, src, { filename: f });
    for (const x of a.findings) ours.set(key(rel, x.line, x.ruleId), x.message);
  }
  const banditKeys: string[] = [];
  const theirs = new Set<string>();
  for (const r of bandit.results) {
    const rel = path.relative(corpus, path.resolve(r.filename));
    const k = key(rel, r.line_number, r.test_id);
    theirs.add(k);
    banditKeys.push(k);
  }
  const byClass: Record<string, string[]> = {};
  const add = (c: string, k: string) => (byClass[c] ??= []).push(k);
  const perId: Record<string, { bandit: number; ours: number; matched: number; onlyBandit: number; onlyOurs: number }> = {};
  const row = (id: string) => (perId[id] ??= { bandit: 0, ours: 0, matched: 0, onlyBandit: 0, onlyOurs: 0 });
  let matched = 0;
  for (const k of theirs) {
    const id = k.slice(k.lastIndexOf(':') + 1);
    row(id).bandit++;
    if (ours.has(k)) {
      matched++;
      row(id).matched++;
      continue;
    }
    row(id).onlyBandit++;
    const base = k.slice(0, k.lastIndexOf(':'));
    if (RETIRED.has(id)) add('retired-in-1.9', k);
    else if (id === 'B303' && ours.has(`${base}:B324`)) add('b303-split-to-b324', k);
    else add(explain(base, id, 'bandit'), k);
  }
  for (const k of ours.keys()) {
    const id = k.slice(k.lastIndexOf(':') + 1);
    row(id).ours++;
    if (theirs.has(k)) continue;
    row(id).onlyOurs++;
    const base = k.slice(0, k.lastIndexOf(':'));
    if (id.startsWith('VG')) continue; // our own rules are not part of Bandit parity
    if (NOT_IN_162.has(id)) add('not-in-1.6.2', k);
    else if (id === 'B324' && theirs.has(`${base}:B303`)) add('b303-split-to-b324', k);
    else add(explain(base, id, 'ours'), k);
  }
  for (const id of Object.keys(perId)) if (id.startsWith('VG')) delete perId[id];
  const explainedKeys = Object.entries(byClass)
    .filter(([c]) => c !== 'unexplained')
    .flatMap(([, l]) => l)
    .sort();
  return {
    files: files.length,
    banditTotal: theirs.size,
    oursTotal: [...ours.keys()].filter((k) => !k.endsWith(':VG') && !/:VG\d+$/.test(k)).length,
    matched,
    perId,
    byClass,
    classText: CLASS_TEXT,
    banditKeys: [...theirs].sort(),
    explainedKeys,
    ours,
  };
}

export interface Pinned {
  corpus: string;
  bandit: string[];
  explained: string[];
}

/** Regressions against a pinned expectation: a Bandit finding no longer matched or explained, or a new extra. */
export function comparePinned(pinned: Pinned, p: ReturnType<typeof computeParity>): string[] {
  const explained = new Set(pinned.explained);
  const problems: string[] = [];
  for (const k of pinned.bandit) {
    const id = k.slice(k.lastIndexOf(':') + 1);
    if (!p.ours.has(k) && !explained.has(k)) problems.push(`missing: ${k} (Bandit reports it, Vigil no longer does)`);
    void id;
  }
  const theirs = new Set(pinned.bandit);
  for (const k of p.ours.keys()) {
    if (/:VG\d+$/.test(k) || theirs.has(k) || explained.has(k)) continue;
    problems.push(`extra: ${k} (Vigil reports it, Bandit does not, and it is not an explained difference)`);
  }
  return problems;
}
