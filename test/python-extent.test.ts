// Where a finding's node ends and which lines its line range covers, as CPython's AST (and so Bandit) sees them.
// Every expected value below was read from python3.11's `ast` on the same text (end_lineno / end_col_offset, and
// for `arguments`, which has no position, the smallest and largest `lineno` inside it, as Bandit's linerange does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { analyzeSource } from '../server/src/engine/analyze';
import { Engine } from '../server/src/engine/engine';
import { defineRule } from '../server/src/engine/rule';

/** `id line col endCol [range]` for each finding, in report order. */
async function located(src: string): Promise<string[]> {
  const engine = await getEngine();
  const r = analyzeSource(engine, src, { filename: 't.py' });
  return r.findings.map((f) => `${f.ruleId} ${f.line} ${f.colOffset} ${f.endColOffset} [${f.lineRange.join(',')}]`);
}

/** `id line` for each finding, in report order. */
async function idLines(src: string): Promise<string[]> {
  return (await located(src)).map((s) => s.split(' ').slice(0, 2).join(' '));
}

test('a compound statement ends with its last statement, not with comments after it (B107, B110, B112)', async () => {
  const src = [
    'def f(password="x"):', // 1
    '    return 1  # trailing comment',
    '',
    '',
    'def f2(password="x"):', // 5
    '    pass',
    '',
    '    # indented after a blank line',
    '',
    '',
    'try:', // 11
    '    a = 1',
    'except Exception:',
    '    pass  # comment',
    'while True:', // 15
    '    try:',
    '        a = 1',
    '    except Exception:',
    '        continue  # why',
    '',
  ].join('\n');
  assert.deepEqual(await located(src), ['B107 1 0 12 [1,2]', 'B107 5 0 8 [5,6]', 'B110 13 0 8 [13,14]', 'B112 18 4 16 [18,19]']);
});

test('a nosec comment after the last statement of a body does not suppress the compound statement', async () => {
  const src = [
    'def f(password="x"):', // 1
    '    return 1',
    '    # nosec',
    'try:', // 4
    '    a = 1',
    'except Exception:',
    '    pass',
    '    # nosec',
    'for c in "/tmp/abc":', // 9: the string's AST parent is the `for`
    '    pass',
    '    # nosec',
    'def g(password="x"):', // 12: a nosec inside the body still counts
    '    return 1  # nosec',
    '',
  ].join('\n');
  assert.deepEqual(await located(src), ['B107 1 0 12 [1,2]', 'B110 6 0 8 [6,7]', 'B108 9 9 19 [9,10]']);
});

test("the editor range of a compound statement's finding ends before trailing comments (no highlight given)", async () => {
  // Bandit's rules on compound statements highlight a part of them; a rule that reports the whole node gets its
  // CPython extent.
  const base = await getEngine();
  const probe = defineRule({
    id: 'VG997',
    name: 'probe-except',
    banditName: 'probe_except',
    summary: 'test probe',
    severity: 'LOW',
    confidence: 'LOW',
    cwe: 1,
    moreInfo: 'https://example.invalid',
    query: '(except_clause) @handler',
    messages: { m: 'handler' },
    check: (m) => ({ node: m.node, messageId: 'm' }),
  });
  const e = new Engine(base.parser, [probe]);
  const src = 'try:\n    a = 1\nexcept Exception:\n    pass  # comment\n    # another\n';
  const t = e.parse(src);
  const r = e.analyze(t, src, { strict: true });
  t.delete();
  e.dispose();
  assert.deepEqual(r.findings.map((f) => [f.range, f.endColOffset, f.lineRange]), [[{ start: { row: 2, column: 0 }, end: { row: 3, column: 8 } }, 8, [3, 4]]]);
});

test("B608's line range is its string's AST parent's, as for the other string tests", async () => {
  const src = [
    'q = ("SELECT * FROM t WHERE a = %s"', // 1
    '     % x)  # nosec',
    'q = ("SELECT * FROM t WHERE a = %s"', // 3
    '     % x)',
    'q = ("SELECT * FROM t WHERE a = {}"', // 5
    '     .format(x))',
    '',
  ].join('\n');
  assert.deepEqual(await located(src), ['B608 3 5 35 [3,4]', 'B608 5 5 35 [5,6]']);
});

test("a string default's line range spans the parameters' start lines (CPython's `arguments` has no position)", async () => {
  const src = [
    'def h(', // 1
    '    self,',
    '    a="/tmp/x",',
    '    b=2):  # nosec',
    '    pass',
    'def h2(', // 6
    '    self,',
    '    a="/tmp/y",',
    '    b=f(1,',
    '        2)):',
    '    pass',
    'def h3(self, a="/tmp/z",', // 12
    '       *, b=1,',
    '       # a comment',
    '       c="0.0.0.0"):',
    '    pass',
    'def h4(a="/tmp/w", /):', // 17
    '    pass',
    '',
  ].join('\n');
  // h: the nosec on line 4 is inside [2, 4]. h2: the largest start line is the `2` of line 10.
  assert.deepEqual(await located(src), ['B108 8 6 14 [7,8,9,10]', 'B108 12 15 23 [12,13,14,15]', 'B104 15 9 18 [12,13,14,15]', 'B108 17 9 17 [17]']);
});

test('nosec ids and test names are case-sensitive, as in Bandit: an unknown token leaves a blanket nosec; B001 is known', async () => {
  const src = [
    'import subprocess  # nosec',
    "subprocess.Popen('ls *', shell=True)  # nosec b602", // 2: names no test: blanket
    "subprocess.Popen('ls *', shell=True)  # nosec B602", // 3: B607 still reported
    "subprocess.Popen('ls *', shell=True)  # nosec B607 b602", // 4: B602 still reported
    "subprocess.Popen('ls *', shell=True)  # nosec Start_Process_With_Partial_Path", // 5: blanket
    "subprocess.Popen('ls *', shell=True)  # nosec start_process_with_partial_path", // 6: B602 still reported
    'import pickle  # nosec B001', // 7: B001 (the blacklist test's own id) is known but is no finding's id
    'import pickle  # nosec blacklist', // 8: not a test name: blanket
    '',
  ].join('\n');
  assert.deepEqual(
    await idLines(src),
    ['B607 3', 'B602 4', 'B602 6', 'B403 7'],
  );
});

test("an annotation's AST parent is the def, AnnAssign or arg that holds it (tree-sitter's `type` node is not one)", async () => {
  const src = [
    'def h() -> "/tmp/ret":', // 1: parent FunctionDef [1, 2]: the nosec on line 2 suppresses
    '    pass  # nosec',
    'def h2() -> "/tmp/ret":', // 3: [3, 4]
    '    pass',
    'x: "/tmp/ann" = (', // 5: parent AnnAssign [5, 6]
    '    1)',
    'def f(a: (', // 7: parent arg a [7, 8], not the whole parameter list
    '        "/tmp/x") = 1,',
    '      b=2):',
    '    pass',
    '',
  ].join('\n');
  assert.deepEqual(await located(src), ['B108 3 12 22 [3,4]', 'B108 5 3 13 [5,6]', 'B108 8 8 16 [7,8]']);
});

test("a keyword value's line is inside its parentheses (Bandit's get_lineno_for_call_arg reads the value node)", async () => {
  const src = ['import subprocess', 'subprocess.Popen("ls", shell=(', '    True))', 'subprocess.call(["/bin/ls"], shell=(', '    False))', ''].join('\n');
  assert.deepEqual(
    await idLines(src),
    ['B404 1', 'B607 2', 'B602 3', 'B603 5'],
  );
});

test('identifiers are read NFKC-normalised, as CPython reads them (PEP 3131): fullwidth names do not hide calls', async () => {
  const src = [
    'import subprocess',
    'import pickle',
    'ｅｖａｌ("1")', // 3: Name(id='eval')
    'ｐａｓｓｗｏｒｄ = "x"', // 4
    '𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝 = "x"', // 5: mathematical bold letters
    'ｐｉｃｋｌｅ.loads(b"")', // 6
    'pickle.ｌｏａｄｓ(b"")', // 7
    'f(ｐａｓｓｗｏｒｄ="kw")', // 8
    'def g(ｐａｓｓｗｏｒｄ="d"):', // 9
    '    pass',
    'subprocess.Popen("ls", ｓｈｅｌｌ=True)', // 11
    's = "ｅｖａｌ(1)"', // 12: string contents are not identifiers
    '',
  ].join('\n');
  assert.deepEqual(
    await idLines(src),
    ['B404 1', 'B403 2', 'B307 3', 'B105 4', 'B105 5', 'B301 6', 'B301 7', 'B106 8', 'B107 9', 'B607 11', 'B602 11'],
  );
  // Bandit's columns are UTF-8 bytes of the source as written: 8 fullwidth letters are 24 bytes.
  assert.ok((await located(src)).includes('B105 4 27 30 [4]'));
});

test('a parenthesized assignment target is the Name itself in CPython (tree-sitter: a one-element tuple_pattern)', async () => {
  const src = [
    'from django.utils.safestring import mark_safe',
    '(token) = "tkn"', // 2: B105 as for `token = "tkn"`
    '((secret)) = "s"', // 3
    '(password,) = "p"', // 4: a Tuple target: no B105
    'def f():',
    '    (x) = "safe"', // a str constant: B703 stays quiet, as without the parentheses
    '    return mark_safe(x)',
    'def g(request):',
    '    (y) = request.GET["q"]',
    '    return mark_safe(y)', // 10: not a constant: B703
    '',
  ].join('\n');
  assert.deepEqual(
    await idLines(src),
    ['B105 2', 'B105 3', 'B308 7', 'B703 10', 'B308 10'],
  );
});

test('a file-level finding (B613, on the module) keeps end_col_offset 0, as Bandit\'s file checks', async () => {
  // Bandit's File context has no end_col_offset (0); its col_offset is the bidi character's index + 1.
  assert.deepEqual(await located('x = 1\ns = "\u202e"  # trailing\n'), ['B613 2 6 0 [2]']);
});

test("an f-string's string-test finding is at its first literal part (B608 as B104/B108: Python 3.12+ positions)", async () => {
  // Bandit visits the Constant parts of a JoinedStr; B608 reports on the first one (all parts joined), B108 on the
  // part that starts with /tmp. Both use the part's own position; the line range is the JoinedStr's (the parts' AST parent).
  const src = [
    'q = f"SELECT * FROM t WHERE id = {uid}"', // 1: the part 'SELECT ... = ' is at columns 6..33
    'p = f"/tmp/{name}"', // 2
    'q2 = f"""', // 3
    '  SELECT * FROM t WHERE id = {uid}',
    '"""',
    '',
  ].join('\n');
  assert.deepEqual(await located(src), [
    'B608 1 6 33 [1]',
    'B108 2 6 11 [2]',
    'B608 3 9 29 [3,4,5]',
  ]);
  // The editor underlines the whole f-string (the query), not only the part whose column Bandit reports.
  const engine = await getEngine();
  const sql = analyzeSource(engine, src, { filename: 't.py' }).findings.filter((f) => f.ruleId === 'B608');
  assert.deepEqual(
    sql.map((f) => [f.range.start.row, f.range.start.column, f.range.end.row, f.range.end.column]),
    [
      [0, 4, 0, 39],
      [2, 5, 4, 3],
    ],
  );
});
