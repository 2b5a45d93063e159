// Differential parity with Bandit on OpenStack Nova, pinned: fails if agreement regresses (a Bandit finding no
// longer matched or explained, or a new unexplained Vigil finding). Needs the Nova corpus: .ci/run fetches it with
// ../shared/tools/corpus.sh; set VIGIL_CORPUS to its directory (default: .corpus or /work/corpus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { comparePinned, computeParity, type Pinned } from './helpers/parity';

const ROOT = path.join(__dirname, '..', '..');
const candidates = [process.env.VIGIL_CORPUS, path.join(ROOT, '.corpus'), '/work/corpus'].filter((d): d is string => !!d);
const corpusRoot = candidates.find((d) => fs.existsSync(path.join(d, 'nova', 'compute', 'manager.py')));

test('Bandit parity on Nova matches the pinned expectation', { skip: corpusRoot ? false : 'Nova corpus not found (run ../shared/tools/corpus.sh .corpus nova)', timeout: 600_000 }, async () => {
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'parity', 'nova.json'), 'utf8')) as Pinned;
  const engine = await getEngine();
  // Bandit's own findings are pinned by key; the comparison needs only our side.
  const bandit = { results: pinned.bandit.map((k) => {
    const [file, line, id] = k.split(/:(?=[^:]+:[^:]+$)|:(?=[^:]+$)/);
    return { filename: path.join(corpusRoot!, 'nova', file!), line_number: Number(line), test_id: id!, issue_text: '' };
  }), errors: [] };
  const parity = computeParity(engine, path.join(corpusRoot!, 'nova'), bandit);
  const problems = comparePinned(pinned, parity);
  assert.deepEqual(problems, []);
  // The headline numbers: every Bandit finding is matched or explained.
  assert.equal(parity.byClass['unexplained']?.length ?? 0, 0);
  assert.ok(parity.matched >= 414, `matched ${parity.matched}`);
});
