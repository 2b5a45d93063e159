// Pure edit functions behind the suppression code actions: `# nosec` on a line (engine/suppressEdit.ts) and
// `[tool.bandit] skips` in pyproject.toml (engine/pyprojectEdit.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { suppressEdit, physicalLine } from '../server/src/engine/suppressEdit';
import { pyprojectPerFileSkipEdit, pyprojectSkipEdit, testFilePattern } from '../server/src/engine/pyprojectEdit';
import { applyEdits } from '../server/src/engine/fixes';

const suppress = (src: string, line: number, id: string, lines?: [number, number]) => {
  const e = suppressEdit(src, line, id, lines);
  return e ? applyEdits(src, [e]) : undefined;
};

describe('suppressEdit', () => {
  test('new comment at the end of the reported line', () => {
    assert.equal(suppress('import pickle\nx = 1\n', 1, 'B403'), 'import pickle  # nosec B403\nx = 1\n');
    assert.equal(suppress('a = 1\nyaml.load(x)   \n', 2, 'B506'), 'a = 1\nyaml.load(x)  # nosec B506   \n');
    assert.equal(suppress('yaml.load(x)', 1, 'B506'), 'yaml.load(x)  # nosec B506');
  });
  test('existing nosec: the id is merged (space-separated), no duplicates, reason after a second # kept', () => {
    assert.equal(suppress('f()  # nosec B101\n', 1, 'B506'), 'f()  # nosec B101 B506\n');
    assert.equal(suppress('f()  # nosec: B101  # reviewed: ok\n', 1, 'B506'), 'f()  # nosec: B101 B506  # reviewed: ok\n');
    assert.equal(suppressEdit('f()  # nosec B101 B506\n', 1, 'B506'), undefined);
    // Ids are case-sensitive: `b506` does not name B506 (engine.ts resolveTestId).
    assert.equal(suppress('f()  # nosec B101 b506\n', 1, 'B506'), 'f()  # nosec B101 b506 B506\n');
    // A blanket nosec already suppresses everything; narrowing it would un-suppress other rules.
    assert.equal(suppressEdit('f()  # nosec\n', 1, 'B506'), undefined);
  });
  test('existing other comment is kept byte for byte', () => {
    assert.equal(suppress('f()  # type: ignore[x]\n', 1, 'B506'), 'f()  # type: ignore[x]  # nosec B506\n');
    assert.equal(suppress('f()  # noqa: E501\n', 1, 'B506'), 'f()  # noqa: E501  # nosec B506\n');
  });
  test('a # inside a string is not a comment', () => {
    assert.equal(suppress('f("# nosec B101")\n', 1, 'B506'), 'f("# nosec B101")  # nosec B506\n');
    assert.equal(suppress("f('a#b', \"c\")  # nosec B1\n", 1, 'B506'), "f('a#b', \"c\")  # nosec B1 B506\n");
  });
  test('CRLF: inserted before the line break', () => {
    assert.equal(suppress('import pickle\r\nx = 1\r\n', 1, 'B403'), 'import pickle  # nosec B403\r\nx = 1\r\n');
    assert.equal(suppress('a\r\nf()  # nosec B101\r\n', 2, 'B506'), 'a\r\nf()  # nosec B101 B506\r\n');
  });
  test('a line ending inside a triple-quoted string or with \\ moves to another line of the range', () => {
    const src = 'x = yaml.load("""\nabc # not a comment\n""")\n';
    assert.equal(physicalLine(src, 0)!.endsInString, true);
    assert.equal(physicalLine(src, 1)!.commentStart, undefined);
    assert.equal(suppress(src, 1, 'B506', [1, 3]), 'x = yaml.load("""\nabc # not a comment\n""")  # nosec B506\n');
    assert.equal(suppress('x = 1 + \\\n    f()\n', 1, 'B1', [1, 2]), 'x = 1 + \\\n    f()  # nosec B1\n');
    assert.equal(suppressEdit('x = """\n', 1, 'B1', [1, 1]), undefined);
    // The reported line first, then the range's other lines in order: 2 and 1 end inside the string, 3 takes it.
    assert.equal(suppress('s = f("""a\nb\n""", x)\n', 2, 'B1', [1, 3]), 's = f("""a\nb\n""", x)  # nosec B1\n');
  });
});

describe('pyprojectSkipEdit', () => {
  const add = (text: string | undefined, id: string) => {
    const e = pyprojectSkipEdit(text, id);
    return e ? applyEdits(text ?? '', [e]) : undefined;
  };
  test('new file', () => {
    assert.equal(add(undefined, 'B506'), '[tool.bandit]\nskips = ["B506"]\n');
  });
  test('no [tool.bandit] table: appended, the rest untouched', () => {
    const t = '[project]\nname = "x"\n';
    assert.equal(add(t, 'B506'), t + '\n[tool.bandit]\nskips = ["B506"]\n');
    assert.equal(add('[project]\nname = "x"', 'B506'), '[project]\nname = "x"\n\n[tool.bandit]\nskips = ["B506"]\n');
  });
  test('table without skips: a key line after the header', () => {
    const t = '[tool.bandit]  # security\nexclude_dirs = ["tests"]\n\n[tool.other]\nx = 1\n';
    assert.equal(add(t, 'b506'), '[tool.bandit]  # security\nskips = ["B506"]\nexclude_dirs = ["tests"]\n\n[tool.other]\nx = 1\n');
  });
  test('existing skips: inline, empty, multi-line with trailing comma and comments, string form', () => {
    assert.equal(add('[tool.bandit]\nskips = ["B101"]\n', 'B506'), '[tool.bandit]\nskips = ["B101", "B506"]\n');
    assert.equal(add('[tool.bandit]\nskips = []\n', 'B506'), '[tool.bandit]\nskips = ["B506"]\n');
    const multi = '[tool.bandit]\nskips = [\n  "B101",  # asserts\n  "B311",\n]\ntests = []\n';
    const out = add(multi, 'B506')!;
    assert.equal(out, '[tool.bandit]\nskips = [\n  "B101",  # asserts\n  "B311", "B506"\n]\ntests = []\n');
    assert.equal(add('[tool.bandit]\nskips = "B101,B102"\n', 'B506'), '[tool.bandit]\nskips = "B101,B102,B506"\n');
  });
  test('CRLF files stay CRLF; already skipped: no edit; invalid TOML throws', () => {
    assert.equal(add('[project]\r\nname = "x"\r\n', 'B1'), '[project]\r\nname = "x"\r\n\r\n[tool.bandit]\r\nskips = ["B1"]\r\n');
    assert.equal(pyprojectSkipEdit('[tool.bandit]\nskips = ["B506"]\n', 'B506'), undefined);
    assert.throws(() => pyprojectSkipEdit('[tool.bandit\n', 'B1'));
    // A dotted-key table cannot be extended safely: refused rather than corrupted.
    assert.throws(() => pyprojectSkipEdit('[tool]\nbandit.skips = ["B1"]\n', 'B2'));
  });
  test('every result parses and only adds the id', () => {
    const t = '# top\n[tool.bandit]\nskips = ["B101"]\n[tool.bandit.assert_used]\nskips = ["*_test.py"]\n';
    const out = add(t, 'B506')!;
    const doc = parseToml(out) as { tool: { bandit: { skips: string[]; assert_used: { skips: string[] } } } };
    assert.deepEqual(doc.tool.bandit.skips, ['B101', 'B506']);
    assert.deepEqual(doc.tool.bandit.assert_used.skips, ['*_test.py']);
  });
});

describe('pyprojectPerFileSkipEdit and testFilePattern', () => {
  const add = (text: string | undefined, pattern: string, id: string) => {
    const e = pyprojectPerFileSkipEdit(text, pattern, id);
    return e ? applyEdits(text ?? '', [e]) : undefined;
  };
  test('new file; no table: appended, the rest untouched; an existing [tool.bandit] stays as it is', () => {
    assert.equal(add(undefined, 'tests/', 'b101'), '[tool.bandit.per_file_skips]\n"tests/" = ["B101"]\n');
    const t = '[tool.bandit]\nskips = ["B311"]\n';
    assert.equal(add(t, 'tests/', 'B101'), t + '\n[tool.bandit.per_file_skips]\n"tests/" = ["B101"]\n');
    assert.equal(add('[project]\r\nname = "x"', 'test_*.py', 'B101'), '[project]\r\nname = "x"\r\n\r\n[tool.bandit.per_file_skips]\r\n"test_*.py" = ["B101"]\r\n');
  });
  test('a table without the pattern: a key line after the header; with it (either quotes): added to its list', () => {
    const t = '[tool.bandit.per_file_skips]\n"docs/" = ["B105"]\n\n[tool.other]\nx = 1\n';
    assert.equal(add(t, 'tests/', 'B101'), '[tool.bandit.per_file_skips]\n"tests/" = ["B101"]\n"docs/" = ["B105"]\n\n[tool.other]\nx = 1\n');
    assert.equal(add(t, 'docs/', 'B101'), '[tool.bandit.per_file_skips]\n"docs/" = ["B105", "B101"]\n\n[tool.other]\nx = 1\n');
    assert.equal(add("[tool.bandit.per_file_skips]\n'tests/' = 'B105'\n", 'tests/', 'B101'), "[tool.bandit.per_file_skips]\n'tests/' = 'B105,B101'\n");
    // A key of another table that looks the same is not taken for it.
    const other = '[tool.bandit.per_file_skips]\n[tool.x]\n"tests/" = ["B1"]\n';
    assert.equal(add(other, 'tests/', 'B101'), '[tool.bandit.per_file_skips]\n"tests/" = ["B101"]\n[tool.x]\n"tests/" = ["B1"]\n');
  });
  test('already listed: no edit; invalid TOML and forms it cannot extend throw; results parse', () => {
    assert.equal(pyprojectPerFileSkipEdit('[tool.bandit.per_file_skips]\n"tests/" = ["B101"]\n', 'tests/', 'b101'), undefined);
    assert.throws(() => pyprojectPerFileSkipEdit('[tool.bandit\n', 'tests/', 'B1'));
    assert.throws(() => pyprojectPerFileSkipEdit('[tool.bandit]\nper_file_skips = { "tests/" = ["B1"] }\n', 'tests/', 'B2'));
    const out = add('[tool.bandit]\nskips = ["B311"]\n[tool.bandit.per_file_skips]\n"tests/" = ["B105"]\n', 'tests/', 'B101')!;
    const doc = parseToml(out) as { tool: { bandit: { skips: string[]; per_file_skips: Record<string, string[]> } } };
    assert.deepEqual(doc.tool.bandit.skips, ['B311']);
    assert.deepEqual({ ...doc.tool.bandit.per_file_skips }, { 'tests/': ['B105', 'B101'] });
  });
  test('testFilePattern: a tests/ or test/ directory, else a pytest file name, only under the pyproject', () => {
    const root = path.join(path.sep, 'p');
    const at = (rel: string) => testFilePattern(root, path.join(root, ...rel.split('/')));
    assert.equal(at('tests/unit/test_a.py'), 'tests/');
    assert.equal(at('nova/test/x.py'), 'test/');
    assert.equal(at('pkg/test_a.py'), 'test_*.py');
    assert.equal(at('pkg/a_test.py'), '*_test.py');
    assert.equal(at('conftest.py'), 'conftest.py');
    assert.equal(at('pkg/testing.py'), undefined);
    assert.equal(at('pkg/tests.py'), undefined);
    assert.equal(testFilePattern(path.join(root, 'sub'), path.join(root, 'tests', 'a.py')), undefined);
  });
});

describe('diagnostic mapping', () => {
  test('severity × confidence: HIGH→Error, MEDIUM→Warning, LOW→Information; LOW confidence one lower; overrides win', async () => {
    const { mapSeverity } = await import('../server/src/lsp/diagnostics');
    assert.equal(mapSeverity('HIGH', 'HIGH'), 1);
    assert.equal(mapSeverity('HIGH', 'MEDIUM'), 1);
    assert.equal(mapSeverity('HIGH', 'LOW'), 2);
    assert.equal(mapSeverity('MEDIUM', 'HIGH'), 2);
    assert.equal(mapSeverity('MEDIUM', 'LOW'), 3);
    assert.equal(mapSeverity('LOW', 'HIGH'), 3);
    assert.equal(mapSeverity('LOW', 'LOW'), 4);
    assert.equal(mapSeverity('LOW', 'LOW', 'error'), 1);
  });
  test('Deprecated tag for B306/B504; data names the finding (rule, line) and nothing version-specific', async () => {
    const { toDiagnostic } = await import('../server/src/lsp/diagnostics');
    const { normaliseSettings } = await import('../server/src/lsp/settings');
    const finding = {
      ruleId: 'B306', testName: 'mktemp_q', banditTestName: 'blacklist', severity: 'MEDIUM' as const, confidence: 'HIGH' as const, cwe: 377,
      message: 'm', messageId: 'x', line: 2, colOffset: 0, endColOffset: 17, lineRange: [2],
      range: { start: { row: 1, column: 0 }, end: { row: 1, column: 17 } }, moreInfo: 'https://example/b306',
      fixes: [{ title: 't', safety: 'unsafe' as const, edits: [{ start: 25, end: 31, text: 'mkstemp' }] }],
    };
    const s = normaliseSettings({ severityOverrides: { b306: 'hint', B101: 'nonsense' } });
    assert.deepEqual(s.severityOverrides, { B306: 'hint' });
    const d = toDiagnostic(finding, s);
    assert.deepEqual(d.tags, [2]);
    assert.equal(d.severity, 4);
    assert.deepEqual(d.data, { ruleId: 'B306', line: 2 });
    assert.equal(toDiagnostic({ ...finding, ruleId: 'B506' }, s).tags, undefined);
  });
});
