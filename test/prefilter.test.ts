// The engine skips a check on a call whose resolved name is not in the rule's `callNames`, and a rule on a file
// where its `fileGate` is false (rule.ts). Each must be a necessary condition: here every rule fixture, the sample
// project and (when present) a sample of the real-world corpus are analysed with and without these prefilters
// (`noPrefilter`), and the findings must be identical. The gates are also shown to skip what they should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules';
import { getEngine } from './helpers/engine';
import { Engine } from '../server/src/engine/engine';
import { FileText } from '../server/src/engine/context';
import type { RuleDefinition } from '../server/src/engine/rule';
import type { PluginConfig } from '../server/src/engine/options';

const ROOT = path.join(__dirname, '..', '..');

function pyFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pyFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.py') && !e.name.endsWith('.fixed.py')) out.push(p);
  }
  return out;
}

function pluginsOf(src: string): PluginConfig {
  const m = /^#\s*vigil-test:\s*(\{.*\})\s*$/m.exec(src.split(/\r?\n/, 1)[0] ?? '');
  return m ? ((JSON.parse(m[1]!) as { plugins?: PluginConfig }).plugins ?? {}) : {};
}

function findings(engine: Engine, src: string, file: string, plugins: PluginConfig, noPrefilter: boolean): string[] {
  const tree = engine.parse(src);
  try {
    const r = engine.analyze(tree, src, { strict: true, noPrefilter, options: { filename: file, plugins } });
    return r.findings.map((f) => `${f.ruleId}:${f.line}:${f.colOffset}:${f.message}`);
  } finally {
    tree.delete();
  }
}

function compare(engine: Engine, files: string[], withPlugins: boolean): { files: number; findings: number } {
  let n = 0;
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    const plugins = withPlugins ? pluginsOf(src) : {};
    const all = findings(engine, src, f, plugins, true);
    assert.deepEqual(findings(engine, src, f, plugins, false), all, `${path.relative(ROOT, f)}: the prefilters (callNames, fileGate) changed the findings`);
    n += all.length;
  }
  return { files: files.length, findings: n };
}

test('rules declare call names; the prefilter is exercised', () => {
  const declared = RULES.filter((r) => r.callNames !== undefined);
  assert.ok(declared.length > 0, 'no rule declares callNames');
});

/** `rule` with a check that counts its calls. */
function counting(rule: RuleDefinition): { rule: RuleDefinition; calls: () => number } {
  let n = 0;
  return {
    rule: { ...rule, check: (m, ctx) => (n++, rule.check(m, ctx)) },
    calls: () => n,
  };
}

// Assignments, strings, calls with keywords, comparisons, defaults and decorators, in a file named like Django
// settings, but none of the words any gate looks for.
const UNGATED = "x = 1\ny = 'abc' + x\nf(a=1, b='c')\ndef g(a=1):\n    return a == 'b'\n@d\ndef h():\n    pass\n";

test('file gates: each skips its rule on a file without its words, and only then', async () => {
  const engine = await getEngine();
  const gated = RULES.filter((r) => r.fileGate !== undefined);
  assert.ok(gated.length >= 8, `only ${gated.length} rules declare a file gate`);
  for (const r of gated) {
    const { rule, calls } = counting(r);
    const one = new Engine(engine.parser, [rule]);
    try {
      const options = { filename: 'proj/settings.py', plugins: {} };
      const tree = one.parse(UNGATED);
      one.analyze(tree, UNGATED, { strict: true, noPrefilter: true, options });
      const ungated = calls();
      assert.ok(ungated > 0, `${r.id}: the sample has nothing its query matches`);
      one.analyze(tree, UNGATED, { strict: true, options });
      assert.equal(calls(), ungated, `${r.id}: the gate did not skip the rule`);
      assert.equal(r.fileGate!(new FileText(UNGATED), options), false, `${r.id}: the gate passes the sample`);
      tree.delete();
      // The rule's own fixture has findings, so its gate passes there.
      const fixture = path.join(ROOT, 'rules', fs.readdirSync(path.join(ROOT, 'rules')).find((d) => d.startsWith(`${r.id}-`))!, 'fixture.py');
      const src = fs.readFileSync(fixture, 'utf8');
      assert.equal(r.fileGate!(new FileText(src), { filename: fixture, plugins: pluginsOf(src) }), true, `${r.id}: the gate fails its own fixture`);
    } finally {
      one.dispose();
    }
  }
});

test('file gates: a gate that throws lets the check run (and is rethrown when strict)', async () => {
  const engine = await getEngine();
  const base = RULES.find((r) => r.id === 'B101')!;
  const { rule, calls } = counting({ ...base, fileGate: () => {
    throw new Error('gate broke');
  } });
  const one = new Engine(engine.parser, [rule]);
  const src = 'assert x\n';
  const tree = one.parse(src);
  try {
    const r = one.analyze(tree, src);
    assert.equal(calls(), 1);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['B101']);
    assert.throws(() => one.analyze(tree, src, { strict: true }), /gate broke/);
  } finally {
    tree.delete();
    one.dispose();
  }
});

test('callNames prefilter: every rule fixture and the sample project give the same findings with and without it', async () => {
  const engine = await getEngine();
  const r = compare(engine, [...pyFiles(path.join(ROOT, 'rules')), ...pyFiles(path.join(ROOT, 'samples'))], true);
  assert.ok(r.findings > 300, `only ${r.findings} findings in ${r.files} fixtures`);
});

const corpus = [process.env.VIGIL_CORPUS, path.join(ROOT, '.corpus'), '/work/corpus'].find((d) => d && fs.existsSync(path.join(d, 'nova')));
test('callNames prefilter: a sample of the real-world corpus gives the same findings with and without it', { skip: corpus ? false : 'no corpus (VIGIL_CORPUS)' }, async () => {
  const engine = await getEngine();
  const files: string[] = [];
  for (const name of ['nova', 'django', 'stdlib']) files.push(...pyFiles(path.join(corpus!, name)).sort());
  // Every 8th file: ~190 files of Nova (what CI fetches), ~520 with Django and stdlib, in seconds.
  const r = compare(engine, files.filter((_, i) => i % 8 === 0), false);
  assert.ok(r.files > 150, `only ${r.files} corpus files`);
});
