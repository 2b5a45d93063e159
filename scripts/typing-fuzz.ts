// `npm run fuzz:typing`: a long run of the typing fuzzer (test/helpers/typing.ts): realistic editor sessions on
// corpus files, in-process through the server's DocumentStore and analyzeSourceIncremental, each analysis compared
// with a from-scratch one of the same text. Seeded: prints the seed; `--seed N` reproduces a run.
//   options: --seed N  --sessions N  --max-lines N  --check-rate R (0..1)  --corpus DIR (repeatable)
// Exit code 1 on any mismatch (each is printed with its initial text and edits, to replay).
import path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import { fuzzArgs } from '../test/helpers/fuzz';
import { runTyping } from '../test/helpers/typing';

async function main(): Promise<void> {
  const args = fuzzArgs(process.argv.slice(2), ['sessions', 'max-lines', 'check-rate']);
  const { seed, corpus } = args;
  const repoRoot = path.resolve(__dirname, '..', '..');
  console.log(`vigil typing fuzz: seed ${seed} (reproduce with: npm run fuzz:typing -- --seed ${seed})`);
  const engine = new Engine(await loadPython(), RULES);
  const rep = runTyping(engine, {
    seed,
    sessions: args.number('sessions', 500),
    ...(corpus.length ? { corpus } : {}),
    fallbackRoot: path.join(repoRoot, 'rules'),
    maxLines: args.number('max-lines', 150),
    checkRate: args.number('check-rate', 1),
    log: (s) => console.log(s),
  });
  console.log(`${rep.sessions} sessions, ${rep.edits} edits, ${rep.analyses} analyses, ${rep.checks} compared with from-scratch (${rep.diverged} on a diverged tree), ${(rep.ms / 1000).toFixed(1)} s`);
  for (const [kind, k] of Object.entries(rep.byKind)) console.log(`  ${kind}: ${k.sessions} sessions, ${k.edits} edits`);
  for (const s of rep.slow) console.log(`slow: ${s.ms.toFixed(1)} ms, ${s.kind} in ${s.file} (${s.size} chars): ${JSON.stringify(s.edit)}`);
  for (const m of rep.mismatches) {
    console.log(`MISMATCH ${m.kind} session ${m.session} step ${m.step}: ${m.what}`);
    console.log(JSON.stringify({ initial: m.initial, edits: m.edits, analysedAt: m.analysedAt }));
  }
  console.log(rep.mismatches.length ? 'TYPING FUZZ FAILED' : 'typing fuzz passed');
  process.exitCode = rep.mismatches.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
