// The typing fuzzer (test/helpers/typing.ts), short and deterministic: editor sessions on the repo's own Python
// files (blocks typed character by character with auto-indentation and auto-closed brackets and quotes, blocks
// backspaced away, lines deleted, pastes undone, import lines and `# nosec` comments edited, in LF, CRLF and
// BOM files), the incremental analysis compared with a from-scratch one after every analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { runTyping, SESSION_KINDS } from './helpers/typing';

const ROOT = path.join(__dirname, '..', '..');

test('typing fuzz (short): incremental analysis equals from-scratch analysis through realistic editing sessions', { timeout: 120_000 }, async () => {
  const engine = await getEngine();
  const rep = runTyping(engine, {
    seed: 20261124,
    sessions: 40,
    corpus: [path.join(ROOT, 'samples'), path.join(ROOT, 'rules')],
    fallbackRoot: path.join(ROOT, 'rules'),
    maxLines: 80,
    maxSnippet: 300,
    slowMs: Infinity,
  });
  const detail = rep.mismatches.map((m) => `${m.kind} session ${m.session} step ${m.step}: ${m.what}\n${JSON.stringify({ initial: m.initial, edits: m.edits, analysedAt: m.analysedAt })}`);
  if (process.env.VIGIL_TYPING_VERBOSE) console.log(JSON.stringify({ edits: rep.edits, checks: rep.checks, byKind: rep.byKind, ms: rep.ms }));
  assert.deepEqual(detail, []);
  assert.ok(rep.edits >= 300, `edits: ${rep.edits}`);
  assert.ok(rep.checks >= 200, `checks: ${rep.checks}`);
  for (const k of SESSION_KINDS) assert.ok(rep.byKind[k]?.sessions, `no ${k} session: ${JSON.stringify(rep.byKind)}`);
});
