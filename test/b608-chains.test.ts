// B608 on long `+`/`%` chains: a string's text (Bandit's concat_string) is tested as a suffix of the chain's joined
// strings instead of being built (rules/B608-hardcoded-sql-expressions/rule.ts). Checked against building it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { rng } from './helpers/random';
import { chainTuning, joinChain, joinedLooksLikeSql, looksLikeSql, SQL_RE } from '../rules/B608-hardcoded-sql-expressions/rule';

/** Pieces that make SQL_RE's tokens, alone and split across pieces (a word at one's end, its space the joint). */
const PIECES = ['select', 'SELECT *', 'from', 'FROM t', ' ', '\t', 'delete', 'delete  ', 'insert', 'INTO', 'insert into', 'values(', 'values', 'update x', 'set', ' set ', 'where', 'a', '', 'sel', 'ect from x'];

describe('B608 long chains', () => {
  test('looksLikeSql equals SQL_RE on 20,000 random texts', () => {
    const next = rng(2411273);
    let positive = 0;
    for (let round = 0; round < 20_000; round++) {
      const text = Array.from({ length: Math.floor(next() * 8) }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(next() < 0.7 ? ' ' : next() < 0.5 ? '\n' : '');
      const want = SQL_RE.test(text);
      if (want) positive++;
      assert.equal(looksLikeSql(text), want, JSON.stringify(text));
    }
    assert.ok(positive > 1000 && positive < 19_000, `${positive} SQL-like`);
  });

  // SQL_RE backtracks over the rest of the text for each "select " without a "from " after it: about 45 s here.
  test('a 700 KB literal of "select " without "from": analysed, not reported', { timeout: 60_000 }, async () => {
    const e = await getEngine();
    const src = `q = "${'select '.repeat(100_000)}".format(x)\nr = "select a from b " + x\n`;
    const t = e.parse(src);
    try {
      const r = e.analyze(t, src, { enabled: new Set(['B608']) });
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.findings.map((f) => `${f.ruleId}@${f.line}`), ['B608@2']);
    } finally {
      t.delete();
    }
  });

  test('joinedLooksLikeSql equals SQL_RE on every suffix of the joined strings (3,000 random chains)', () => {
    const next = rng(2411271);
    let positive = 0;
    let negative = 0;
    for (let round = 0; round < 3000; round++) {
      const strs = Array.from({ length: 1 + Math.floor(next() * 30) }, () => {
        if (next() < 0.15) return undefined;
        const n = 1 + Math.floor(next() * 3);
        return Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(next() < 0.5 ? '' : ' ');
      });
      const joined = joinChain(strs);
      strs.forEach((s, i) => {
        if (s === undefined) return;
        const text = strs.slice(i).filter((x) => x !== undefined).join(' ');
        const want = SQL_RE.test(text);
        if (want) positive++;
        else negative++;
        assert.equal(joinedLooksLikeSql(joined, i), want, `${JSON.stringify(strs)} from ${i}: ${JSON.stringify(text)}`);
      });
    }
    assert.ok(positive > 1000 && negative > 1000, `${positive} matching and ${negative} other suffixes`);
  });

  /** A random expression of `n` operands: str literals (some SQL-like), names, calls; `+` and `%`, some parenthesized. */
  function chainSource(next: () => number, n: number): string {
    const operand = () => {
      const r = next();
      if (r < 0.2) return `v${Math.floor(next() * 9)}`;
      if (r < 0.25) return `f(${JSON.stringify(PIECES[Math.floor(next() * PIECES.length)])})`;
      return JSON.stringify(Array.from({ length: 1 + Math.floor(next() * 2) }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(' '));
    };
    const build = (k: number): string => {
      if (k === 1) return operand();
      // Mostly leaning left, as a written-out chain parses; sometimes a parenthesized group on the right.
      const right = next() < 0.8 ? 1 : 1 + Math.floor(next() * (k - 1));
      const op = next() < 0.85 ? '+' : '%';
      const r = build(right);
      return `${build(k - right)} ${op} ${right > 1 ? `(${r})` : r}`;
    };
    return build(n);
  }

  test('findings on 150 random chains of 32 to 80 operands equal those found by building every text', async () => {
    const e = await getEngine();
    const next = rng(2411272);
    const saved = chainTuning.longChain;
    let findings = 0;
    try {
      const names = Array.from({ length: 40 }, (_, i) => `v${i}`).join(' + ');
      // The first string's text leaves out its sibling (`"from x"`): Bandit reports neither string here.
      const fixed = [`cur.execute("select " + "from x" + ${names})\n`, `cur.execute("select " + ("from x" + "y") + ${names})\n`];
      for (let round = 0; round < 150 + fixed.length; round++) {
        const expr = chainSource(next, 32 + Math.floor(next() * 49));
        const src = fixed[round - 150] ?? (next() < 0.5 ? `q = ${expr}\n` : `cur.execute(${expr})\n`);
        const run = (longChain: number) => {
          chainTuning.longChain = longChain;
          const t = e.parse(src);
          try {
            const r = e.analyze(t, src, { enabled: new Set(['B608']) });
            assert.deepEqual(r.failures, []);
            return r.findings.map((f) => `${f.line}:${f.colOffset}:${f.confidence}:${f.lineRange.join('-')}`);
          } finally {
            t.delete();
          }
        };
        const fast = run(32);
        findings += fast.length;
        assert.deepEqual(fast, run(Number.POSITIVE_INFINITY), src);
      }
    } finally {
      chainTuning.longChain = saved;
    }
    assert.ok(findings > 500, `${findings} findings`);
  });
});
