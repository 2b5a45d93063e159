// Robustness of the engine: pathological documents return within a bound with correct positions; time budgets
// (parse cancelled via tree-sitter's progress callback, analysis and per-rule budgets) degrade to notices, never
// to exceptions; a throwing or slow rule is skipped, not the file.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { analyzeSource, type FileAnalysis } from '../server/src/engine/analyze';
import { Engine } from '../server/src/engine/engine';
import { defineRule } from '../server/src/engine/rule';
import { RULES } from '../rules';

/** Bound (ms) for any pathological document with no budget set (a generous figure for slow CI machines). */
const UNBOUNDED_LIMIT_MS = 15_000;
/** With timeBudgetMs = B, a call must return within 2·B (parse + analysis) plus this slack for the work after. */
const BUDGET_MS = 500;
const BUDGET_SLACK_MS = 1_500;

interface Case {
  name: string;
  source: () => string;
  /** Expected findings as `ID@line:col` (1-based line, UTF-16 column of the highlighted range start). */
  expect?: string[];
  /** Expected at least these (when the document yields other findings too). */
  includes?: string[];
  /** Too slow to analyse unbudgeted (see the report); only the budgeted call runs, and it must hit a budget. */
  budgetedOnly?: boolean;
  /** Expected first syntax error line. */
  syntaxErrorLine?: number;
  /** Bound for the unbudgeted call when it differs from UNBOUNDED_LIMIT_MS. */
  limitMs?: number;
}

const at = (a: FileAnalysis) => a.findings.map((f) => `${f.ruleId}@${f.range.start.row + 1}:${f.range.start.column}`);

const CASES: Case[] = [
  {
    name: '20,000 nested parentheses',
    source: () => 'x = ' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + '\nimport pickle\n',
    includes: ['B403@2:0'],
  },
  {
    name: '20,000 unbalanced open parentheses',
    source: () => 'import pickle\nx = ' + '('.repeat(20_000) + '\n',
    includes: ['B403@1:0'],
  },
  {
    name: '5,000-deep nested lists',
    source: () => 'import pickle\nx = ' + '['.repeat(5_000) + ']'.repeat(5_000) + '\neval(x)\n',
    includes: ['B403@1:0', 'B307@3:0'],
  },
  {
    name: '3 MB string literal',
    source: () => 'x = "' + 'a'.repeat(3 * 1024 * 1024) + '"\nimport pickle\n',
    expect: ['B403@2:0'],
  },
  {
    name: '3 MB triple-quoted string with a call inside',
    source: () => 'x = """' + 'eval(x)\n'.repeat(400_000) + '"""\neval(x)\n',
    expect: ['B307@400002:0'],
  },
  {
    name: '100k-line file',
    source: () => {
      const lines: string[] = [];
      for (let i = 0; i < 100_000; i++) lines.push(i % 10 === 0 ? `# comment ${i}` : `v${i} = ${i}`);
      lines[49_999] = 'eval(v1)';
      lines.push('import pickle');
      return lines.join('\n') + '\n';
    },
    expect: ['B307@50000:0', 'B403@100001:0'],
    // Measured ~13 s on the dev container: analysis costs ~0.1 ms per simple line (see the report).
    limitMs: 40_000,
  },
  {
    name: '100k-line file of dense calls (budgeted only)',
    source: () => {
      const lines: string[] = [];
      for (let i = 0; i < 100_000; i++) lines.push(`v${i} = f(${i}) + [${i}, "s${i}"]`);
      return lines.join('\n') + '\n';
    },
    budgetedOnly: true,
  },
  {
    name: 'lone UTF-16 surrogates',
    source: () => 's = "\uD800"\nt = "\uDC00\uDC00"; eval(s)\n\uD83D = 1\nimport pickle\n',
    includes: ['B307@2:10', 'B403@4:0'],
  },
  {
    name: 'NUL bytes',
    source: () => 'import pickle\ns = "a\0b"\neval(s)\n\0\nx = 1\n',
    // CPython refuses source with NUL bytes; tree-sitter reports it as a syntax error and keeps what precedes it.
    includes: ['B403@1:0'],
    syntaxErrorLine: 2,
  },
  {
    name: 'bidi controls',
    source: () => 's = "\u202Eadmin\u2066"  # \u202E comment\n\u200Feval(s)\nif x:  # \u2067\n    eval(s)\n',
    includes: ['B307@4:4'],
  },
  {
    name: 'CRLF line endings',
    source: () => 'import pickle\r\nimport yaml\r\n\r\ndef f(d):\r\n    return yaml.load(d)\r\n',
    expect: ['B403@1:0', 'B506@5:11'],
  },
  {
    name: 'mixed LF / CRLF line endings',
    source: () => 'import pickle\r\n\nimport yaml\n\r\ndef f(d):\r\n    return yaml.load(d)\n',
    expect: ['B403@1:0', 'B506@6:11'],
  },
  {
    // Python and LSP break lines at a lone CR; tree-sitter's rows do not (the engine maps it to LF).
    name: 'lone CR (classic Mac) and mixed line endings',
    source: () => 'import pickle\rimport yaml\reval(x)\r\r\n  \rif x:\r    yaml.load(f)\n',
    expect: ['B403@1:0', 'B307@3:0', 'B506@7:4'],
  },
  {
    name: 'tabs and spaces mixed',
    source: () => 'def f(x):\n\tif x:\n\t    eval(x)\n        \teval(x)\n  \t  eval(x)\n',
    includes: ['B307@3:5'],
  },
  {
    name: 'UTF-8 BOM',
    source: () => '\uFEFFimport pickle\neval(x)\n',
    includes: ['B403@1:1', 'B307@2:0'],
  },
  {
    name: 'PEP 263 coding cookie',
    source: () => '# -*- coding: latin-1 -*-\nimport pickle\ns = "caf\u00e9"; eval(s)\n',
    expect: ['B403@2:0', 'B307@3:12'],
  },
];

describe('robustness: pathological documents through analyzeSource', () => {
  for (const c of CASES) {
    test(`${c.name}: returns within ${UNBOUNDED_LIMIT_MS} ms unbudgeted, ${2 * BUDGET_MS + BUDGET_SLACK_MS} ms budgeted`, async () => {
      const engine = await getEngine();
      const src = c.source();
      let t0 = performance.now();
      if (c.budgetedOnly) {
        const r = analyzeSource(engine, src, { filename: 'p.py', timeBudgetMs: BUDGET_MS });
        const ms = performance.now() - t0;
        assert.ok(ms < 2 * BUDGET_MS + BUDGET_SLACK_MS, `budgeted took ${ms.toFixed(0)} ms`);
        assert.ok(r.notices && r.notices.length > 0 && r.notices.every((n) => n.level === 'info'));
        console.log(`# ${c.name}: ${(src.length / 1024).toFixed(0)} KiB, budgeted ${ms.toFixed(0)} ms (${r.notices.map((n) => n.code).join(',')})`);
        return;
      }
      const full = analyzeSource(engine, src, { filename: 'p.py' });
      const plainMs = performance.now() - t0;
      assert.ok(plainMs < (c.limitMs ?? UNBOUNDED_LIMIT_MS), `took ${plainMs.toFixed(0)} ms`);
      assert.equal(full.notices, undefined);
      assert.deepEqual(full.failures, []);
      if (c.expect) assert.deepEqual(at(full), c.expect);
      if (c.syntaxErrorLine !== undefined) assert.equal(full.syntaxError?.line, c.syntaxErrorLine);
      for (const e of c.includes ?? []) assert.ok(at(full).includes(e), `${e} not in ${at(full).join(', ')}`);
      // Every finding's range lies inside the text.
      const lines = src.split(/\r\n|\r|\n/);
      for (const f of full.findings) {
        assert.ok(f.range.start.row < lines.length, `${f.ruleId} row ${f.range.start.row}`);
        assert.ok(f.range.start.column <= lines[f.range.start.row]!.length);
      }
      t0 = performance.now();
      const budgeted = analyzeSource(engine, src, { filename: 'p.py', timeBudgetMs: BUDGET_MS });
      const budgetMs = performance.now() - t0;
      assert.ok(budgetMs < 2 * BUDGET_MS + BUDGET_SLACK_MS, `budgeted took ${budgetMs.toFixed(0)} ms`);
      // Within budget: identical to the unbudgeted result; over budget: a notice, never an exception.
      if (!budgeted.notices) assert.deepEqual(at(budgeted), at(full));
      else for (const n of budgeted.notices) assert.equal(n.level, 'info');
      console.log(`# ${c.name}: ${(src.length / 1024).toFixed(0)} KiB, ${plainMs.toFixed(0)} ms, budgeted ${budgetMs.toFixed(0)} ms [${at(full).join(' ')}]${budgeted.notices ? ' (' + budgeted.notices.map((n) => n.code).join(',') + ')' : ''}`);
    });
  }
});

/** A rule that reports every call and burns `ms` per check (or throws on the first one). */
function slowRule(id: string, ms: number, throws = false) {
  return defineRule({
    id,
    name: `slow-${id}`,
    banditName: `slow_${id}`,
    summary: 'test rule',
    severity: 'LOW',
    confidence: 'LOW',
    cwe: 1,
    moreInfo: 'https://example.invalid',
    query: '(call) @call',
    messages: { m: 'slow' },
    check(m) {
      if (throws) throw new Error('boom');
      const end = performance.now() + ms;
      while (performance.now() < end) {
        // busy
      }
      return { node: m.node, messageId: 'm' };
    },
  });
}

describe('robustness: time budgets', () => {
  const SRC = Array.from({ length: 200 }, (_, i) => `f${i}(x)`).join('\n') + '\nimport pickle\n';

  test('no budget: behaviour unchanged (no notices; results equal a budgeted run that fits)', async () => {
    const engine = await getEngine();
    const a = analyzeSource(engine, SRC, { filename: 'a.py' });
    const b = analyzeSource(engine, SRC, { filename: 'a.py', timeBudgetMs: 60_000 });
    assert.equal(a.notices, undefined);
    assert.deepEqual(b, a);
    assert.deepEqual(at(a), ['B403@201:0']);
  });

  test('a rule over its per-rule budget is skipped for the rest of the file, other rules still report', async () => {
    const base = await getEngine();
    const e = new Engine(base.parser, [...RULES, slowRule('VG990', 10)]);
    try {
      const t0 = performance.now();
      const r = analyzeSource(e, SRC, { filename: 'a.py', ruleBudgetMs: 100 });
      const ms = performance.now() - t0;
      // Each check burns >= 10 ms; the first is not charged, so at most 1 + 100/10 checks run (wall-clock noise
      // on a loaded machine only makes checks slower, so fewer).
      const slow = r.findings.filter((f) => f.ruleId === 'VG990').length;
      assert.ok(slow >= 1 && slow <= 11, `slow rule reported ${slow} times before being skipped`);
      assert.ok(at(r).includes('B403@201:0'));
      const n = r.notices?.find((x) => x.ruleId === 'VG990');
      assert.deepEqual([n?.code, n?.level], ['rule-timeout', 'info']);
      assert.ok(ms < 1_500, `took ${ms.toFixed(0)} ms (unbudgeted it would take >= 2000 ms)`);
    } finally {
      e.dispose();
    }
  });

  test('the analysis budget stops a slow analysis with a notice and keeps what it found', async () => {
    const base = await getEngine();
    const rules = [...RULES, slowRule('VG991', 2), slowRule('VG992', 2)];
    const e = new Engine(base.parser, rules);
    try {
      const t0 = performance.now();
      const r = analyzeSource(e, SRC, { filename: 'a.py', timeBudgetMs: 100, ruleBudgetMs: 10_000 });
      const ms = performance.now() - t0;
      assert.ok(ms < 400, `took ${ms.toFixed(0)} ms`);
      assert.deepEqual(r.notices?.map((n) => n.code), ['analysis-timeout']);
      assert.ok(r.findings.length > 0 && r.findings.length < 400);
      // Findings found before the deadline are in document order and correct.
      assert.equal(r.findings[0]!.line, 1);
    } finally {
      e.dispose();
    }
  });

  test('a throwing rule is isolated: reported in failures, the file still analysed', async () => {
    const base = await getEngine();
    const e = new Engine(base.parser, [slowRule('VG993', 0, true), ...RULES]);
    try {
      const r = analyzeSource(e, SRC, { filename: 'a.py', timeBudgetMs: 5_000 });
      assert.deepEqual(r.failures.map((f) => f.ruleId), ['VG993']);
      assert.deepEqual(at(r), ['B403@201:0']);
    } finally {
      e.dispose();
    }
  });

  test('a cancelled parse returns a parse-timeout notice and does not leak into the next parse', async () => {
    const engine = await getEngine();
    const big = 'x = [' + Array.from({ length: 300_000 }, (_, i) => `f(${i})`).join(', ') + ']\n';
    const t0 = performance.now();
    const r = analyzeSource(engine, big, { filename: 'big.py', timeBudgetMs: 20 });
    const ms = performance.now() - t0;
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.notices?.map((n) => [n.code, n.level]), [['parse-timeout', 'info']]);
    // tree-sitter resumes a cancelled parse on the next call unless the parser is reset.
    const small = 'import pickle\neval(x)\n';
    assert.deepEqual(at(analyzeSource(engine, small, { filename: 's.py' })), ['B403@1:0', 'B307@2:0']);
    const tree = engine.tryParse(small, undefined, 1_000)!;
    try {
      assert.equal(tree.rootNode.endIndex, small.length);
      assert.equal(tree.rootNode.hasError, false);
    } finally {
      tree.delete();
    }
  });
});

describe('robustness: lone CR and incremental parsing', () => {
  test('an edit right after a lone CR that makes it half a CRLF (or back) reparses to the fresh tree', async () => {
    const engine = await getEngine();
    const { DocumentStore } = await import('../server/src/lsp/documents');
    const { treeSignature } = await import('./helpers/fuzz');
    const cases: [string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }][] = [
      ['x = 1\ry = 2\n', { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\nz = 3\n' }],
      ['x = 1\r\nimport pickle\n', { range: { start: { line: 0, character: 5 }, end: { line: 1, character: 0 } }, text: '\rimport os\n' }],
      ['if x:\r    eval(y)\n', { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }],
    ];
    for (const [text, change] of cases) {
      const store = new DocumentStore((t, o) => engine.parse(t, o));
      try {
        store.open('u', 'python', 1, text);
        assert.ok(store.getTree('u'));
        store.change('u', 2, [change]);
        const tree = store.getTree('u')!;
        const now = store.get('u')!.getText();
        const fresh = engine.parse(now);
        try {
          assert.equal(treeSignature(tree), treeSignature(fresh), JSON.stringify(now));
          assert.deepEqual(at(analyzeSource(engine, now, { filename: 'u.py', tree })), at(analyzeSource(engine, now, { filename: 'u.py', tree: fresh })));
        } finally {
          fresh.delete();
        }
      } finally {
        store.dispose();
      }
    }
  });
});
