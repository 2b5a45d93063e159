#!/usr/bin/env node
// `npm run bench`: Vigil against Ruff's S rules (ruff-wasm, one thread, one file at a time) and Debian's Bandit on
// OpenStack Nova, all measured in the same run; prints a table with ratios and writes docs/benchmarks.md.
//   (a) cold scan, whole process, cache disabled   (b) warm re-scan with the cache, nothing changed
//   (c) keystroke latency through dist/server.js over stdio (200 one-character edits + pull diagnostics)
//   (d) server RSS with Nova's 20 largest files open
// Environment:
//   VIGIL_BENCH_CORPUS  corpus directory (default .bench/corpus, filled by ../shared/tools/corpus.sh, which leaves an
//                       existing corpus alone: point it at /work/corpus to reuse that)
//   BENCH_RUNS          runs of each scan measure (default 3; the median is reported)
//   BENCH_KEY_RUNS      keystroke runs (default: BENCH_RUNS, but at least 5; the median-p95 run is reported)
//   BENCH_EDITS         timed keystrokes per run (default 200)
//   BENCH_WARM_EDITS    untimed keystrokes in another file before the warmed-server row (default 100; 0: no such row)
//   BENCH_OPEN_PAUSE_MS idle time between opening the file and the first timed keystroke (default 500)
//   BENCH_FINDINGS_FILE Nova file of the keystroke row with findings (default tests/unit/compute/test_compute.py;
//                       empty: no such row)
//   BENCH_SCAN_KEYS=0   no row of keystrokes during a workspace scan
//   BENCH_COLD_KEYS=0   no row of keystrokes in servers without the start-up warm-up
//   BENCH_BANDIT_RUNS   rounds that run Bandit (default: all BENCH_RUNS; each takes over a minute)
//   BENCH_SKIP_BANDIT=1, BENCH_SKIP_JOBS1=1 (no `--jobs 1` row), BENCH_ONLY=server (only (c) and (d), printed, no
//   doc), BENCH_ONLY=rescan (only the server's re-scan of (b), printed, no doc), BENCH_NO_WRITE=1 (do not write the
//   doc).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function walkPy(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkPy(p, out);
    else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

// ---- child mode: Ruff's S rules through ruff-wasm, one file at a time, one thread (whole process is timed) ----
if (process.argv[2] === '--ruff-scan') {
  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const ws = new ruff.Workspace({ lint: { select: ['S'] } }, ruff.PositionEncoding.Utf16);
  let n = 0;
  for (const f of walkPy(process.argv[3]).sort()) n += ws.check(fs.readFileSync(f, 'utf8')).length;
  process.stdout.write(String(n));
  process.exit(0);
}

// ---- child mode: web-tree-sitter alone parses every PARTS-th file of DIR (from PART); nothing else ----
// The floor under any scan built on this parser: N of these run at once, one per core, is the fastest a scan can
// read Nova's syntax trees here, before a single rule runs.
if (process.argv[2] === '--parse-only') {
  const [dir, part, parts] = [process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(ROOT, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm')));
  const files = walkPy(dir).sort().filter((_, i) => i % parts === part);
  for (const f of files) parser.parse(fs.readFileSync(f, 'utf8'))?.delete();
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const log = (...a) => console.error('[bench]', ...a);
/** Keystroke latencies: one decimal, so a p95 of 10.4 ms does not print as "10 ms". */
const ms1 = (ms) => `${ms.toFixed(1)} ms`;

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs a command; returns wall time and (with /usr/bin/time) the CPU time (user + sys, all threads) in ms.
 * Exit codes in `okCodes` count as success.
 */
function timed(cmd, args, { env, okCodes = [0] } = {}) {
  const [c, a] = TIME ? [TIME, ['-f', '@@cpu %U %S', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').slice(0, 2000)}`);
  const m = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  const cpu = m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN;
  return { ms, cpu, stdout: r.stdout, stderr: r.stderr };
}

function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {}
  let nproc = os.availableParallelism?.() ?? cpus.length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {}
  return {
    nproc,
    model,
    ramGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// LSP over stdio (c, d)
// ---------------------------------------------------------------------------------------------------------------
class LspClient {
  constructor(serverJs, env = {}) {
    this.proc = spawn(process.execPath, [serverJs, '--stdio'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.nextId = 1;
    this.pending = new Map();
    this.buf = Buffer.alloc(0);
    this.proc.stdout.on('data', (d) => this.onData(d));
    this.proc.stderr.on('data', () => {});
    this.exited = new Promise((r) => this.proc.on('exit', r));
  }
  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, sep).toString('ascii'));
      const len = Number(m?.[1] ?? 0);
      if (this.buf.length < sep + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(sep + 4 + len);
      this.onMessage(msg);
    }
  }
  onMessage(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error.message));
        else p.resolve(msg.result);
      }
    } else if (msg.id !== undefined && msg.method) {
      // Requests from the server: configuration gets defaults, the rest an empty answer.
      const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null;
      this.send({ jsonrpc: '2.0', id: msg.id, result });
    }
  }
  send(obj) {
    const body = Buffer.from(JSON.stringify(obj), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }
  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }
  rssMb() {
    const s = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    return Number(/VmRSS:\s*(\d+)/.exec(s)[1]) / 1024;
  }
  async close() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {}
    setTimeout(() => this.proc.kill(), 2000).unref();
    await this.exited;
  }
}

async function startServer(serverJs, rootDir, env = {}) {
  const c = new LspClient(serverJs, env);
  const init = await c.request('initialize', {
    processId: process.pid,
    rootUri: `file://${rootDir}`,
    workspaceFolders: [{ uri: `file://${rootDir}`, name: path.basename(rootDir) }],
    capabilities: {
      textDocument: { diagnostic: { dynamicRegistration: false }, publishDiagnostics: {}, synchronization: {} },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true },
    },
  });
  c.notify('initialized', {});
  return { client: c, capabilities: init.capabilities };
}

/** A full GC of this process (`npm run bench` runs node with --expose-gc; without it, none). */
function collectGarbage() {
  globalThis.gc?.();
}

/** A seeded PRNG (mulberry32) so every run edits the same places. */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positionAt(text, offset) {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}

/** The pause between a document's first diagnostics and its first timed keystroke (BENCH_OPEN_PAUSE_MS). */
const OPEN_PAUSE_MS = Number(process.env.BENCH_OPEN_PAUSE_MS ?? 500);

/** `edits` seeded single-character edits at random identifier positions (alternately typing and deleting one). */
function planEdits(text, edits) {
  const rand = rng(20261122);
  const plan = [];
  for (let i = 0; i < edits; i++) {
    const ids = [];
    const re = /\b[A-Za-z_][A-Za-z0-9_]{2,}\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) ids.push(m.index + 1 + Math.floor(rand() * (m[0].length - 1)));
    const off = ids[Math.floor(rand() * ids.length)];
    // Alternate typing a character and deleting one, so the file stays close to the original.
    const insert = i % 2 === 0;
    const pos = positionAt(text, off);
    const range = insert ? { start: pos, end: pos } : { start: pos, end: { line: pos.line, character: pos.character + 1 } };
    plan.push({ range, text: insert ? 'x' : '' });
    text = insert ? text.slice(0, off) + 'x' + text.slice(off) : text.slice(0, off) + text.slice(off + 1);
  }
  return plan;
}

/**
 * Opens `file`, pulls its diagnostics, then sends each planned edit followed by a pull; the latencies. `gapMs`:
 * a pause after each answer (a typist, so that a workspace scan runs between keystrokes).
 */
async function typeInto(client, file, plan, beforeTimed = () => {}, gapMs = 0) {
  const uri = `file://${file}`;
  let version = 1;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text: fs.readFileSync(file, 'utf8') } });
  const first = await client.request('textDocument/diagnostic', { textDocument: { uri } });
  // Each pull names the result id of the last report, as VS Code's client does: the server answers "unchanged"
  // when no diagnostic moved.
  let resultId = first?.resultId;
  let unchanged = 0;
  // A user reads before typing; the server finishes what it started for the open (background compilation, GC).
  await new Promise((r) => setTimeout(r, OPEN_PAUSE_MS));
  await beforeTimed();
  const lat = [];
  for (const change of plan) {
    version++;
    const t0 = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const r = await client.request('textDocument/diagnostic', { textDocument: { uri }, ...(resultId ? { previousResultId: resultId } : {}) });
    lat.push(performance.now() - t0);
    if (r?.kind === 'unchanged') unchanged++;
    resultId = r?.resultId;
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  client.notify('textDocument/didClose', { textDocument: { uri } });
  return { lat, initialItems: first?.items?.length ?? 0, unchanged };
}

/** The file of the (c) target row, and the file of the row with findings (BENCH_FINDINGS_FILE; '' skips it). */
const KEY_FILE = 'compute/manager.py';
const FINDINGS_FILE = process.env.BENCH_FINDINGS_FILE ?? 'tests/unit/compute/test_compute.py';
/** Whether to measure keystrokes in a pytest-style copy of that file (BENCH_PYTEST_KEYS=0 skips it). */
const PYTEST_KEYS = process.env.BENCH_PYTEST_KEYS !== '0';

/**
 * A pytest-style test file made from FINDINGS_FILE: each line that starts with `self.assertEqual(`, `assertTrue(`,
 * `assertIn(`, ... starts with `assert (` instead (`assert (a, b)`: an assert of a tuple, still valid Python), so
 * that the file has an assert statement (B101, each with a fix) where a unittest file has a call. Nova has no
 * pytest-style tests; most Python projects do. Written outside the corpus (the scans must not see it).
 */
function pytestStyleFile(nova) {
  const src = fs.readFileSync(path.join(nova, FINDINGS_FILE), 'utf8');
  const out = src
    .split('\n')
    .map((l) => l.replace(/^(\s*)self\.assert(?:Equal|True|False|In|NotIn|IsNone|IsNotNone|Is)\(/, '$1assert ('))
    .join('\n');
  const file = path.join(ROOT, '.bench', 'pytest-style', path.basename(FINDINGS_FILE).replace(/\.py$/, '_pytest.py'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, out);
  return file;
}
/** Whether to measure keystrokes during a workspace scan (BENCH_SCAN_KEYS=0 skips it). */
const SCAN_KEYS = process.env.BENCH_SCAN_KEYS !== '0';
/** Whether to measure keystrokes in servers without the start-up warm-up (BENCH_COLD_KEYS=0 skips it). */
const COLD_KEYS = process.env.BENCH_COLD_KEYS !== '0';
/** The server's environment for that row: no warm-up (server/src/lsp/warmup.ts). */
const NO_WARMUP = { VIGIL_WARMUP_STEPS: '0' };

/**
 * The keystroke measurement on compute/manager.py (or `rel`) in a fresh server. With `warmEdits`, the server first gets that
 * many keystrokes in another large file (virt/libvirt/driver.py, untimed), as after a while of editing.
 */
async function keystrokes(serverJs, nova, edits, warmEdits = 0, rel = KEY_FILE, env = {}) {
  const file = path.isAbsolute(rel) ? rel : path.join(nova, rel);
  const { client, capabilities } = await startServer(serverJs, nova, env);
  try {
    if (!capabilities.diagnosticProvider) throw new Error('the server does not announce pull diagnostics (diagnosticProvider)');
    if (warmEdits > 0) {
      const other = path.join(nova, 'virt', 'libvirt', 'driver.py');
      await typeInto(client, other, planEdits(fs.readFileSync(other, 'utf8'), warmEdits));
    }
    // The edits are chosen before the timed loop: choosing one scans the whole text, and the garbage that makes
    // in this process would otherwise be collected inside the timed intervals.
    const plan = planEdits(fs.readFileSync(file, 'utf8'), edits);
    // This process's own garbage (the plan above; in a full run also the corpus line count and ruff's checks) is
    // collected right before the timed keystrokes.
    const { lat, initialItems, unchanged } = await typeInto(client, file, plan, collectGarbage);
    return { p50: pct(lat, 50), p95: pct(lat, 95), max: Math.max(...lat), initialItems, unchanged };
  } finally {
    await client.close();
  }
}

/** A keystroke measure of (c): `keystrokes` with these arguments, as a round's measure. */
function keystrokeMeasure(key, serverJs, nova, edits, warmEdits = 0, rel = KEY_FILE, env = {}) {
  const label = `keystrokes in ${rel}${warmEdits ? ` after ${warmEdits} in another file` : ''}${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
  return { key, label, measure: () => keystrokes(serverJs, nova, edits, warmEdits, rel, env) };
}

/**
 * The (c) measures, `runs` rounds, each measure once per round with a fresh server (the same edits every time), so
 * that a drift in the machine's speed hits every row alike (run one row after the other, a full run once measured
 * 8.2-12.5 ms for one row and 7.5-9.7 ms for the next, which an interleaved comparison of the same two reversed).
 * Per measure, by key: the run with the median p95, plus every run's p95 in round order. One run's p95 is its
 * 10th-worst keystroke of 200, so it moves by a few ms from run to run.
 */
async function keystrokeRounds(measures, runs) {
  const out = {};
  for (const [k, xs] of (await inRounds(measures, runs)).entries()) {
    const m = measures[k];
    log(`${m.label}: ${xs.map((x) => `p50 ${ms1(x.p50)} p95 ${ms1(x.p95)} max ${fmtMs(x.max)}${m.detail?.(x) ?? ''}`).join('; ')}`);
    out[m.key] = { ...medianBy(xs, (x) => x.p95), p95s: xs.map((x) => x.p95), all: xs };
  }
  return out;
}

/**
 * Runs every measure (`measure()`, sync or async) once per round, `runs` rounds, so that a drift in this VM's speed
 * (2x within minutes on the machines this was written on) hits all of them alike. Round i starts at measure i (mod
 * their number), so that no measure always runs first in its round (in runs D and F the first keystroke row was
 * the slower of a pair in 9 of 10 rounds, which alternating runs outside the benchmark did not show). Per measure,
 * its results in round order (undefined where it skipped a round).
 */
async function inRounds(measures, runs) {
  const all = measures.map(() => []);
  const n = measures.length;
  for (let i = 0; i < Math.max(1, runs); i++) {
    for (let j = 0; j < n; j++) {
      const k = (i + j) % n;
      all[k][i] = await measures[k].measure();
    }
  }
  return all;
}

/** The result with the median `value` among those made (skipped rounds left out). */
function medianBy(xs, value) {
  const sorted = xs.filter((x) => x).sort((a, b) => value(a) - value(b));
  return sorted[(sorted.length - 1) >> 1];
}

/** The pause between keystrokes typed during a workspace scan (ms). */
const SCAN_TYPING_GAP_MS = 20;

/**
 * Keystrokes in compute/manager.py while "Vigil: Scan Workspace" runs on Nova from an empty cache (fresh server;
 * the scan starts 1 s before the first timed keystroke, and each keystroke is followed by a 20 ms pause).
 * `scanMs`: how long the scan took; `overlap`: whether it was still running after the last keystroke.
 */
async function keystrokesDuringScan(serverJs, nova, edits) {
  const file = path.join(nova, KEY_FILE);
  // The server keeps its scan cache under the temporary directory (lsp/workspaceScan.ts): a fresh one per run, so
  // that the scan analyses everything.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-scan-'));
  const { client } = await startServer(serverJs, nova, { TMPDIR: tmp });
  try {
    const plan = planEdits(fs.readFileSync(file, 'utf8'), edits);
    let scan;
    let scanEnd;
    let t0;
    const { lat } = await typeInto(
      client,
      file,
      plan,
      async () => {
        collectGarbage();
        t0 = performance.now();
        scan = client.request('vigil/scanWorkspace', {}).then((r) => ((scanEnd = performance.now()), r));
        await new Promise((r) => setTimeout(r, 1000));
      },
      SCAN_TYPING_GAP_MS,
    );
    const overlap = scanEnd === undefined;
    const result = await scan;
    if (!(result?.files > 1000)) throw new Error(`the workspace scan reported ${result?.files} files`);
    return { p50: pct(lat, 50), p95: pct(lat, 95), max: Math.max(...lat), scanMs: scanEnd - t0, overlap };
  } finally {
    await client.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A `keystrokeRounds` result as the table's other (c) rows show it. */
function latencies(k) {
  return `p50 ${ms1(k.p50)}, p95 ${ms1(k.p95)}${k.p95s.length > 1 ? ` (median-p95 run; each run: ${k.p95s.map(ms1).join(', ')})` : ''}`;
}

/** The (c) measure of keystrokes during a workspace scan. */
function scanKeystrokeMeasure(serverJs, nova, edits) {
  return {
    key: 'scanKeys',
    label: 'keystrokes during a workspace scan',
    measure: () => keystrokesDuringScan(serverJs, nova, edits),
    detail: (k) => ` scan ${fmtMs(k.scanMs)}${k.overlap ? '' : ' (ended first)'}`,
  };
}

/** Every (c) row's measure, in table order (the environment switches some off). */
function keystrokeMeasures(serverJs, nova, edits, warmEdits) {
  return [
    keystrokeMeasure('keys', serverJs, nova, edits),
    ...(COLD_KEYS ? [keystrokeMeasure('coldKeys', serverJs, nova, edits, 0, KEY_FILE, NO_WARMUP)] : []),
    ...(warmEdits > 0 ? [keystrokeMeasure('warmKeys', serverJs, nova, edits, warmEdits)] : []),
    ...(FINDINGS_FILE ? [keystrokeMeasure('findingsKeys', serverJs, nova, edits, 0, FINDINGS_FILE)] : []),
    ...(FINDINGS_FILE && PYTEST_KEYS ? [keystrokeMeasure('pytestKeys', serverJs, nova, edits, 0, pytestStyleFile(nova))] : []),
    ...(SCAN_KEYS ? [scanKeystrokeMeasure(serverJs, nova, edits)] : []),
  ];
}

/** User + system CPU of a process so far, all its threads (ms), from /proc/PID/stat. */
function processCpuMs(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/**
 * (b) in the language server: "Vigil: Scan Workspace" (`vigil/scanWorkspace`) on Nova in a fresh server with an empty
 * cache, then again in the same server with nothing changed, as after a change to the configuration or a file on
 * disk (server.ts `rescanSoon`). Wall time of each request and the server process's CPU (all threads) during it.
 */
async function serverRescan(serverJs, nova) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-rescan-'));
  const { client } = await startServer(serverJs, nova, { TMPDIR: tmp });
  try {
    const scan = async () => {
      const cpu0 = processCpuMs(client.proc.pid);
      const t0 = performance.now();
      const r = await client.request('vigil/scanWorkspace', {});
      const ms = performance.now() - t0;
      if (!(r?.files > 1000)) throw new Error(`the workspace scan reported ${r?.files} files`);
      return { ms, cpu: processCpuMs(client.proc.pid) - cpu0 };
    };
    const first = await scan();
    const again = await scan();
    return { ms: again.ms, cpu: again.cpu, first };
  } finally {
    await client.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function serverRss(serverJs, nova) {
  const files = walkPy(nova)
    .map((f) => ({ f, size: fs.statSync(f).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 20);
  const { client } = await startServer(serverJs, nova);
  try {
    const before = client.rssMb();
    for (const { f } of files) {
      const uri = `file://${f}`;
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(f, 'utf8') } });
      await client.request('textDocument/diagnostic', { textDocument: { uri } });
    }
    await new Promise((r) => setTimeout(r, 500));
    return { idle: before, open: client.rssMb(), files: files.length };
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  // A keystroke run's p95 moves by several ms from run to run (its 10th-worst keystroke): more runs for the median.
  const keyRuns = Number(process.env.BENCH_KEY_RUNS ?? Math.max(runs, 5));
  const edits = Number(process.env.BENCH_EDITS ?? 200);
  const warmEdits = Number(process.env.BENCH_WARM_EDITS ?? 100);
  const m = machine();
  log(`machine: ${m.nproc} cores, ${m.model}, ${m.ramGb} GB, node ${m.node}, load ${m.load}`);

  // Corpus.
  const corpusDir = path.resolve(ROOT, process.env.VIGIL_BENCH_CORPUS ?? '.bench/corpus');
  const corpusSh = path.resolve(ROOT, '..', 'shared', 'tools', 'corpus.sh');
  if (!fs.existsSync(path.join(corpusDir, 'nova'))) {
    if (!fs.existsSync(corpusSh)) throw new Error(`no corpus in ${corpusDir} and no ${corpusSh}`);
    log(`fetching Nova with ${corpusSh} ${corpusDir} nova`);
    execFileSync('bash', [corpusSh, corpusDir, 'nova'], { stdio: 'inherit' });
  } else execFileSync('bash', [corpusSh, corpusDir, 'nova'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const nova = path.join(corpusDir, 'nova');
  const novaFiles = walkPy(nova);
  const novaLines = novaFiles.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
  log(`Nova: ${novaFiles.length} files, ${novaLines} lines`);

  // Build.
  // Build, then measure a private copy: others rebuilding dist/ mid-run must not change what is measured
  // (nor invalidate the warm cache, which is keyed by the bundle's hash).
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dist = path.join(ROOT, '.bench', 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
  const cli = path.join(dist, 'cli.js');
  const serverJs = path.join(dist, 'server.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing after the build');

  const cacheDir = path.join(ROOT, '.bench', 'cache');
  const vigilArgs = [cli, 'scan', nova, '-f', 'json', '-o', '/dev/null'];
  const rows = [];
  /**
   * Timed measures (`measure()` returning {ms, cpu}, or undefined to skip a round) in `runs` rounds; per measure,
   * the run with the median wall time plus every run in round order (`rounds`).
   */
  const measureRounds = async (measures) =>
    (await inRounds(measures, runs)).map((xs, k) => {
      log(`${measures[k].label}: ${xs.map((x) => (x ? `${fmtMs(x.ms)} (cpu ${fmtMs(x.cpu)})` : 'skipped')).join(', ')}`);
      return { ...medianBy(xs, (x) => x.ms), rounds: xs };
    });
  /** Runs `measure` (returning {ms, cpu}) `runs` times: the run with the median wall time. */
  const measure = async (label, fn) => (await measureRounds([{ label, measure: fn }]))[0];

  if (process.env.BENCH_ONLY === 'rescan') {
    const r = await measure('server re-scan', () => serverRescan(serverJs, nova));
    console.log({ again: { ms: r.ms, cpu: r.cpu }, first: r.first });
    return;
  }
  const serverOnly = process.env.BENCH_ONLY === 'server';
  if (serverOnly) {
    const c = await keystrokeRounds(keystrokeMeasures(serverJs, nova, edits, warmEdits), keyRuns);
    const rss = await serverRss(serverJs, nova);
    console.log({ ...c, rss });
    return;
  }
  // (a) cold, interleaved: round i runs every measure once, so that a drift in this VM's speed (it changes by 2x
  // within minutes on the machines this was written on) hits all of them alike, and the ratios of one round compare
  // runs made within a minute of each other.
  let ruffCount = '';
  const coldMeasures = [
    { key: 'cold', label: 'vigil cold', measure: () => timed(process.execPath, [...vigilArgs, '--no-cache'], { okCodes: [0, 1] }) },
    ...(process.env.BENCH_SKIP_JOBS1 === '1' ? [] : [{ key: 'cold1', label: 'vigil cold --jobs 1', measure: () => timed(process.execPath, [...vigilArgs, '--no-cache', '--jobs', '1'], { okCodes: [0, 1] }) }]),
    {
      key: 'ruff',
      label: 'ruff-wasm S',
      measure: () => {
        const r = timed(process.execPath, [fileURLToPath(import.meta.url), '--ruff-scan', nova]);
        ruffCount = r.stdout.trim();
        return r;
      },
    },
    {
      key: 'floor',
      label: `web-tree-sitter parse only, ${os.availableParallelism()} processes`,
      measure: () =>
        timed('sh', ['-c', 'i=0; pids=; while [ $i -lt "$3" ]; do "$0" "$1" --parse-only "$2" $i "$3" & pids="$pids $!"; i=$((i+1)); done; for p in $pids; do wait $p || exit 1; done', process.execPath, fileURLToPath(import.meta.url), nova, String(os.availableParallelism())]),
    },
  ];
  // Bandit is a round's measure too (BENCH_BANDIT_RUNS=1: only in the first round), so that its ratio compares runs
  // made within minutes of each other.
  const banditRuns = Number(process.env.BENCH_BANDIT_RUNS ?? runs);
  if (process.env.BENCH_SKIP_BANDIT !== '1' && spawnSync('bandit', ['--version']).status === 0) {
    let round = 0;
    coldMeasures.push({
      key: 'bandit',
      label: 'bandit',
      measure: () => (round++ < banditRuns ? timed('bandit', ['-q', '-r', nova, '-f', 'json', '-o', '/dev/null'], { okCodes: [0, 1] }) : undefined),
    });
  }
  const coldResults = await measureRounds(coldMeasures);
  const result = (key) => coldResults[coldMeasures.findIndex((m) => m.key === key)];
  const [coldR, cold1R, ruffR, floorR, banditR] = [result('cold'), result('cold1'), result('ruff'), result('floor'), result('bandit')];
  /** `a`'s wall time over `b`'s in each round where both ran, in round order. */
  const perRound = (a, b, digits = 2) =>
    a.rounds
      .map((x, i) => (x && b.rounds[i] ? (x.ms / b.rounds[i].ms).toFixed(digits) : undefined))
      .filter((r) => r !== undefined)
      .join(', ');
  // (b) warm: fill the cache once (that report gives Vigil's finding count), then re-scan unchanged.
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const report = path.join(ROOT, '.bench', 'vigil-nova.json');
  timed(process.execPath, [cli, 'scan', nova, '-f', 'json', '-o', report], { env: { VIGIL_CACHE_DIR: cacheDir }, okCodes: [0, 1] });
  let vigilCount = '';
  try {
    vigilCount = String(JSON.parse(fs.readFileSync(report, 'utf8')).results?.length ?? '');
  } catch {}
  const warmR = await measure('vigil warm', () => timed(process.execPath, vigilArgs, { env: { VIGIL_CACHE_DIR: cacheDir }, okCodes: [0, 1] }));
  const serverWarmR = fs.existsSync(serverJs) ? await measure('server re-scan', () => serverRescan(serverJs, nova)) : undefined;
  const [cold, cold1, ruff, bandit, warm] = [coldR.ms, cold1R?.ms, ruffR.ms, banditR?.ms, warmR.ms];
  const cpu = (r) => (r && Number.isFinite(r.cpu) ? fmtMs(r.cpu) : 'n/a');
  const cpuRatio = (a, b) => (a && b && Number.isFinite(a.cpu) && Number.isFinite(b.cpu) ? (a.cpu / b.cpu).toFixed(2) : 'n/a');

  // (c) keystrokes and (d) RSS through the real server.
  let keys;
  let keysError;
  let coldKeys;
  let warmKeys;
  let findingsKeys;
  let pytestKeys;
  let scanKeys;
  let rss;
  let rssError;
  const ruffWs = (() => {
    const r = require('@astral-sh/ruff-wasm-nodejs');
    return new r.Workspace({ lint: { select: ['S'] } }, r.PositionEncoding.Utf16);
  })();
  const managerSrc = fs.readFileSync(path.join(nova, 'compute', 'manager.py'), 'utf8');
  ruffWs.check(managerSrc); // warm-up
  const ruffFile = median(
    Array.from({ length: 5 }, () => {
      const t0 = performance.now();
      ruffWs.check(managerSrc);
      return performance.now() - t0;
    }),
  );
  if (fs.existsSync(serverJs)) {
    try {
      ({ keys, coldKeys, warmKeys, findingsKeys, pytestKeys, scanKeys } = await keystrokeRounds(keystrokeMeasures(serverJs, nova, edits, warmEdits), keyRuns));
      if (scanKeys) scanKeys.allOverlap = scanKeys.all.every((k) => k.overlap);
    } catch (e) {
      keysError = e.message;
    }
    try {
      rss = await serverRss(serverJs, nova);
      log(`rss: ${rss.open.toFixed(0)} MB with ${rss.files} files open (idle ${rss.idle.toFixed(0)} MB)`);
    } catch (e) {
      rssError = e.message;
    }
  } else keysError = rssError = 'dist/server.js does not exist';

  const ok = (b) => (b ? 'met' : '**missed**');
  rows.push(['(a) cold scan of Nova, whole process, no cache (all cores)', fmtMs(cold), cpu(coldR), `${(cold / ruff).toFixed(2)}× ruff-wasm (CPU ${cpuRatio(coldR, ruffR)}×; each round: ${perRound(coldR, ruffR)}); ${bandit ? `${(bandit / cold).toFixed(1)}× faster than Bandit (each round: ${perRound(banditR, coldR, 1)})` : 'Bandit not run'}`, `≤ 0.6× ruff: ${ok(cold <= 0.6 * ruff)}; ≥ 12× Bandit: ${bandit ? ok(bandit / cold >= 12) : 'n/a'}`]);
  if (cold1R) rows.push(['(a) cold scan, `--jobs 1`', fmtMs(cold1), cpu(cold1R), `${(cold1 / ruff).toFixed(2)}× ruff-wasm (CPU ${cpuRatio(cold1R, ruffR)}×; each round: ${perRound(cold1R, ruffR)}); all cores are ${(cold1 / cold).toFixed(2)}× faster`, '']);
  rows.push(['(a) Ruff S rules via ruff-wasm (one thread, file by file)', fmtMs(ruff), cpu(ruffR), '1.00×', '']);
  rows.push([
    `(a) floor: web-tree-sitter only parses Nova (${os.availableParallelism()} processes, each a share of the files; no rules)`,
    fmtMs(floorR.ms),
    cpu(floorR),
    `${(floorR.ms / ruff).toFixed(2)}× ruff-wasm (each round: ${perRound(floorR, ruffR)})`,
    'no scan that parses with web-tree-sitter can be faster',
  ]);
  rows.push(['(a) Bandit 1.6.2 (Debian) `bandit -r nova -f json`', bandit ? fmtMs(bandit) : 'not run', cpu(banditR), bandit ? `${(bandit / ruff).toFixed(2)}× ruff-wasm (CPU ${cpuRatio(banditR, ruffR)}×); Vigil CPU is ${cpuRatio(banditR, coldR)}× less` : '', '']);
  rows.push(['(b) warm re-scan with the cache, nothing changed', fmtMs(warm), cpu(warmR), `${(warm / cold).toFixed(3)}× cold`, `≤ 0.1× cold: ${ok(warm <= 0.1 * cold)}`]);
  if (serverWarmR) {
    rows.push([
      '(b) the same in the language server: "Vigil: Scan Workspace" again, nothing changed (as after a change to the configuration or to a file on disk)',
      fmtMs(serverWarmR.ms),
      cpu(serverWarmR),
      `${(serverWarmR.ms / serverWarmR.first.ms).toFixed(3)}× that server's first scan (empty cache: ${fmtMs(serverWarmR.first.ms)}, CPU ${cpu(serverWarmR.first)})`,
      `≤ 0.1× cold: ${ok(serverWarmR.ms <= 0.1 * serverWarmR.first.ms)}`,
    ]);
  }
  rows.push([
    `(c) keystroke → pull diagnostics, compute/manager.py (${edits} edits)`,
    keys ? `p50 ${ms1(keys.p50)}, p95 ${ms1(keys.p95)}${keys.p95s.length > 1 ? ` (run with the median p95 of ${keys.p95s.length}; p95 of each run: ${keys.p95s.map(ms1).join(', ')})` : ''}` : `not measured: ${keysError}`,
    '',
    keys ? `p95 = ${(keys.p95 / ruffFile).toFixed(2)}× one ruff-wasm check (${fmtMs(ruffFile)})` : `one ruff-wasm check: ${fmtMs(ruffFile)}`,
    keys ? `p95 ≤ 10 ms: ${ok(keys.p95 <= 10)}${keys.p95s.length > 1 ? ` in the median run; ${keys.p95s.filter((x) => x > 10).length} of ${keys.p95s.length} runs over 10 ms` : ''}` : '',
  ]);
  if (coldKeys) {
    rows.push([
      '(c) the same in servers without the start-up warm-up (`VIGIL_WARMUP_STEPS=0`)',
      latencies(coldKeys),
      '',
      `p95 = ${(coldKeys.p95 / ruffFile).toFixed(2)}× one ruff-wasm check`,
      'not the target measure',
    ]);
  }
  if (warmKeys) {
    rows.push([
      `(c) the same, after ${warmEdits} untimed keystrokes in virt/libvirt/driver.py (a server that has been used)`,
      latencies(warmKeys),
      '',
      `p95 = ${(warmKeys.p95 / ruffFile).toFixed(2)}× one ruff-wasm check`,
      'not the target measure',
    ]);
  }
  if (findingsKeys) {
    rows.push([
      `(c) the same in ${FINDINGS_FILE} (${findingsKeys.initialItems} diagnostics, among them fixes that add \`import os\`; ${findingsKeys.unchanged} of ${edits} answers "unchanged")`,
      latencies(findingsKeys),
      '',
      '',
      'not the target measure',
    ]);
  }
  if (pytestKeys) {
    rows.push([
      `(c) the same in a pytest-style copy of ${FINDINGS_FILE} (its \`self.assertX(\` lines made \`assert (\`: ${pytestKeys.initialItems} diagnostics, most of them B101 with a fix; ${pytestKeys.unchanged} of ${edits} answers "unchanged")`,
      latencies(pytestKeys),
      '',
      '',
      'not the target measure',
    ]);
  }
  if (scanKeys) {
    rows.push([
      `(c) the same in ${KEY_FILE} while "Vigil: Scan Workspace" scans Nova (empty cache; ${SCAN_TYPING_GAP_MS} ms pause after each keystroke)`,
      `${latencies(scanKeys)}; the scan took ${fmtMs(scanKeys.scanMs)}${scanKeys.allOverlap ? ' and was still running after the last keystroke in every run' : '; in some run it ended before the last keystroke'}`,
      '',
      '',
      'issue: the scan never blocks typing',
    ]);
  }
  rows.push([
    '(d) server RSS, 20 largest Nova files open',
    rss ? `${rss.open.toFixed(0)} MB` : `not measured: ${rssError}`,
    '',
    rss ? `idle after initialize: ${rss.idle.toFixed(0)} MB` : '',
    rss ? `≤ 200 MB: ${ok(rss.open <= 200)}` : '',
  ]);

  const table = ['| Measure | Wall | CPU (user+sys) | Ratio | Target |', '|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  console.log(table);
  console.log(`\nfindings on Nova: Vigil ${vigilCount || '?'} (Bandit ids), ruff-wasm S ${ruffCount || '?'}`);

  if (process.env.BENCH_NO_WRITE !== '1') {
    const doc = `# Benchmarks

Generated by \`npm run bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}. Every number and ratio
below comes from the same run. Wall times are medians of ${runs} runs${bandit ? ` (Bandit: ${banditR.rounds.filter((x) => x).length})` : ''}; the CPU column is the
user + system time of that run summed over all threads (\`/usr/bin/time\`), which is less sensitive than wall time to
other processes competing for the cores. The cold-scan measures of (a), Bandit's included, run interleaved, one of
each per round, so that a change in the machine's speed during the run affects them alike; "each round" lists the
ratio of the two runs made in the same round.

## Machine

- CPU: ${m.model}, ${m.nproc} cores (\`nproc\`)
- RAM: ${m.ramGb} GB
- Node.js ${m.node}, ${m.os}
- Load average when the run started: ${m.load} (a load above the core count means other processes competed for the cores during the run, which inflates the
  wall times; the CPU column and the CPU ratios are the fairer comparison then)

## Corpus

OpenStack Nova (python3-nova from Debian, fetched by \`../shared/tools/corpus.sh\`): ${novaFiles.length} files,
${novaLines.toLocaleString('en-US')} lines.

## Results

${table}

Findings on Nova in this run: Vigil ${vigilCount || '?'} (Bandit's rule set), Ruff's \`S\` rules ${ruffCount || '?'}.

## How each number is measured

- **(a) cold**: \`node dist/cli.js scan nova -f json -o /dev/null --no-cache\` as a whole process (start-up,
  grammar load in every worker, discovery, analysis, report), default \`--jobs\` = all cores. **Ruff**: a Node
  process that loads \`@astral-sh/ruff-wasm-nodejs\` ${'`'}Workspace${'`'} with \`lint.select = ["S"]\`, reads every file and
  checks it, one at a time, in one thread. **Floor**: one Node process per core, each parsing its share of
  Nova's files (every N-th) with web-tree-sitter and \`tree-sitter-python.wasm\` and nothing else, all at once, timed
  from the first start to the last exit; the fixed design parses with this library, so this is the lower bound
  of any cold scan here. **Bandit**: \`bandit -q -r nova -f json -o /dev/null\`.
- **(b) warm**: the same CLI command with the cache (\`VIGIL_CACHE_DIR=.bench/cache\`) after one run filled it.
  **In the server**: \`dist/server.js --stdio\` with Nova as its workspace folder and a fresh temporary directory (where it
  keeps its scan cache) receives \`vigil/scanWorkspace\` twice, as "Vigil: Scan Workspace" sends it; the row times the
  second request, which finds nothing changed (the server makes the same scan after a change to its configuration or,
  in \`workspace\` mode, to a file on disk). CPU: the server process's user + system time during the request
  (\`/proc/PID/stat\`, all threads).
- **(c) keystroke**: \`dist/server.js --stdio\`; \`compute/manager.py\` open; ${edits} single-character edits (alternately
  typing and deleting a character) at seeded random identifier positions, each sent as an incremental
  \`didChange\` followed by a \`textDocument/diagnostic\` pull; the latency is from sending the change to the
  pull's answer. Each pull names the result id of the previous answer, as VS Code's client does, so the server
  answers "unchanged" when no diagnostic moved (runs before V pulled without it and got full reports every time).
  The edits are chosen before the timed loop (the same seeded edits every run). The whole
  measurement runs ${keyRuns} times, each with a fresh server, which gets the file opened, answers the first pull and
  then idles for ${OPEN_PAUSE_MS} ms (as a user reads before typing) before the first timed edit; the table shows
  the run with the median p95 and every run's p95 (a p95 of 200 keystrokes is the 10th-slowest one, so it moves by
  a few ms between runs). The runs of all (c) rows are interleaved like the cold scans: round i makes one run of
  each row, so the rows compare runs made within a minute or two of each other. The comparison is one full ruff-wasm check of the same file in this process (median of 5).
  A server types a few hundred keystrokes into a small sample of its own when it starts (server/src/lsp/warmup.ts),
  one per turn of its event loop, so that the user's first keystrokes run optimised code; it usually ends during the
  ${OPEN_PAUSE_MS} ms pause. The second (c) row repeats the first in servers started with \`VIGIL_WARMUP_STEPS=0\`
  (no warm-up). The third (c) row repeats the measurement in servers that first received ${warmEdits} untimed keystrokes (same
  method) in another large file, \`virt/libvirt/driver.py\`, and closed it: comparing it with the first row shows how much of
  the first is the price of a fresh server. The fourth (c) row
  repeats the first in \`${FINDINGS_FILE || '(skipped)'}\`, a large test file with findings, some of whose fixes
  (read the secret from \`os.environ\`, add \`import os\`) depend on the whole file: manager.py has no findings, so
  the first row never shows what re-checking such findings costs. The fifth (c) row types into a pytest-style copy of
  that file, written to \`.bench/pytest-style/\` (each line starting with \`self.assertEqual(\`, \`self.assertTrue(\`,
  ... starts with \`assert (\` instead): Nova's tests are unittest-style, but most Python projects' tests are
  pytest-style, with an assert statement, a B101 finding with a fix, every few lines; every keystroke's answer then
  carries several hundred diagnostics. The sixth (c) row types into manager.py while
  the server's workspace scan (\`vigil/scanWorkspace\`, as "Vigil: Scan Workspace" sends it) analyses Nova from an
  empty cache on its worker threads; the scan starts 1 s before the first timed keystroke and each keystroke is
  followed by a ${SCAN_TYPING_GAP_MS} ms pause, so that the scan runs during the keystrokes. The target is the first
  row's.
- **(d) RSS**: \`VmRSS\` of the server process after opening Nova's 20 largest files and pulling their diagnostics.

Re-run with \`npm run bench\` (set \`VIGIL_BENCH_CORPUS=/work/corpus\` to reuse an unpacked corpus).
`;
    fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), doc);
    log('wrote docs/benchmarks.md');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
