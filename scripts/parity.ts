// Differential check against Bandit: compares Vigil's findings with a Bandit JSON report of the same corpus on
// (file, line, test id), classifies every difference, writes docs/parity.md (--write-docs) and the pinned
// expectation test/parity/<name>.json (--pin) that test/parity.test.ts enforces.
//   node out/scripts/parity.js --corpus DIR --bandit-json FILE [--name nova] [--write-docs] [--pin]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RULES } from '../rules';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { comparePinned, computeParity, type BanditJson, type Pinned } from '../test/helpers/parity';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    'bandit-json': { type: 'string' },
    name: { type: 'string', default: 'nova' },
    'write-docs': { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
  },
});
const root = path.join(__dirname, '..', '..');

async function main(): Promise<void> {
  const corpus = path.resolve(values.corpus ?? '');
  const bandit = JSON.parse(fs.readFileSync(values['bandit-json'] ?? '', 'utf8')) as BanditJson;
  const engine = new Engine(await loadPython(), RULES);
  const t0 = performance.now();
  const parity = computeParity(engine, corpus, bandit);
  const ms = performance.now() - t0;
  const name = values.name!;
  console.log(`${name}: ${parity.files} files, bandit ${parity.banditTotal}, vigil ${parity.oursTotal}, matched ${parity.matched}, analysed in ${ms.toFixed(0)} ms`);
  for (const [cls, list] of Object.entries(parity.byClass)) console.log(`  ${cls}: ${list.length}`);
  const pinnedPath = path.join(root, 'test', 'parity', `${name}.json`);
  if (values.pin) {
    const pinned: Pinned = { corpus: name, bandit: parity.banditKeys, explained: parity.explainedKeys };
    fs.mkdirSync(path.dirname(pinnedPath), { recursive: true });
    fs.writeFileSync(pinnedPath, JSON.stringify(pinned, null, 1) + '\n');
    console.log(`pinned ${pinnedPath}`);
  } else if (fs.existsSync(pinnedPath)) {
    const problems = comparePinned(JSON.parse(fs.readFileSync(pinnedPath, 'utf8')) as Pinned, parity);
    console.log(problems.length === 0 ? 'agreement matches the pinned expectation' : `REGRESSIONS:\n${problems.join('\n')}`);
  }
  if (values['write-docs']) {
    const md = renderParity(name, parity);
    const file = path.join(root, 'docs', 'parity.md');
    const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const start = `<!-- parity:${name}:start -->`;
    const end = `<!-- parity:${name}:end -->`;
    const a = cur.indexOf(start);
    const b = cur.indexOf(end);
    const out = a >= 0 && b > a ? cur.slice(0, a) + start + '\n' + md + '\n' + cur.slice(b) : `${cur}\n${start}\n${md}\n${end}\n`;
    fs.writeFileSync(file, out);
    console.log(`wrote ${file}`);
  }
}

function renderParity(name: string, p: ReturnType<typeof computeParity>): string {
  const lines: string[] = [];
  lines.push(`Corpus **${name}**: ${p.files} files. Bandit reported ${p.banditTotal} findings, Vigil ${p.oursTotal}; ${p.matched} are the same (file, line, id).`, '');
  lines.push('| Id | Bandit | Vigil | Same line | Only Bandit | Only Vigil |', '|---|---|---|---|---|---|');
  for (const [id, r] of Object.entries(p.perId).sort()) {
    lines.push(`| ${id} | ${r.bandit} | ${r.ours} | ${r.matched} | ${r.onlyBandit} | ${r.onlyOurs} |`);
  }
  lines.push('', '| Difference | Count | Explanation |', '|---|---|---|');
  for (const [cls, list] of Object.entries(p.byClass)) lines.push(`| ${cls} | ${list.length} | ${p.classText[cls] ?? ''} |`);
  const unexplained = p.byClass['unexplained'] ?? [];
  if (unexplained.length > 0) {
    lines.push('', 'Unexplained differences:', '');
    for (const k of unexplained.slice(0, 200)) lines.push(`- \`${k}\``);
  }
  return lines.join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
