// `npm run profile -- DIR [--no-prefilter]`: where analysis time goes on a code base. Parses and analyses every .py
// file under DIR in this thread and prints the parse and analysis totals, then each rule's check count and the
// time spent in its checks. A rule's first check on a file also pays for shared lazy work (call contexts, string
// decoding) that later rules reuse, so the per-rule column is a guide, not an exact split.
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import type { RuleDefinition } from '../server/src/engine/rule';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(dir)) {
    console.error('usage: npm run profile -- DIR [--no-prefilter]');
    process.exit(2);
  }
  const noPrefilter = process.argv.includes('--no-prefilter');
  const time = new Map<string, number>();
  const calls = new Map<string, number>();
  const timed: RuleDefinition[] = RULES.map((r) => ({
    ...r,
    check(match, ctx) {
      const t0 = performance.now();
      try {
        return r.check(match, ctx);
      } finally {
        time.set(r.id, (time.get(r.id) ?? 0) + performance.now() - t0);
        calls.set(r.id, (calls.get(r.id) ?? 0) + 1);
      }
    },
  }));
  const engine = new Engine(await loadPython(), timed);
  const files = walk(dir).sort();
  let parseMs = 0;
  let analyzeMs = 0;
  let findings = 0;
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    let t0 = performance.now();
    const tree = engine.parse(src);
    parseMs += performance.now() - t0;
    t0 = performance.now();
    findings += engine.analyze(tree, src, { noPrefilter, options: { filename: f, plugins: {} } }).findings.length;
    analyzeMs += performance.now() - t0;
    tree.delete();
  }
  const checks = [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(`${files.length} files, ${findings} findings${noPrefilter ? ' (no callNames prefilter)' : ''}`);
  console.log(`parse ${parseMs.toFixed(0)} ms, analysis ${analyzeMs.toFixed(0)} ms (query, engine and ${checks} checks, timed)`);
  console.log('rule      checks    ms');
  for (const [id, ms] of [...time].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${id.padEnd(8)} ${String(calls.get(id)).padStart(8)} ${ms.toFixed(0).padStart(5)}`);
  }
}

void main();
