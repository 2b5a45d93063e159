// The fuzzer shared by `npm run fuzz` (scripts/fuzz.ts, full size) and test/fuzz.test.ts (short): seeded
// mutations of real Python files plus random edit sequences, applied
//  - in-process through the server's own DocumentStore (tree.edit + reparse with the old tree): the incremental
//    tree must print exactly as a fresh parse and its findings equal a from-scratch analysis;
//  - through the REAL server over stdio (dist/server.js): every request answered, none slower than the latency
//    bound, the server alive, and the pull diagnostics of the edited document equal those of the same text
//    opened as a fresh document.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../../server/src/lsp/documents';
import { analyzeSource } from '../../server/src/engine/analyze';
import { wasmHeapBytes } from '../../server/src/engine/parser';
import type { Engine } from '../../server/src/engine/engine';
import type { Tree } from '../../server/src/engine/parser';
import { RawLspClient } from './lsp-client';
import { rng } from './random';


type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** Tokens inserted by mutations: brackets, quotes, indentation, line breaks, risky calls, non-ASCII. */
export const TOKENS = [
  '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", ':', ',', '.', '\\', '#', '=', '\n', '\n    ', '    ', '\t',
  '\r\n', '\r', 'é', '😀', '\u202E', 'def ', 'class ', 'lambda', 'return ', 'if x:\n    ', 'else:', 'try:\n', 'except:\n',
  'f"{', '}"', 'b"', 'r"', 'x', 'foo', ' ', '0x1f', '1e5', 'yield', 'async ', 'await ', '@dec\n', '# nosec', '  # nosec B506',
  '# noqa: S307', 'eval(s)', 'exec(code)\n', 'import pickle\n', 'import subprocess\n', 'from yaml import load\n',
  'yaml.load(f)', 'pickle.loads(b)', 'subprocess.call(cmd, shell=True)', 'os.system(c)', 'password = "hunter2"\n',
  'hashlib.md5(x)', 'requests.get(u, verify=False)', 'assert x\n', 'tempfile.mktemp()', "cursor.execute('SELECT %s' % q)",
  'app.run(debug=True)', 'random.random()', '0.0.0.0', '"/tmp/x"',
];

/** An edit on UTF-16 offsets of the current text. */
export interface TextEditOp {
  start: number;
  end: number;
  text: string;
}

function lineStarts(text: string): number[] {
  const s = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) s.push(i + 1);
  return s;
}

/** One random edit of `text` (line operations, token insertions, deletions, replacements, truncation). */
export function randomEdit(text: string, r: Rand): TextEditOp {
  const n = text.length;
  const at = () => int(r, n + 1);
  const k = r();
  if (k < 0.3) {
    const p = at();
    return { start: p, end: p, text: pick(r, TOKENS) };
  }
  if (k < 0.45) {
    const p = at();
    return { start: p, end: Math.min(n, p + 1 + int(r, 40)), text: '' };
  }
  if (k < 0.55) {
    const p = at();
    return { start: p, end: Math.min(n, p + int(r, 10)), text: pick(r, TOKENS) + (r() < 0.5 ? pick(r, TOKENS) : '') };
  }
  const starts = lineStarts(text);
  const li = int(r, starts.length);
  const ls = starts[li]!;
  const le = starts[li + 1] ?? n;
  if (k < 0.68) return { start: ls, end: le, text: '' }; // delete a line
  if (k < 0.8) return { start: ls, end: ls, text: text.slice(ls, le) + (le === n ? '\n' : '') }; // duplicate a line
  if (k < 0.9 && li + 1 < starts.length) {
    // swap with the next line
    const ne = starts[li + 2] ?? n;
    const a = text.slice(ls, le);
    let b = text.slice(le, ne);
    if (!b.endsWith('\n')) b += '\n';
    return { start: ls, end: ne, text: b + (ne === n && a.endsWith('\n') ? a.slice(0, -1) : a) };
  }
  if (k < 0.97) {
    // indent or dedent a line
    return r() < 0.5 ? { start: ls, end: ls, text: '    ' } : { start: ls, end: Math.min(le, ls + int(r, 5)), text: '' };
  }
  // truncate
  const p = at();
  return { start: p, end: n, text: '' };
}

export function applyOp(text: string, e: TextEditOp): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

/** A mutated version of a real file: a random window of its lines, then a few random edits. */
export function mutateFile(source: string, r: Rand, maxLines: number): string {
  const lines = source.split('\n');
  const len = Math.min(lines.length, 1 + int(r, maxLines));
  const from = int(r, lines.length - len + 1);
  let text = lines.slice(from, from + len).join('\n');
  const nMut = int(r, 4);
  for (let i = 0; i < nMut; i++) text = applyOp(text, randomEdit(text, r));
  return text;
}

/** Python files of the corpus directories (sorted, so a seed reproduces), or the repo's fixtures as a fallback. */
/**
 * The command line of a fuzz script (scripts/fuzz.ts, scripts/typing-fuzz.ts): `--seed N` (default: from the time
 * and pid, printed so that the run can be reproduced), `--corpus DIR` (repeatable), and the script's own numeric
 * options and flags. An unknown option is an error.
 */
export function fuzzArgs(argv: readonly string[], numbers: readonly string[], flags: readonly string[] = []): { seed: number; corpus: string[]; number(name: string, fallback: number): number; flag(name: string): boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      ...Object.fromEntries(numbers.map((n) => [n, { type: 'string' as const }])),
      ...Object.fromEntries(flags.map((n) => [n, { type: 'boolean' as const }])),
    },
  });
  const v = values as Record<string, string | string[] | boolean | undefined>;
  return {
    seed: v.seed !== undefined ? Number(v.seed) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0,
    corpus: ((v.corpus as string[] | undefined) ?? []).map((d) => path.resolve(d)),
    number: (name, fallback) => (v[name] !== undefined ? Number(v[name]) : fallback),
    flag: (name) => v[name] === true,
  };
}

export function corpusFiles(dirs: readonly string[], fallbackRoot: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  if (out.length === 0) walk(fallbackRoot);
  return out;
}

export interface FuzzOptions {
  seed: number;
  documents: number;
  /** Total edits across all documents (spread randomly). */
  edits: number;
  /** Corpus directories (default /work/corpus/{nova,django,stdlib}); the repo's rules/ when none exist. */
  corpus?: string[];
  repoRoot: string;
  /** Lines of a file taken as one document (a random window up to this size). */
  maxLines?: number;
  /** The real server over stdio (skipped when the bundle does not exist). */
  server?: boolean;
  serverScript?: string;
  /** In-process DocumentStore + engine checks. */
  engine?: Engine;
  /** Latency bound per request (ms). */
  maxLatencyMs?: number;
  log?: (s: string) => void;
  /** Where to write reproducers of mismatches. */
  reproDir?: string;
}

export interface FuzzReport {
  seed: number;
  documents: number;
  edits: number;
  checks: number;
  /** Server checks where the document had at least one diagnostic (the comparison is not vacuous). */
  checksWithDiagnostics: number;
  /** Of those, the checks whose code actions (fixes, suppressions) were compared too, and how many actions. */
  actionChecks: number;
  actionsCompared: number;
  requests: number;
  maxLatencyMs: number;
  maxLatencyMethod: string;
  slowRequests: number;
  unanswered: number;
  serverCrashed: boolean;
  /** In-process checks where the incremental tree of a text with a syntax error differed from a fresh parse. */
  diverged: number;
  /** Differences incremental vs fresh (server pull diagnostics, in-process trees/findings). */
  mismatches: string[];
  rssBefore: number;
  rssAfter: number;
  serverRssBefore?: number;
  serverRssAfter?: number;
  heapBefore?: number;
  heapAfter?: number;
  ms: number;
}

function procRss(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Diag {
  range: unknown;
  severity?: number;
  code?: unknown;
  message: string;
  data?: unknown;
}

/** A diagnostic as compared between two documents of the same text. */
function comparable(d: Diag): string {
  return JSON.stringify({ range: d.range, severity: d.severity, code: d.code, message: d.message, data: d.data });
}

/** Every node's type, offsets and row/column positions in document order (toString() has no positions). */
export function treeSignature(tree: Tree): string {
  const c = tree.walk();
  const out: string[] = [];
  try {
    for (;;) {
      const sp = c.startPosition;
      const ep = c.endPosition;
      out.push(`${c.nodeType}${c.nodeIsMissing ? '!' : ''}:${c.startIndex}-${c.endIndex}@${sp.row}.${sp.column}-${ep.row}.${ep.column}`);
      if (c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) if (!c.gotoParent()) return out.join(' ');
    }
  } finally {
    c.delete();
  }
}

const MB = (n: number | undefined) => (n === undefined ? '?' : `${(n / 1048576).toFixed(1)} MB`);

/** The share of server checks with diagnostics whose code actions are compared too. */
const ACTION_CHECK_SHARE = 0.5;

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const log = o.log ?? (() => undefined);
  const r = rng(o.seed);
  const maxLines = o.maxLines ?? 300;
  const bound = o.maxLatencyMs ?? 2_000;
  const files = corpusFiles(o.corpus ?? ['/work/corpus/nova', '/work/corpus/django', '/work/corpus/stdlib'], path.join(o.repoRoot, 'rules'));
  if (files.length === 0) throw new Error('fuzz: no Python files found');
  const report: FuzzReport = {
    seed: o.seed,
    documents: 0,
    edits: 0,
    checks: 0,
    checksWithDiagnostics: 0,
    actionChecks: 0,
    actionsCompared: 0,
    diverged: 0,
    requests: 0,
    maxLatencyMs: 0,
    maxLatencyMethod: '',
    slowRequests: 0,
    unanswered: 0,
    serverCrashed: false,
    mismatches: [],
    rssBefore: process.memoryUsage().rss,
    rssAfter: 0,
    ms: 0,
  };
  /** The current document's initial text and didChange batches, written next to a reproducer. */
  let history: { initial: string; changes: { version: number; changes: unknown[] }[] } = { initial: '', changes: [] };
  const mismatch = (what: string, text: string) => {
    let where = '';
    if (o.reproDir) {
      fs.mkdirSync(o.reproDir, { recursive: true });
      const f = path.join(o.reproDir, `fuzz-${o.seed}-${report.mismatches.length}.py`);
      fs.writeFileSync(f, text);
      fs.writeFileSync(f.replace(/\.py$/, '.json'), JSON.stringify(history));
      where = ` (text in ${f}, edits in .json)`;
    }
    if (report.mismatches.length < 50) report.mismatches.push(`${what}${where}`);
    log(`MISMATCH ${what}${where}`);
  };

  // The server.
  const script = o.serverScript ?? path.join(o.repoRoot, 'dist', 'server.js');
  const client = o.server !== false && fs.existsSync(script) ? new RawLspClient({ script }) : undefined;
  if (client) {
    await client.initialize();
    // Warm up (grammar load, JIT) so the first document's latency is not the load time.
    client.open('file:///vigil-fuzz/warmup.py', 'import pickle\n');
    await client.pull('file:///vigil-fuzz/warmup.py', 60_000);
    client.close('file:///vigil-fuzz/warmup.py');
    report.serverRssBefore = procRss(client.child.pid);
  }
  const store = o.engine ? new DocumentStore((text, old) => o.engine!.parse(text, old)) : undefined;
  report.heapBefore = wasmHeapBytes();

  // Distribute edits over documents: each document gets a random share, the total is exact.
  const perDoc = new Array<number>(o.documents).fill(0);
  for (let i = 0; i < o.edits; i++) perDoc[int(r, o.documents)]!++;

  const pull = async (uri: string): Promise<Diag[] | undefined> => {
    if (!client || !client.alive) return undefined;
    try {
      const res = await client.pull(uri, Math.max(30_000, bound * 5));
      return (res.items ?? []) as Diag[];
    } catch (e) {
      report.unanswered++;
      log(`request failed: ${(e as Error).message}`);
      return undefined;
    }
  };

  /** The code actions for `diags` of the open document `uri`, as comparable strings (its uri and version left out). */
  const actions = async (uri: string, diags: Diag[]): Promise<string[] | undefined> => {
    if (!client || !client.alive) return undefined;
    try {
      const res = await client.request<{ title: string; kind?: string; edit?: { documentChanges?: { edits?: unknown[] }[] } }[]>(
        'textDocument/codeAction',
        { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: diags } },
        Math.max(30_000, bound * 5),
      );
      return (res ?? []).map((x) => JSON.stringify([x.title, x.kind, (x.edit?.documentChanges ?? []).map((c) => c.edits)])).sort();
    } catch (e) {
      report.unanswered++;
      log(`request failed: ${(e as Error).message}`);
      return undefined;
    }
  };

  // Its own generator: choosing which checks compare actions leaves the seed's edits as they were.
  const actionRng = rng(o.seed ^ 0x5eed);
  let freshId = 0;
  const check = async (uri: string, text: string, docIdx: number, step: number) => {
    report.checks++;
    if (store && o.engine) {
      const tree = store.getTree(uri);
      const fresh = o.engine.parse(text);
      try {
        const differ = !!tree && (tree.rootNode.toString() !== fresh.rootNode.toString() || treeSignature(tree) !== treeSignature(fresh));
        if (!tree) mismatch(`doc ${docIdx} step ${step}: DocumentStore returned no tree`, text);
        // A text with a syntax error: tree-sitter's error recovery after a reparse may build another tree than a
        // fresh parse (the server parses such a document again once idle, and the pull check below compares the
        // diagnostics). Counted, not a failure; without a syntax error there is one parse, and a difference is.
        else if (differ && fresh.rootNode.hasError) report.diverged++;
        else if (tree.rootNode.toString() !== fresh.rootNode.toString()) mismatch(`doc ${docIdx} step ${step}: incremental tree != fresh parse`, text);
        else if (treeSignature(tree) !== treeSignature(fresh)) {
          const again = o.engine.parse(text);
          const same = treeSignature(again) === treeSignature(fresh);
          again.delete();
          mismatch(`doc ${docIdx} step ${step}: incremental tree positions != fresh parse${same ? '' : ' (and two fresh parses differ)'}`, text);
          if (process.env.VIGIL_FUZZ_DEBUG) log(`inc   ${treeSignature(tree)}\nfresh ${treeSignature(fresh)}`);
        }
        else {
          const a = analyzeSource(o.engine, text, { filename: 'f.py', tree }).findings;
          const b = analyzeSource(o.engine, text, { filename: 'f.py', tree: fresh }).findings;
          if (JSON.stringify(a) !== JSON.stringify(b)) mismatch(`doc ${docIdx} step ${step}: incremental findings != fresh findings`, text);
        }
      } finally {
        fresh.delete();
      }
    }
    if (client) {
      const inc = await pull(uri);
      const freshUri = `file:///vigil-fuzz/fresh-${freshId++}.py`;
      client.open(freshUri, text, 1);
      const fr = await pull(freshUri);
      if (inc && fr) {
        if (fr.length > 0) report.checksWithDiagnostics++;
        const a = inc.map(comparable).sort();
        const b = fr.map(comparable).sort();
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          mismatch(`doc ${docIdx} step ${step}: server pull diagnostics (${a.length}) != fresh document (${b.length})`, text);
        } else if (fr.length > 0 && actionRng() < ACTION_CHECK_SHARE) {
          // The code actions come from each server document's own analysis: the same fixes and suppressions.
          const inA = await actions(uri, inc);
          const frA = await actions(freshUri, fr);
          if (inA && frA) {
            report.actionChecks++;
            report.actionsCompared += frA.length;
            if (JSON.stringify(inA) !== JSON.stringify(frA)) mismatch(`doc ${docIdx} step ${step}: code actions (${inA.length}) != fresh document's (${frA.length})`, text);
          }
        }
      }
      client.close(freshUri);
    }
  };

  for (let d = 0; d < o.documents; d++) {
    const file = pick(r, files);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      source = '';
    }
    let text = mutateFile(source, r, maxLines);
    const uri = `file:///vigil-fuzz/doc-${d}.py`;
    let version = 1;
    history = { initial: text, changes: [] };
    client?.open(uri, text, version);
    store?.open(uri, 'python', version, text);
    report.documents++;
    // LSP clients compute positions on the text before each change of a batch.
    let lspDoc = TextDocument.create(uri, 'python', version, text);
    let untilCheck = 1 + int(r, 5);
    for (let e = 0; e < perDoc[d]!; ) {
      const batch: { range: unknown; text: string }[] = [];
      const nb = r() < 0.2 ? 2 + int(r, 3) : 1;
      for (let b = 0; b < nb && e < perDoc[d]!; b++, e++) {
        const op = randomEdit(text, r);
        const change = { range: { start: lspDoc.positionAt(op.start), end: lspDoc.positionAt(op.end) }, text: op.text };
        batch.push(change);
        // The client's text is what LSP semantics make of the change (an offset inside a CRLF pair has no LSP
        // position and moves before the CR), so the model never drifts from what the server holds.
        lspDoc = TextDocument.update(lspDoc, [change], version);
        text = lspDoc.getText();
        report.edits++;
      }
      version += r() < 0.05 ? 2 : 1; // versions may skip
      history.changes.push({ version, changes: batch });
      client?.change(uri, version, batch);
      store?.change(uri, version, batch as never);
      if (--untilCheck <= 0) {
        untilCheck = 1 + int(r, 5);
        await check(uri, text, d, e);
      }
    }
    await check(uri, text, d, perDoc[d]!);
    client?.close(uri);
    store?.close(uri);
    if (client && !client.alive) {
      report.serverCrashed = true;
      mismatch(`server exited (code ${client.exitCode}, signal ${client.exitSignal}) after doc ${d}; stderr: ${client.stderr.slice(-2000)}`, text);
      break;
    }
    if ((d + 1) % 100 === 0) {
      const lat = client ? Math.max(0, ...client.latencies.map((l) => l.ms)) : 0;
      log(`${d + 1}/${o.documents} documents, ${report.edits} edits, max latency ${lat.toFixed(0)} ms, server RSS ${MB(procRss(client?.child.pid))}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }

  if (client) {
    for (const l of client.latencies) {
      if (l.ms > report.maxLatencyMs) {
        report.maxLatencyMs = l.ms;
        report.maxLatencyMethod = l.method;
      }
      if (l.ms > bound) report.slowRequests++;
    }
    report.requests = client.latencies.length + report.unanswered;
    report.unanswered += client.outstanding;
    report.serverRssAfter = procRss(client.child.pid);
    const exited = await client.shutdown();
    if (!exited) mismatch('server did not exit after shutdown/exit', '');
    await client.dispose();
  }
  store?.dispose();
  report.heapAfter = wasmHeapBytes();
  report.rssAfter = process.memoryUsage().rss;
  report.ms = performance.now() - t0;
  return report;
}

export function formatReport(rep: FuzzReport): string {
  return [
    `seed ${rep.seed}: ${rep.documents} documents, ${rep.edits} edits, ${rep.checks} incremental-vs-fresh checks (${rep.checksWithDiagnostics} with diagnostics, ${rep.actionChecks} of them with their ${rep.actionsCompared} code actions compared; ${rep.diverged} in-process trees of a text with a syntax error diverged from a fresh parse), ${rep.requests} requests in ${(rep.ms / 1000).toFixed(1)} s`,
    `max latency ${rep.maxLatencyMs.toFixed(0)} ms (${rep.maxLatencyMethod || '-'}), ${rep.slowRequests} slower than the bound, ${rep.unanswered} unanswered, server crashed: ${rep.serverCrashed}`,
    `server RSS ${MB(rep.serverRssBefore)} -> ${MB(rep.serverRssAfter)}; fuzzer RSS ${MB(rep.rssBefore)} -> ${MB(rep.rssAfter)}; in-process WASM heap ${MB(rep.heapBefore)} -> ${MB(rep.heapAfter)}`,
    `mismatches: ${rep.mismatches.length}`,
    ...rep.mismatches.slice(0, 10).map((m) => `  ${m}`),
  ].join('\n');
}
