// VG502 reads which names the file makes a requests Session (its `fileInputs`) with linear-time equivalents of two
// regular expressions that are quadratic on a long token or a run of blank lines. Checked against the originals.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from './helpers/random';
import { getEngine } from './helpers/engine';
import rule, { IMPORTS_SESSION, SESSION_MADE, sessionsMade } from '../rules/VG502-tls-verification-disabled/rule';

/** The import test as first written: `\s*` after the newline. */
const IMPORTS_SESSION_ORIGINAL = /(^|\n)\s*from\s+requests(\.sessions)?\s+import\s+[^\n]*\b[Ss]ession\b/;

const PIECES = ['s', 'x1', ' ', '=', ' = ', 'Session(', 'session(', 'requests.', 'Session()', ' as ', ':', ',', '(', ')', '\n', '\t', 'aaaa', 'self.s', 'from', ' requests', '.sessions', ' import ', 'Session', 'with '];

function randomText(next: () => number, max: number): string {
  return Array.from({ length: Math.floor(next() * max) }, () => PIECES[Math.floor(next() * PIECES.length)]!).join('');
}

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
const WS = ['', ' ', '  ', '\n', '\t', ' \n '];

/** Statements that make sessions (`s = Session(`, `with requests.Session() as s:x = ...`) among random pieces. */
function sessionText(next: () => number): string {
  const parts: string[] = [];
  for (let k = Math.floor(next() * 5); k > 0; k--) {
    const r = next();
    const req = next() < 0.5 ? 'requests.' : '';
    if (r < 0.35) parts.push(`${pick(next, ['s', 'self.s', 'x1', 'd[a:b]', 'aaaa'])}${pick(next, WS)}=${pick(next, WS)}${req}${pick(next, ['Session(', 'session(', 'Sess('])}`);
    else if (r < 0.7) parts.push(`${req}Session()${pick(next, [' ', '  ', '\n'])}as${pick(next, [' ', '\t'])}${pick(next, ['s', 'x1', 's.t'])}${pick(next, [':', ':x = Session(', ':x', ',', ')', '\n', ''])}`);
    else parts.push(randomText(next, 4));
  }
  return parts.join(pick(next, ['', ' ', '\n', ':']));
}

/** Import lines (`from requests import Session`, spread over whitespace and blank lines) among random pieces. */
function importText(next: () => number): string {
  const parts: string[] = [];
  for (let k = Math.floor(next() * 4); k > 0; k--) {
    if (next() < 0.6) {
      parts.push(`${pick(next, ['', '\n', '\n\n', ' \n\t'])}${pick(next, WS)}from${pick(next, [' ', '\n', '  '])}requests${pick(next, ['', '.sessions', '.x'])}${pick(next, [' ', '\n'])}import ${pick(next, ['Session', 'get, Session', 'Sessions', 'x', 'session'])}`);
    } else parts.push(randomText(next, 4));
  }
  return parts.join(pick(next, ['', '\n', ' ']));
}

describe('VG502 session texts', () => {
  test('sessionsMade equals text.match(SESSION_MADE) on 20,000 random texts', () => {
    const next = rng(2411274);
    let found = 0;
    let colon = 0;
    for (let round = 0; round < 20_000; round++) {
      const text = sessionText(next);
      const want = text.match(SESSION_MADE) ?? [];
      found += want.length;
      if (want.some((m) => m.startsWith(':'))) colon++;
      assert.deepEqual(sessionsMade(text), want, JSON.stringify(text));
    }
    assert.ok(found > 10_000, `${found} matches`);
    assert.ok(colon > 10, `${colon} texts where a match starts inside a token, after \`Session() as name\``);
  });

  test('IMPORTS_SESSION equals the original on 20,000 random texts', () => {
    const next = rng(2411275);
    let found = 0;
    for (let round = 0; round < 20_000; round++) {
      const text = importText(next);
      const want = IMPORTS_SESSION_ORIGINAL.test(text);
      if (want) found++;
      assert.equal(IMPORTS_SESSION.test(text), want, JSON.stringify(text));
    }
    assert.ok(found > 3000 && found < 17_000, `${found} imports`);
  });

  // With the original expressions these texts took 44 s (the token) and 31 s (the blank lines).
  test('a 200,000-character token, 200,000 blank lines: the session texts are read, the file is analysed', { timeout: 60_000 }, async () => {
    const token = `blob = "${'A'.repeat(200_000)}"\ns = Session()\n`;
    assert.deepEqual(sessionsMade(token), ['s = Session(']);
    assert.equal(rule.fileInputs!.read(token), 'false\0s = Session(');
    const blank = `import requests\n${'\n'.repeat(200_000)}x = 1\nfrom requests import Session\ns = Session()\ns.verify = False\n`;
    assert.equal(rule.fileInputs!.read(blank), 'true\0s = Session(');
    const e = await getEngine();
    const t = e.parse(blank);
    try {
      const r = e.analyze(t, blank, { enabled: new Set(['VG502']) });
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.findings.map((f) => `${f.ruleId}@${f.line}`), ['VG502@200005']);
    } finally {
      t.delete();
    }
  });
});
