/** `vigil` / `node dist/cli.js`: Bandit-compatible security scan of Python files (see run.ts). */
import v8 from 'node:v8';
import { runCli } from './run';

// A scan is short-lived, and each worker thread is a fresh V8 isolate that compiles its own optimised code: with
// TurboFan's inlining, that compilation took about 2 s of CPU per isolate on Nova (`--trace-opt`), a sixth of the
// whole scan's CPU, repeated as large functions deoptimised and were compiled again. Without inlining it took
// 0.9 s and the compiled code is barely slower: cold scans of Nova, Django and the standard library took 7-18%
// less time (interleaved A/B runs; commit 457b12d has the numbers). Flags are per process and set before any worker
// starts; the language server, whose keystroke path runs for hours, keeps V8's defaults.
v8.setFlagsFromString('--no-turbo-inlining');

// `vigil . | head`: a closed pipe ends the output quietly instead of crashing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`vigil: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
