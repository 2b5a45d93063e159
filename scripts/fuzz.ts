// `npm run fuzz`: the full fuzz run (>= 2,000 documents, >= 10,000 edits) through the real language server over
// stdio and the in-process incremental parser. Seeded: prints the seed; `--seed N` reproduces a run.
//   options: --seed N  --documents N  --edits N  --max-lines N  --no-engine  --no-server  --corpus DIR (repeatable)
// Exit code 1 on any crash, unanswered or slow (> 2 s) request, or incremental != from-scratch difference.
import path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import { formatReport, fuzzArgs, runFuzz } from '../test/helpers/fuzz';

async function main(): Promise<void> {
  const args = fuzzArgs(process.argv.slice(2), ['documents', 'edits', 'max-lines'], ['no-engine', 'no-server']);
  const { seed, corpus } = args;
  const repoRoot = path.resolve(__dirname, '..', '..');
  const log = (s: string) => console.log(s);
  log(`vigil fuzz: seed ${seed} (reproduce with: npm run fuzz -- --seed ${seed})`);
  const engine = args.flag('no-engine') ? undefined : new Engine(await loadPython(), RULES);
  const rep = await runFuzz({
    seed,
    documents: args.number('documents', 2000),
    edits: args.number('edits', 10000),
    maxLines: args.number('max-lines', 300),
    repoRoot,
    server: !args.flag('no-server'),
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
