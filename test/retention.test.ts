// What outlives an analysis must not pin the analysed source. `node.text` is a V8 substring of the whole source,
// so a finding's data or fix text, or a cache key, taken from the tree keeps the whole file alive (engine/detach.ts).
// Detected with a heap snapshot: after the analysis, only the findings and the engine are reachable, and no
// string as long as the source that starts with the file's marker may remain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import type { Readable } from 'node:stream';
import { getEngine } from './helpers/engine';
import { getGc } from '../server/src/lsp/memory';
import type { Engine } from '../server/src/engine/engine';
import type { Finding } from '../server/src/engine/types';
import { analyzeIncremental, type IncrementalState } from '../server/src/engine/incremental';
import { applyEdit, reanalyze } from './helpers/treeEdit';
import type { Tree } from '../server/src/engine/parser';

const MARKER = `# vigil-retention-${process.pid}-${Date.now()}`;

/** A large source whose findings carry data and fixes, and whose calls have names no other test uses. */
function bigSource(): string {
  // A module name of 13 characters or more: V8 copies shorter substrings instead of pointing into the source.
  const lines = [MARKER, 'import subprocess', 'import yaml', 'import hashlib', 'import xml.etree.ElementTree as ElementTreeModule', ''];
  for (let i = 0; i < 3000; i++) lines.push(`def unique_${process.pid}_fn_${i}(value):`, `    return helper_${i}_of_${process.pid}(value, "${'x'.repeat(40)}")`, '');
  lines.push('def sinks(cmd, data, text):', '    subprocess.call(cmd, shell=True)', '    yaml.load(data)', '    return hashlib.md5(text)', '');
  // B106's data holds the argument's source text.
  lines.push('def connect(db):', '    return db.connect(user="admin", password="correct-horse-battery-staple-and-more")', '');
  return lines.join('\n');
}

/** Parses and analyses `src`, returning only the findings (the tree is freed). */
function analyse(engine: Engine, src: string): Finding[] {
  const tree = engine.parse(src);
  try {
    return engine.analyze(tree, src, { strict: true, options: { filename: 'big.py', plugins: {} } }).findings;
  } finally {
    tree.delete();
  }
}

/** Whether the heap holds a string at least `minLength` long that starts with the marker. */
function sourceRetained(minLength: number): boolean {
  getGc()?.();
  const snap = JSON.parse(readAll(v8.getHeapSnapshot())) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const stringType = snap.snapshot.meta.node_types[0].indexOf('string');
  for (let i = 0; i < snap.nodes.length; i += width) {
    if (snap.nodes[i + typeAt] !== stringType || snap.nodes[i + sizeAt]! < minLength) continue;
    if (snap.strings[snap.nodes[i + nameAt]!]!.startsWith(MARKER)) return true;
  }
  return false;
}

/** The whole content of a snapshot stream (`v8.getHeapSnapshot()` has it all buffered when it returns). */
/**
 * `sourceRetained`, asked again 50 ms apart for up to 2 s before answering true: a concurrent optimising compile
 * of a closure made during the analysis can hold that analysis's context (and with it the file) for a moment
 * (seen in about 1 run in 12 before this retry; with 4 attempts, once more in a full `npm test`, where other
 * test files load both cores). A real leak stays.
 */
async function sourceStaysRetained(minLength: number): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 50));
    if (!sourceRetained(minLength)) return false;
  }
  return true;
}

function readAll(stream: Readable): string {
  const parts: Buffer[] = [];
  for (let c = stream.read() as Buffer | null; c !== null; c = stream.read() as Buffer | null) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** Analyses a fresh big source (not kept here) and returns its findings and length. */
function analyseBig(engine: Engine): { findings: Finding[]; length: number } {
  const src = bigSource();
  const findings = analyse(engine, src);
  // Caches that hold only the last file analysed are replaced by a small one.
  analyse(engine, 'import os\nos.system("ls")\n');
  return { findings, length: src.length };
}

test('findings and the engine caches do not keep the analysed source alive', { skip: getGc() ? false : 'gc() not available' }, async () => {
  const engine = await getEngine();
  // The detector works: a kept substring pins its source.
  let pinned: string | undefined = bigSource().slice(MARKER.length, MARKER.length + 40);
  assert.equal(sourceRetained(bigSource().length), true, 'a kept substring must pin the source (detector check)');
  pinned = undefined;
  assert.equal(pinned, undefined);
  assert.equal(await sourceStaysRetained(bigSource().length), false, 'nothing else pins a source (detector check)');

  const { findings, length } = analyseBig(engine);
  // Findings with message data and fixes (the strings most likely to be cut from the source).
  assert.ok(findings.some((f) => f.ruleId === 'B602'), 'B602 expected');
  assert.ok(findings.some((f) => f.ruleId === 'B106' && f.data?.value?.includes('correct-horse')), 'B106 with its value expected');
  assert.ok(findings.some((f) => f.fixes.length > 0 && f.data && Object.keys(f.data).length > 0), 'a finding with data and a fix expected');
  assert.equal(await sourceStaysRetained(length), false, 'something kept after the analysis pins the whole source');
});

/**
 * The editor's path: a full analysis of a big source, then one keystroke in its first comment (every unit is
 * reused, with its findings and import records). Returns what the editor keeps: the new tree and state.
 */
function typeIntoBig(engine: Engine): { tree: Tree; state: IncrementalState; length: number } {
  const v1 = bigSource();
  const tree1 = engine.parse(v1);
  const first = analyzeIncremental(engine, tree1, v1, {}, 'k', undefined, undefined);
  // `# vigil-…` becomes `# Vigil-…`: the new text no longer starts with the marker.
  const { text: v2, edit } = applyEdit(v1, tree1, 2, 3, 'V');
  const second = reanalyze(engine, tree1, v2, first.state, [edit]);
  analyse(engine, 'import os\nos.system("ls")\n');
  return { tree: second.tree, state: second.inc.state, length: v1.length };
}

test('what the editor keeps after a keystroke does not pin the previous text', { skip: getGc() ? false : 'gc() not available' }, async () => {
  const engine = await getEngine();
  const kept = typeIntoBig(engine);
  try {
    assert.equal(kept.state.stats.incremental, 1, 'the keystroke was analysed incrementally');
    assert.ok(kept.state.units.some((u) => u.records.some((r) => r.module === 'xml.etree.ElementTree')), 'the kept units hold the long import record');
    assert.ok(kept.state.units.some((u) => u.findings.length > 0), 'the kept units hold findings');
    assert.equal(await sourceStaysRetained(kept.length), false, 'the incremental state or the new tree pins the previous text');
  } finally {
    kept.tree.delete();
  }
});
