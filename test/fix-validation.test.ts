// Fix validation on code the rules have never seen: every fix of every finding, applied alone, must add no
// syntax error, remove its finding, add no other finding, and keep line endings and indentation; fix-all must
// converge, be idempotent and leave nothing fixable. Runs on every rule fixture and on a seeded sample of the
// corpora (LF and CRLF copies). The whole corpora: `npm run validate-fixes`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { checkFile, fixtureHeader, formatFailure, listPython, sample, toCrlf, type FixFailure } from './helpers/fixcheck';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { defineRule } from '../server/src/engine/rule';
import { withoutErrorEdits } from '../server/src/engine/fixes';

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = process.env.VIGIL_CORPUS ?? '/work/corpus';
const SAMPLE = 150;
const SEED = 20261122;
// Keeps the suite fast: files up to 40 KB, at most 6 fixes per file (the whole corpora: npm run validate-fixes).
const MAX_BYTES = 40_000;
const MAX_FIXES_PER_FILE = 6;

function runAll(engine: Engine, files: { file: string; label: string; fixture: boolean }[], maxFixes?: number) {
  const failures: FixFailure[] = [];
  let fixes = 0;
  let findings = 0;
  for (const { file, label, fixture } of files) {
    const src = fs.readFileSync(file, 'utf8');
    const h = fixture ? fixtureHeader(src) : {};
    for (const [text, crlf] of [[src, false], [toCrlf(src), true]] as const) {
      if (crlf && text === src) continue;
      const rep = checkFile(
        engine,
        text,
        {
          filename: h.filename ?? label,
          ...(h.plugins ? { plugins: h.plugins } : {}),
          ...(h.ignoreNosec ? { ignoreNosec: true } : {}),
          ...(maxFixes ? { maxFixes } : {}),
        },
        { file: label, crlf },
      );
      fixes += rep.fixes;
      if (!crlf) findings += rep.findings;
      failures.push(...rep.failures);
    }
  }
  return { failures: failures.map(formatFailure), fixes, findings };
}

describe('fix validation', () => {
  test('every fix in every rule fixture (LF and CRLF)', async () => {
    const engine = await getEngine();
    const files: { file: string; label: string; fixture: boolean }[] = [];
    const rulesDir = path.join(ROOT, 'rules');
    for (const folder of fs.readdirSync(rulesDir).sort()) {
      const dir = path.join(rulesDir, folder);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const f of fs.readdirSync(dir).sort()) {
        if (/^fixture(_\w+)?\.py$/.test(f)) files.push({ file: path.join(dir, f), label: `${folder}/${f}`, fixture: true });
      }
    }
    const r = runAll(engine, files);
    assert.ok(r.fixes >= 50, `only ${r.fixes} fixes checked in the fixtures`);
    assert.deepEqual(r.failures, []);
  });

  test(`fixes in a seeded sample of ${SAMPLE} corpus files (LF and CRLF)`, async (t) => {
    const dirs = ['nova', 'django', 'stdlib'].map((d) => path.join(CORPUS, d)).filter((d) => fs.existsSync(d));
    if (dirs.length === 0) {
      t.skip(`corpus directory ${CORPUS}/{nova,django,stdlib} is missing; only the fixtures were validated`);
      return;
    }
    const engine = await getEngine();
    const all = dirs.flatMap((d) => listPython(d)).filter((f) => fs.statSync(f).size <= MAX_BYTES);
    const files = sample(all, SAMPLE, SEED).map((f) => ({ file: f, label: path.relative(CORPUS, f), fixture: false }));
    const r = runAll(engine, files, MAX_FIXES_PER_FILE);
    t.diagnostic(`${files.length} files, ${r.findings} findings, ${r.fixes} fixes checked`);
    assert.ok(r.fixes > 0, 'the sample exercised no fix');
    assert.deepEqual(r.failures, []);
  });

  test('fixes that add an import are not offered where the file binds that name otherwise', async () => {
    const engine = await getEngine();
    const titles = (src: string) => {
      const tree = engine.parse(src);
      const res = engine.analyze(tree, src, { options: { filename: 'x.py', plugins: {} } });
      tree.delete();
      return res.findings.flatMap((f) => f.fixes.map((x) => `${f.ruleId}: ${x.title}`));
    };
    const choice = 'B311: Replace random.choice with secrets.choice';
    assert.ok(titles('import random\nx = random.choice("ab")\n').includes(choice));
    for (const shadow of ['secrets = {}', 'def secrets(): pass', 'import json as secrets', 'from x import secrets', 'for secrets in []: pass', 'def f(secrets=1): pass']) {
      assert.ok(!titles(`import random\n${shadow}\nx = random.choice("ab")\n`).includes(choice), shadow);
    }
    // Reads and the import itself are fine.
    assert.ok(titles('import random\nimport secrets\nsecrets.token_hex()\nx = random.choice("ab")\n').includes(choice));
    assert.ok(titles('import random\nfrom secrets import token_hex\nx = random.choice("ab")\n').includes(choice));
    const log = 'B110: Log the exception instead of ignoring it';
    const body = 'try:\n    f()\nexcept Exception:\n    pass\n';
    assert.ok(titles(body).includes(log));
    assert.ok(titles(`import logging.handlers\n${body}`).includes(log));
    assert.ok(!titles(`logging = None\n${body}`).includes(log));
    assert.ok(!titles(`import structlog as logging\n${body}`).includes(log));
  });

  test('no fix is offered for code inside or next to an ERROR/MISSING node', async () => {
    const engine = await getEngine();
    const fixes = (src: string) => {
      const tree = engine.parse(src);
      const res = engine.analyze(tree, src, { options: { filename: 'x.py', plugins: {} } });
      tree.delete();
      return res.findings.filter((f) => f.ruleId === 'B506').map((f) => f.fixes.length);
    };
    assert.deepEqual(fixes('import yaml\nx = yaml.load(s)\n'), [1]);
    // A syntax error elsewhere in the file does not matter...
    assert.deepEqual(fixes('import yaml\nx = yaml.load(s)\n\n\ny = (1 +\n'), [1]);
    // ...one around the call does.
    assert.deepEqual(fixes('import yaml\nx = yaml.load(s) if\n'), [0]);
    assert.deepEqual(fixes('import yaml\nx = yaml.load(s) = = 1\n'), [0]);
    // The engine-wide guard itself.
    const src = 'x = 1\ny = f(s) if\n';
    const tree = engine.parse(src);
    const fix = (start: number, end: number) => ({ title: 't', safety: 'safe' as const, edits: [{ start, end, text: 'z' }] });
    const kept = withoutErrorEdits([fix(0, 1), fix(10, 11), fix(6, 6), fix(5, 6)], tree.rootNode);
    tree.delete();
    assert.deepEqual(kept.map((f) => f.edits[0]!.start), [0]);
  });

  test('the harness catches broken fixes', async () => {
    // Deliberately wrong fixes for `eval(...)`: each must be reported by the check it violates.
    const bad = (id: string, title: string, edit: (s: number, e: number, text: string) => { start: number; end: number; text: string }) =>
      defineRule({
        id,
        name: `test-${id}`,
        banditName: `test_${id}`,
        summary: 'test',
        severity: 'LOW',
        confidence: 'LOW',
        cwe: 0,
        moreInfo: '',
        query: '((call function: (identifier) @_f) @call (#eq? @_f "eval"))',
        messages: { m: 'eval' },
        fix: { availability: 'always', safety: 'safe', title },
        check(match) {
          const n = match.node;
          return { node: n, messageId: 'm', fixes: [{ title, safety: 'safe', edits: [edit(n.startIndex, n.endIndex, n.text)] }] };
        },
      });
    const engine = new Engine(await loadPython(), [
      bad('T001', 'syntax', (s, e, t) => ({ start: s, end: e, text: t.slice(0, -1) })),
      bad('T002', 'noop', (s, e, t) => ({ start: s, end: e, text: t })),
      bad('T003', 'eol', (s, e, t) => ({ start: s, end: e, text: `${t}\nx = 1` })),
      bad('T004', 'indent', (s, e) => ({ start: s, end: e, text: 'if True:\n  pass' })),
    ]);
    const src = 'def f():\r\n    eval("1")\r\n';
    const rep = checkFile(engine, src, { filename: 'x.py', fixAll: false }, { file: 'x.py', crlf: true });
    const got = new Set(rep.failures.map((f) => `${f.ruleId} ${f.check}`));
    for (const want of ['T001 syntax', 'T002 not-removed', 'T003 eol', 'T004 indent']) {
      assert.ok(got.has(want), `expected ${want}; got ${[...got].join(', ')}`);
    }
  });
});
