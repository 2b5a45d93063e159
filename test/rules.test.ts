// The rule harness: every fixture*.py in every rule folder, checked against its `# ruleid:` / `# ok:` annotations
// (semgrep's vocabulary); fixable rules are fixed repeatedly and compared with fixture.fixed.py.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES, RULE_FOLDERS } from '../rules';
import { getEngine } from './helpers/engine';
import { applyEdits, selectFixes } from '../server/src/engine/fixes';
import type { PluginConfig } from '../server/src/engine/options';
import type { Engine } from '../server/src/engine/engine';

const RULES_DIR = path.join(__dirname, '..', '..', 'rules');

interface Expectation {
  kind: 'ruleid' | 'ok' | 'todoruleid' | 'todook';
  ids: string[];
  line: number; // 1-based line of the code the annotation describes
  annotationLine: number;
}

/** Reads annotations; each applies to the next line that is neither blank nor a comment. */
export function readAnnotations(src: string): Expectation[] {
  const lines = src.split(/\r?\n/);
  const out: Expectation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*#\s*(ruleid|ok|todoruleid|todook):\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)\s*$/.exec(lines[i]!);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && (/^\s*$/.test(lines[j]!) || /^\s*#/.test(lines[j]!))) j++;
    out.push({ kind: m[1] as Expectation['kind'], ids: m[2]!.split(',').map((s) => s.trim()), line: j + 1, annotationLine: i + 1 });
  }
  return out;
}

interface FixtureOptions {
  plugins?: PluginConfig;
  filename?: string;
  /** RuleOptions.relativeTo: the editor's workspace folder. */
  relativeTo?: string;
  ignoreNosec?: boolean;
}

function fixtureOptions(src: string): FixtureOptions {
  const m = /^#\s*vigil-test:\s*(\{.*\})\s*$/m.exec(src.split(/\r?\n/, 1)[0] ?? '');
  return m ? (JSON.parse(m[1]!) as FixtureOptions) : {};
}

function run(engine: Engine, src: string, ids: Set<string>, fo: FixtureOptions, file: string) {
  const tree = engine.parse(src);
  try {
    return engine.analyze(tree, src, {
      enabled: ids,
      strict: true,
      ignoreNosec: fo.ignoreNosec ?? false,
      options: { filename: fo.filename ?? file, relativeTo: fo.relativeTo, plugins: fo.plugins ?? {} },
    });
  } finally {
    tree.delete();
  }
}

const idsByFolder = new Map<string, Set<string>>();
for (const folder of RULE_FOLDERS) {
  // A folder's ids: those whose id appears in the folder name range or that the folder's rule module defines.
  idsByFolder.set(folder, new Set());
}
// Attribute rules to folders by id prefix of the folder name ("B301-B323-..." covers B301..B323).
for (const r of RULES) {
  const folder = RULE_FOLDERS.find((f) => {
    const m = /^((?:B|VG)\d{3})(?:-((?:B|VG)\d{3}))?-/.exec(f);
    if (!m) return false;
    const lo = m[1]!;
    const hi = m[2] ?? lo;
    return r.id.length === lo.length && r.id >= lo && r.id <= hi;
  });
  if (folder) idsByFolder.get(folder)!.add(r.id);
}

describe('rule fixtures', () => {
  for (const folder of RULE_FOLDERS) {
    const dir = path.join(RULES_DIR, folder);
    const ids = idsByFolder.get(folder)!;
    const fixtures = fs.readdirSync(dir).filter((f) => /^fixture(_\w+)?\.py$/.test(f));
    test(`${folder}: has rules and a fixture`, () => {
      assert.ok(ids.size > 0, `${folder} defines no rule whose id falls in its folder name`);
      assert.ok(fixtures.includes('fixture.py'), `${folder} needs fixture.py`);
    });
    for (const fx of fixtures) {
      test(`${folder}/${fx}`, async () => {
        const engine = await getEngine();
        const src = fs.readFileSync(path.join(dir, fx), 'utf8');
        const fo = fixtureOptions(src);
        const res = run(engine, src, ids, fo, fx);
        const ann = readAnnotations(src);
        const problems: string[] = [];
        const expected = new Set<string>();
        for (const a of ann) {
          for (const id of a.ids) {
            const hit = res.findings.some((f) => f.ruleId === id && f.line === a.line);
            if (a.kind === 'ruleid' || a.kind === 'todook') expected.add(`${id}:${a.line}`);
            if (a.kind === 'ruleid' && !hit) problems.push(`missing: ${id} expected on line ${a.line} (annotation line ${a.annotationLine})`);
            if (a.kind === 'ok' && hit) problems.push(`noisy: ${id} reported on line ${a.line} marked ok`);
            if (a.kind === 'todoruleid' && hit) problems.push(`fixed gap: ${id} now found on line ${a.line}; promote todoruleid to ruleid`);
            if (a.kind === 'todook' && !hit) problems.push(`fixed gap: ${id} no longer reported on line ${a.line}; promote todook to ok`);
          }
        }
        for (const f of res.findings) {
          if (!expected.has(`${f.ruleId}:${f.line}`)) problems.push(`noisy: ${f.ruleId} on unannotated line ${f.line}: ${f.message}`);
        }
        assert.ok(ann.some((a) => a.kind === 'ruleid') || fx !== 'fixture.py', `${fx} needs at least one ruleid`);
        assert.ok(ann.some((a) => a.kind === 'ok') || fx !== 'fixture.py', `${fx} needs at least one ok`);
        assert.deepEqual(problems, []);
        // Metadata vs behaviour.
        for (const f of res.findings) {
          const rule = engine.rule(f.ruleId)!;
          if (f.fixes.length > 0) assert.ok(rule.fix, `${f.ruleId} produced a fix but declares no fix metadata`);
          if (rule.fix?.availability === 'always') assert.ok(f.fixes.length > 0, `${f.ruleId} declares availability 'always' but line ${f.line} has no fix`);
        }
      });
    }
    const fixedPath = path.join(dir, 'fixture.fixed.py');
    if (fs.existsSync(fixedPath)) {
      test(`${folder}: fixes converge to fixture.fixed.py`, async () => {
        const engine = await getEngine();
        let src = fs.readFileSync(path.join(dir, 'fixture.py'), 'utf8');
        const fo = fixtureOptions(src);
        const originalErrors = engine.parse(src);
        const hadErrors = originalErrors.rootNode.hasError;
        originalErrors.delete();
        let passes = 0;
        for (; passes < 10; passes++) {
          const res = run(engine, src, ids, fo, 'fixture.py');
          const { edits } = selectFixes(res.findings, true);
          if (edits.length === 0) break;
          src = applyEdits(src, edits);
        }
        assert.ok(passes < 10, 'fixes did not converge in 10 passes');
        const tree = engine.parse(src);
        const broken = !hadErrors && tree.rootNode.hasError;
        tree.delete();
        assert.ok(!broken, 'fixed source has syntax errors');
        assert.equal(src, fs.readFileSync(fixedPath, 'utf8'));
      });
    }
  }
});
