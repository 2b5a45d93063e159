// Differential parity with Bandit on OpenStack Nova and Django, pinned: fails if agreement regresses (a Bandit
// finding no longer matched or explained, or a new unexplained Vigil finding). Needs the corpora: .ci/run fetches
// them with ../shared/tools/corpus.sh; set VIGIL_CORPUS to their directory (default: .corpus or /work/corpus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { comparePinned, computeParity, explainSameId, type Pinned } from './helpers/parity';

const ROOT = path.join(__dirname, '..', '..');
const candidates = [process.env.VIGIL_CORPUS, path.join(ROOT, '.corpus'), '/work/corpus'].filter((d): d is string => !!d);

/** Each pinned corpus, with a file that shows it is there and the matched count measured when it was pinned. */
const CORPORA = [
  { name: 'nova', probe: 'compute/manager.py', matched: 414 },
  { name: 'django', probe: 'db/models/query.py', matched: 317 },
];

for (const c of CORPORA) {
  const corpusRoot = candidates.find((d) => fs.existsSync(path.join(d, c.name, c.probe)));
  test(`Bandit parity on ${c.name} matches the pinned expectation`, { skip: corpusRoot ? false : `${c.name} corpus not found (run ../shared/tools/corpus.sh .corpus ${c.name})`, timeout: 600_000 }, async () => {
    const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'parity', `${c.name}.json`), 'utf8')) as Pinned;
    const engine = await getEngine();
    // Bandit's own findings are pinned by key; the comparison needs only our side.
    const bandit = { results: pinned.bandit.map((k) => {
      const [file, line, id] = k.split(/:(?=[^:]+:[^:]+$)|:(?=[^:]+$)/);
      return { filename: path.join(corpusRoot!, c.name, file!), line_number: Number(line), test_id: id!, issue_text: '' };
    }), errors: [] };
    const parity = computeParity(engine, path.join(corpusRoot!, c.name), bandit);
    const problems = comparePinned(pinned, parity);
    assert.deepEqual(problems, []);
    // The headline numbers: every Bandit finding is matched or explained.
    assert.equal(parity.byClass['unexplained']?.length ?? 0, 0);
    assert.ok(parity.matched >= c.matched, `matched ${parity.matched}`);
  });
}

// The imports of oauthlib/common.py and softwareproperties/MirrorTest.py (Debian's dist-packages corpus).
const OAUTHLIB = 'try:\n    from secrets import SystemRandom, randbits\nexcept ImportError:\n    from random import SystemRandom, getrandbits as randbits\n';
const MIRRORTEST = 'try:\n    from urllib.request import urlopen\nexcept ImportError:\n    from urllib2 import urlopen\nimport random\n';

test('the difference classes recognise the lines they were written for, and not others', () => {
  // [id, line, side, next lines, expected class] from the corpora (first of each pair), then a near miss.
  const cases: [string, string, 'ours' | 'bandit', string, string | undefined, string?][] = [
    ['B105', "        if x.token_type == 'addr-spec':", 'ours', '', 'b105-compare-attribute'],
    ['B105', "        if token == 'addr-spec':", 'ours', '', undefined],
    ['B311', '    _rng = _Random()', 'ours', '', 'b311-more-calls'],
    ['B311', '    n = random.randint(1, 6)', 'ours', '', undefined],
    ['B411', 'import xmlrpc.client as xmlrpclib', 'ours', '', 'b411-xmlrpc-package'],
    ['B411', 'import xmlrpclib', 'ours', '', undefined],
    ['B605', "    out = subprocess.getoutput('echo xyzzy')", 'ours', '', 'b605-b607-subprocess-getoutput'],
    ['B605', "    os.system('echo xyzzy')", 'ours', '', undefined],
    ['B301', '    s = shelve.open(filename)', 'ours', '', 'b301-b403-shelve'],
    ['B301', '    s = pickle.loads(data)', 'ours', '', undefined],
    ['B324', '    salt = crypt.mksalt(crypt.METHOD_MD5)', 'ours', '', 'b324-crypt'],
    ['B324', '    h = hashlib.md5(data)', 'ours', '', undefined],
    ['B608', "    q = f'INSERT INTO t VALUES({a})'", 'ours', '', 'b608-fstring'],
    ['B608', '    yield("INSERT INTO t(a)"', 'ours', '          "VALUES(\'{0}\')".format(a))', 'b608-values-paren'],
    ['B608', '    q = "SELECT * FROM t WHERE a = %s" % a', 'ours', '', undefined],
    ['B507', '            ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())', 'ours', '', 'b507-policy-instance'],
    ['B507', '    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy)', 'ours', '', undefined],
    ['B303', '    digest = md5(', 'bandit', '        data,\n        usedforsecurity=False', 'b324-usedforsecurity'],
    ['B303', '    digest = md5(data)', 'bandit', '    value = 1', undefined],
    ['B321', '        c = ftplib.FTP_TLS(timeout=T)', 'bandit', '', 'b321-ftp-only'],
    ['B321', '        c = ftplib.FTP(host)', 'bandit', '', undefined],
    ['B312', '            telnetlib.Telnet.msg(self, msg)', 'bandit', '', 'b312-telnet-only'],
    ['B312', '        t = telnetlib.Telnet(host)', 'bandit', '', undefined],
    // With the file's imports: an alias of a newer random function, a Python 2 urlopen imported by name.
    ['B311', '    return str(str(randbits(64)) + generate_timestamp())', 'ours', '', 'b311-more-calls', OAUTHLIB],
    ['B311', '    return str(str(randbits(64)) + generate_timestamp())', 'ours', '', undefined, 'from secrets import randbits\n'],
    ['B310', '                urlopen(url, timeout=2).read(102400)', 'bandit', '', 'b310-py2-urllib', MIRRORTEST],
    ['B310', '                urlopen(url, timeout=2).read(102400)', 'bandit', '', undefined, 'from urllib.request import urlopen\n'],
    ['B310', '    urllib2.urlopen(url)', 'bandit', '', 'b310-py2-urllib'],
    // Twisted 22.4 (Debian's python3-twisted): conch/ssh/keys.py and protocols/test/test_tls.py.
    ['B304', '            algorithms.TripleDES(encKey), modes.CBC(iv), backend=default_backend()', 'ours', '', 'b304-more-ciphers'],
    ['B304', '            algorithms.Blowfish(key), modes.CBC(iv)', 'ours', '', undefined],
    ['B502', '        return self.hugeWrite(method=TLSv1_1_METHOD)', 'ours', '', 'b502-tls11'],
    ['B502', '        return self.hugeWrite(method=TLSv1_METHOD)', 'ours', '', undefined],
    ['B502', '        ctx = SSL.Context(', 'ours', '            method=SSL.TLSv1_1_METHOD)', 'b502-tls11'],
  ];
  for (const [id, line, side, next, want, file] of cases) assert.equal(explainSameId(id, line, side, next, file), want, `${id} ${side}: ${line}`);
});
