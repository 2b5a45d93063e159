// Inventory: registry, folders, metadata and docs agree (ESLint-style checks with actionable messages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { RULES, RULE_FOLDERS } from '../rules';
import { getEngine } from './helpers/engine';
import { compileRuleQuery } from '../server/src/engine/engine';

const ROOT = path.join(__dirname, '..', '..');

test('rules/index.ts is generated from the folders', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-index.mjs'), '--check'], { stdio: 'pipe' });
});

test('ids are unique, sorted, well-formed; names kebab-case', () => {
  const ids = RULES.map((r) => r.id);
  assert.deepEqual([...ids].sort(), ids, 'RULES must be sorted by id');
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
  for (const r of RULES) {
    assert.match(r.id, /^(B\d{3}|VG\d{3})$/, `${r.id}: ids are B### (Bandit's) or VG###`);
    assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${r.id}: name '${r.name}' must be kebab-case`);
    assert.ok(r.cwe > 0, `${r.id}: needs a CWE`);
    assert.ok(r.summary.length > 0 && r.moreInfo.startsWith('https://'), `${r.id}: summary and moreInfo`);
    assert.ok(Object.keys(r.messages).length > 0, `${r.id}: messages`);
  }
});

test('retired Bandit ids are never reused', () => {
  for (const retired of ['B109', 'B111', 'B309', 'B320', 'B322', 'B325', 'B410', 'B414']) {
    assert.ok(!RULES.some((r) => r.id === retired), `${retired} is retired in Bandit and must not be reused`);
  }
});

test('single-rule folders are named <id>-<name>; every folder has rule.md with the fixed headings', () => {
  const headings = ['## What it flags', '## Why it matters', '## Example', '## Use instead', '## Fix', '## References'];
  for (const folder of RULE_FOLDERS) {
    const dir = path.join(ROOT, 'rules', folder);
    assert.ok(fs.existsSync(path.join(dir, 'query.scm')), `${folder}: add query.scm`);
    const md = fs.readFileSync(path.join(dir, 'rule.md'), 'utf8');
    let at = -1;
    for (const h of headings) {
      const i = md.indexOf(h);
      assert.ok(i > at, `${folder}/rule.md: heading '${h}' missing or out of order`);
      at = i;
    }
    const single = /^((?:B|VG)\d{3})-([a-z0-9-]+)$/.exec(folder);
    if (single && !/^(B|VG)\d{3}-(B|VG)\d{3}/.test(folder)) {
      const rule = RULES.find((r) => r.id === single[1]);
      assert.ok(rule, `${folder}: no rule with id ${single[1]}`);
      assert.equal(rule.name, single[2], `${folder}: folder name must be ${rule.id}-${rule.name}`);
    }
  }
});

test('every query compiles in strict mode', async () => {
  const engine = await getEngine();
  for (const r of RULES) compileRuleQuery(engine.parser, r).delete();
  assert.deepEqual(engine.brokenRules, []);
});

test('generated docs (docs/rules, README table) are up to date: run `npm run gen`', async () => {
  const { generatedFiles } = await import('../scripts/docs');
  const stale: string[] = [];
  for (const [file, content] of generatedFiles(ROOT)) {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) stale.push(path.relative(ROOT, file));
  }
  assert.deepEqual(stale, [], 'stale generated docs: run `npm run gen`');
});
