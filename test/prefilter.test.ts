// The engine skips a check on a call whose resolved name is not in the rule's `callNames` (rule.ts). Each list
// must be complete: here every rule fixture, the sample project and (when present) a sample of the real-world
// corpus are analysed with and without the prefilter, and the findings must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules';
import { getEngine } from './helpers/engine';
import type { Engine } from '../server/src/engine/engine';
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
    assert.deepEqual(findings(engine, src, f, plugins, false), all, `${path.relative(ROOT, f)}: the callNames prefilter changed the findings`);
    n += all.length;
  }
  return { files: files.length, findings: n };
}

test('rules declare call names; the prefilter is exercised', () => {
  const declared = RULES.filter((r) => r.callNames !== undefined);
  assert.ok(declared.length > 0, 'no rule declares callNames');
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
