// `npm run fuzz`: the full fuzz run (>= 2,000 documents, >= 10,000 edits) through the real language server over
// stdio and the in-process incremental parser. Seeded: prints the seed; `--seed N` reproduces a run.
//   options: --seed N  --documents N  --edits N  --max-lines N  --no-engine  --no-server  --corpus DIR (repeatable)
// Exit code 1 on any crash, unanswered or slow (> 2 s) request, or incremental != from-scratch difference.
import path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import { formatReport, runFuzz } from '../test/helpers/fuzz';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const seed = arg('--seed') !== undefined ? Number(arg('--seed')) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
  const corpus: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === '--corpus' && process.argv[i + 1]) corpus.push(path.resolve(process.argv[i + 1]!));
  });
  const repoRoot = path.resolve(__dirname, '..', '..');
  const log = (s: string) => console.log(s);
  log(`vigil fuzz: seed ${seed} (reproduce with: npm run fuzz -- --seed ${seed})`);
  const engine = process.argv.includes('--no-engine') ? undefined : new Engine(await loadPython(), RULES);
  const rep = await runFuzz({
    seed,
    documents: Number(arg('--documents') ?? 2000),
    edits: Number(arg('--edits') ?? 10000),
    maxLines: Number(arg('--max-lines') ?? 300),
    repoRoot,
    server: !process.argv.includes('--no-server'),
    ...(engine ? { engine } : {}),
    ...(corpus.length ? { corpus } : {}),
    maxLatencyMs: 2000,
    reproDir: path.join(repoRoot, 'out', 'fuzz'),
    log,
  });
  log(formatReport(rep));
  const failed = rep.serverCrashed || rep.unanswered > 0 || rep.slowRequests > 0 || rep.mismatches.length > 0;
  log(failed ? 'FUZZ FAILED' : 'fuzz passed');
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
