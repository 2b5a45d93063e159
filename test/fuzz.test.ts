// The short fuzz run of `npm test` (60 documents, 400 edits; the full one is `npm run fuzz`): seeded mutations of
// real Python files (the corpus when present, else the repo's fixtures) and random edit sequences, through the
// real server over stdio and through the server's DocumentStore in-process. No crash, every request answered
// within 2 s, incremental results equal from-scratch ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { formatReport, runFuzz } from './helpers/fuzz';

const repoRoot = path.resolve(__dirname, '..', '..');
const serverScript = path.join(repoRoot, 'dist', 'server.js');
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20261122) >>> 0;

test(`fuzz (short): 60 documents, 400 edits, seed ${SEED}`, { timeout: 300_000 }, async () => {
  assert.ok(fs.existsSync(serverScript), 'dist/server.js must be built (npm test builds it)');
  const engine = await getEngine();
  const rep = await runFuzz({ seed: SEED, documents: 60, edits: 400, maxLines: 150, repoRoot, serverScript, engine, maxLatencyMs: 2000 });
  console.log(formatReport(rep).replace(/^/gm, '# '));
  assert.equal(rep.documents, 60);
  assert.equal(rep.edits, 400);
  assert.ok(rep.checks >= 60);
  assert.ok(rep.checksWithDiagnostics >= 10, `only ${rep.checksWithDiagnostics} checks compared non-empty diagnostics`);
  assert.ok(rep.actionChecks >= 3 && rep.actionsCompared >= 10, `${rep.actionChecks} checks compared ${rep.actionsCompared} code actions`);
  assert.equal(rep.serverCrashed, false);
  assert.equal(rep.unanswered, 0);
  assert.equal(rep.slowRequests, 0, `max latency ${rep.maxLatencyMs.toFixed(0)} ms (${rep.maxLatencyMethod})`);
  assert.ok(rep.requests >= 2 * rep.checks, `${rep.requests} requests for ${rep.checks} checks`);
  assert.deepEqual(rep.mismatches, []);
});
