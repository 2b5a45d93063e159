// A typing fuzzer: realistic editor sessions on real Python files, in-process through the server's DocumentStore
// and analyzeSourceIncremental (as server.ts runs them), checking after edits that the incremental analysis equals
// a from-scratch one of the same text. Unlike the random fuzzer (fuzz.ts), edits come in the sequences an editor
// produces: a block typed one character at a time (auto-indentation after Enter, brackets and quotes auto-closed
// then typed over), a block deleted by Backspace from its end, lines selected and deleted, a paste and its undo,
// import lines changed character by character, `# nosec` comments typed after lines with findings; in LF, CRLF
// and BOM-prefixed files.
import fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../../server/src/lsp/documents';
import { analyzeSourceIncremental } from '../../server/src/engine/analyze';
import type { IncrementalState } from '../../server/src/engine/incremental';
import type { AnalysisResult, Engine } from '../../server/src/engine/engine';
import { corpusFiles, treeSignature, type TextEditOp } from './fuzz';
import { rng } from './random';

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** The analysis result as compared: failures by rule id (their messages carry stacks). */
export function comparableResult(a: AnalysisResult): string {
  return JSON.stringify({ ...a, failures: a.failures.map((f) => f.ruleId) });
}

export type SessionKind = 'type-block' | 'type-start' | 'backspace-block' | 'delete-lines' | 'paste-undo' | 'import-edit' | 'type-nosec';
export const SESSION_KINDS: readonly SessionKind[] = ['type-block', 'type-start', 'backspace-block', 'delete-lines', 'paste-undo', 'import-edit', 'type-nosec'];

export interface TypingOptions {
  seed: number;
  sessions: number;
  corpus?: string[];
  fallbackRoot: string;
  /** Lines of the target file kept (a window). */
  maxLines?: number;
  /** Longest snippet typed (characters). */
  maxSnippet?: number;
  /** Compare with a from-scratch analysis after every analysis with this probability (always at the end). */
  checkRate?: number;
  kinds?: readonly SessionKind[];
  log?: (s: string) => void;
  /** Single edits (parse + analysis) slower than this are reported (ms). */
  slowMs?: number;
  /** The file name analysed for a corpus file (default: /proj/ and its last two path parts). */
  filenameOf?: (file: string, r: Rand) => string;
  /** Log each session's start (to find one that hangs). */
  trace?: boolean;
  traceFrom?: number;
  /** Stop after this many mismatches. */
  maxMismatches?: number;
}

export interface TypingMismatch {
  seed: number;
  session: number;
  kind: SessionKind;
  step: number;
  what: string;
  initial: string;
  edits: TextEditOp[];
  /** How many edits had been applied at each incremental analysis (the first, 0, is the full one). */
  analysedAt: number[];
  text: string;
}

export interface TypingReport {
  sessions: number;
  edits: number;
  analyses: number;
  checks: number;
  diverged: number;
  byKind: Record<string, { sessions: number; edits: number }>;
  mismatches: TypingMismatch[];
  slow: { file: string; size: number; kind: SessionKind; edit: TextEditOp; ms: number }[];
  ms: number;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Where the close of the bracket or quote at `i` is on the same line of `s`, or -1. */
function sameLineClose(s: string, i: number): number {
  const c = s[i]!;
  const eol = s.indexOf('\n', i) < 0 ? s.length : s.indexOf('\n', i);
  if (c === '"' || c === "'") {
    if (s[i + 1] === c || s[i - 1] === c) return -1; // '' or part of a triple quote
    for (let j = i + 1; j < eol; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === c) return j;
    }
    return -1;
  }
  const close = OPEN[c];
  if (!close) return -1;
  let depth = 0;
  for (let j = i; j < eol; j++) {
    if (s[j] === c) depth++;
    else if (s[j] === close && --depth === 0) return j;
  }
  return -1;
}

/** Where the bracket at `i` closes on a later line of `s` (strings and comments skipped roughly), or -1. */
function farCloseOf(s: string, i: number): number {
  const c = s[i]!;
  const close = OPEN[c]!;
  let depth = 0;
  let quote = '';
  let newline = false;
  for (let j = i; j < s.length; j++) {
    const x = s[j]!;
    if (quote) {
      if (x === '\\') j++;
      else if (s.startsWith(quote, j)) {
        j += quote.length - 1;
        quote = '';
      }
      continue;
    }
    if (x === '#') {
      const e = s.indexOf('\n', j);
      if (e < 0) return -1;
      j = e - 1;
      continue;
    }
    if (x === '"' || x === "'") {
      quote = s.startsWith(x.repeat(3), j) ? x.repeat(3) : x;
      j += quote.length - 1;
      continue;
    }
    if (x === '\n') newline = true;
    if (x === c) depth++;
    else if (x === close && --depth === 0) return newline ? j : -1;
  }
  return -1;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

/** Re-indents a block so that its least indented line has `indent` spaces. */
function reindent(block: string, indent: number): string {
  const lines = block.split('\n');
  const min = Math.min(...lines.filter((l) => l.trim()).map(indentOf));
  return lines.map((l) => (l.trim() ? ' '.repeat(indent) + l.slice(Math.min(min, indentOf(l))) : '')).join('\n');
}

/** Candidate snippets of a file: top-level blocks (decorators included), imports, statements, special lines. */
function snippetsOf(source: string, max: number): string[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^(@|def |class |async def |if |for |while |with |try:)/.test(l) && !(l.startsWith('@') && i > 0 && lines[i - 1]!.startsWith('@'))) {
      let j = i + 1;
      while (j < lines.length && lines[j - 1]!.startsWith('@')) j++;
      while (j < lines.length && (lines[j]!.trim() === '' || /^[ \t)\]}]/.test(lines[j]!) || /^(else|elif|except|finally)\b/.test(lines[j]!))) j++;
      while (j > i + 1 && lines[j - 1]!.trim() === '') j--;
      const block = lines.slice(i, j).join('\n');
      if (block.length <= max) out.push(block);
      else {
        // a prefix of a long block: its first lines
        let k = i + 1;
        while (k < j && lines.slice(i, k + 1).join('\n').length <= max) k++;
        out.push(lines.slice(i, k).join('\n'));
      }
    }
    if (/^(import |from \S+ import )/.test(l)) out.push(l);
    if (/^\s+\S/.test(l) && /(=|\()/.test(l) && l.length < 120) out.push(l.trim());
  }
  return out;
}

const SPECIAL = [
  'import subprocess\n',
  'import subprocess as sp\n',
  'from subprocess import Popen, call\n',
  'import pickle, yaml\n',
  'subprocess.call(cmd, shell=True)  # nosec B602\n',
  'os.system(cmd)  # nosec\n',
  'QUERY = """\n    SELECT * FROM t\n    WHERE id = %s\n""" % uid\n',
  'CONFIG = {\n    "password": "hunter2",\n    "host": "0.0.0.0",\n    "debug": True,\n}\n',
  'msg = f"{user!r} ran {cmd} in {os.getcwd()}"\n',
  'def run(cmd):\n    return subprocess.Popen(cmd, shell=True)  # nosec B602\n',
  'class Handler:\n    password = "secret"\n\n    def go(self, x):\n        eval(x)\n',
  '@app.route("/x")\ndef view():\n    return yaml.load(request.data)\n',
  'try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n',
  'assert x, "no x"\n',
  'data = pickle.loads(blob)  # nosec: B301\n',
  "sql = 'SELECT * FROM users WHERE name = %s' % name\ncursor.execute(sql)\n",
  'from .base import *\n',
  'DEBUG = True\n',
  "ALLOWED_HOSTS = ['*']\n",
  'SESSION_COOKIE_SECURE = False\n',
  'from django.utils.safestring import mark_safe\n',
  "x = 'safe'\nmark_safe(x)\n",
  'def make():\n    s = requests.Session()\n    s.verify = False\n    return s\n',
  'import requests\nrequests.get(url, verify=False, timeout=5)\n',
];

/** An editor model: its text and the DocumentStore + incremental analysis the server keeps for it. */
class Doc {
  text: string;
  version = 1;
  state: IncrementalState | undefined;
  edits: TextEditOp[] = [];
  analysedAt: number[] = [];
  private lsp: TextDocument;
  last: AnalysisResult | undefined;
  constructor(
    readonly store: DocumentStore,
    readonly uri: string,
    readonly initial: string,
  ) {
    this.text = initial;
    this.lsp = TextDocument.create(uri, 'python', 1, initial);
    store.open(uri, 'python', 1, initial);
  }
  apply(op: TextEditOp): void {
    const change = { range: { start: this.lsp.positionAt(op.start), end: this.lsp.positionAt(op.end) }, text: op.text };
    this.version++;
    this.lsp = TextDocument.update(this.lsp, [change], this.version);
    this.text = this.lsp.getText();
    this.store.change(this.uri, this.version, [change]);
    this.edits.push(op);
  }
}

export function runTyping(engine: Engine, o: TypingOptions): TypingReport {
  const t0 = performance.now();
  const log = o.log ?? (() => undefined);
  const r = rng(o.seed);
  const files = corpusFiles(o.corpus ?? ['/work/corpus/nova', '/work/corpus/django', '/work/corpus/stdlib'], o.fallbackRoot);
  const maxLines = o.maxLines ?? 150;
  const maxSnippet = o.maxSnippet ?? 500;
  const checkRate = o.checkRate ?? 1;
  const slowMs = o.slowMs ?? 50;
  const kinds = o.kinds ?? SESSION_KINDS;
  const rep: TypingReport = { sessions: 0, edits: 0, analyses: 0, checks: 0, diverged: 0, byKind: {}, mismatches: [], slow: [], ms: 0 };
  const store = new DocumentStore((t, old) => engine.parse(t, old));
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };

  for (let s = 0; s < o.sessions && rep.mismatches.length < (o.maxMismatches ?? 5); s++) {
    const kind = pick(r, kinds);
    const targetFile = pick(r, files);
    const src = read(targetFile).replace(/\r\n?/g, '\n');
    const lines = src.split('\n');
    const len = Math.min(lines.length, 20 + int(r, maxLines));
    const from = r() < 0.4 ? 0 : int(r, Math.max(1, lines.length - len + 1));
    let initial = lines.slice(from, from + len).join('\n');
    if (!initial.endsWith('\n') && r() < 0.8) initial += '\n';
    const crlf = r() < 0.2;
    const bom = r() < 0.15;
    if (crlf) initial = initial.replace(/\n/g, '\r\n');
    if (bom) initial = '\uFEFF' + initial;
    const nl = crlf ? '\r\n' : '\n';
    const filename = o.filenameOf ? o.filenameOf(targetFile, r) : `/proj/${targetFile.split('/').slice(-2).join('/')}`;
    const uri = `file:///typing/${s}.py`;
    if (o.trace) log(`session ${s}: ${kind} ${targetFile} lines ${from}+${len}${crlf ? ' CRLF' : ''}${bom ? ' BOM' : ''}`);
    const doc = new Doc(store, uri, initial);
    rep.sessions++;
    const k = (rep.byKind[kind] ??= { sessions: 0, edits: 0 });
    k.sessions++;
    let step = 0;
    let failed = false;

    const fail = (what: string) => {
      failed = true;
      rep.mismatches.push({ seed: o.seed, session: s, kind, step, what, initial, edits: [...doc.edits], analysedAt: [...doc.analysedAt], text: doc.text });
      log(`MISMATCH seed ${o.seed} session ${s} (${kind}, ${targetFile}) step ${step}: ${what}`);
    };

    const analyse = (force: boolean) => {
      if (failed) return;
      const t = performance.now();
      if (o.trace && s >= (o.traceFrom ?? Infinity)) log(`  analyse after edit ${doc.edits.length}: ${JSON.stringify(doc.edits[doc.edits.length - 1])}`);
      const tree = store.getTree(uri);
      if (o.trace && s >= (o.traceFrom ?? Infinity)) log(`  parsed TEXT ${JSON.stringify(doc.text)}`);
      if (!tree) return fail('no tree');
      const d = store.takeDelta(uri);
      doc.analysedAt.push(doc.edits.length);
      const inc = analyzeSourceIncremental(engine, doc.text, { filename, tree, key: 'k', prev: doc.state, edits: d?.edits, changed: d?.changed ?? [] });
      const ms = performance.now() - t;
      rep.analyses++;
      if (ms > slowMs && d) rep.slow.push({ file: targetFile, size: doc.text.length, kind, edit: doc.edits[doc.edits.length - 1]!, ms });
      doc.state = inc.state;
      doc.last = inc.analysis;
      if (!force && r() >= checkRate) return;
      rep.checks++;
      const fresh = engine.parse(doc.text);
      try {
        if (treeSignature(tree) !== treeSignature(fresh)) {
          // tree-sitter's error recovery after a reparse (not the analysis): check the analysis of the same tree
          rep.diverged++;
          const same = analyzeSourceIncremental(engine, doc.text, { filename, tree, key: 'k2', prev: undefined, edits: undefined }).analysis;
          if (comparableResult(same) !== comparableResult(inc.analysis)) fail('incremental analysis != full analysis of the same (diverged) tree');
          return;
        }
        const full = analyzeSourceIncremental(engine, doc.text, { filename, tree: fresh, key: 'k2', prev: undefined, edits: undefined }).analysis;
        if (comparableResult(full) !== comparableResult(inc.analysis)) fail('incremental analysis != from-scratch analysis');
      } finally {
        fresh.delete();
      }
    };

    const edit = (op: TextEditOp, analyseAfter = r() < 0.85) => {
      if (failed) return;
      doc.apply(op);
      step++;
      rep.edits++;
      k.edits++;
      if (analyseAfter) analyse(false);
    };

    analyse(true);
    const lineStartsOf = (t: string) => {
      const out = [0];
      for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) out.push(i + 1);
      return out;
    };
    /** Offsets of line starts where a block may go, with the indentation it takes there. */
    const places = (): { at: number; indent: number }[] => {
      const t = doc.text;
      const starts = lineStartsOf(t);
      const out: { at: number; indent: number }[] = [{ at: bom ? 1 : 0, indent: 0 }, { at: t.length, indent: 0 }];
      for (let li = 1; li < starts.length; li++) {
        const ls = starts[li]!;
        const le = t.indexOf('\n', ls) < 0 ? t.length : t.indexOf('\n', ls);
        const line = t.slice(ls, le).replace(/\r$/, '');
        const m = /^( *)(def |class |async def |@)/.exec(line);
        if (m) out.push({ at: ls, indent: m[1]!.length });
        const prev = t.slice(starts[li - 1]!, ls - 1).replace(/\r$/, '');
        if (/:\s*$/.test(prev) && /^\s*(def|class|if|for|while|with|try|else)\b/.test(prev)) out.push({ at: ls, indent: indentOf(prev) + 4 });
      }
      return out;
    };

    /** Types `block` at `at` (a line start), as an editor: Enter keeps/increases indentation, auto-close, overtype. */
    const typeBlock = (at: number, block: string) => {
      let cursor = at;
      const overtype = new Set<number>();
      const farClose = new Set<number>();
      // The indentation the editor left on the current line (typed already).
      let autoIndent = 0;
      let lineStart = true;
      for (let i = 0; i < block.length && !failed; i++) {
        if (lineStart && block[i] !== '\n') {
          // adjust the auto-inserted indentation to the block's
          const want = indentOf(block.slice(i));
          while (autoIndent > want && !failed) {
            const n = Math.min(4, autoIndent - want);
            edit({ start: cursor - n, end: cursor, text: '' });
            cursor -= n;
            autoIndent -= n;
          }
          if (want > autoIndent) {
            edit({ start: cursor, end: cursor, text: ' '.repeat(want - autoIndent) });
            cursor += want - autoIndent;
          }
          i += want;
          lineStart = false;
          if (i >= block.length) break;
        }
        const ch = block[i]!;
        if (overtype.has(i)) {
          overtype.delete(i);
          cursor++;
          continue;
        }
        if (farClose.has(i)) {
          // The close the editor inserted lines ago: remove the blanks up to it (one edit), then step over it.
          farClose.delete(i);
          const t = doc.text;
          let j = cursor;
          while (j < t.length && /[ \t\r\n]/.test(t[j]!)) j++;
          if (t[j] === ch) {
            if (j > cursor) edit({ start: cursor, end: j, text: '' });
            cursor++;
            continue;
          }
        }
        if (ch === '\n') {
          const t = doc.text;
          const ls = t.lastIndexOf('\n', cursor - 1) + 1;
          const cur = t.slice(ls, cursor).replace(/\r$/, '');
          let ind = cur.trim() ? indentOf(cur) : autoIndent;
          if (/:\s*$/.test(cur)) ind += 4;
          // Enter in an editor: the line break and the indentation in one edit (trailing blanks of an empty line kept)
          const ins = nl + ' '.repeat(ind);
          edit({ start: cursor, end: cursor, text: ins });
          cursor += ins.length;
          autoIndent = ind;
          lineStart = true;
          continue;
        }
        const q = block.slice(i, i + 3);
        if ((q === '"""' || q === "'''") && block.indexOf(q, i + 3) > 0 && r() < 0.5) {
          // A triple quote as an editor auto-closes it: "|" then "" then """|""", the closing one typed over.
          const c1 = q[0]!;
          edit({ start: cursor, end: cursor, text: c1 + c1 });
          cursor += 2;
          edit({ start: cursor, end: cursor, text: c1.repeat(4) });
          cursor++;
          const j = block.indexOf(q, i + 3);
          overtype.add(j).add(j + 1).add(j + 2);
          i += 2;
          continue;
        }
        const far = OPEN[ch] ? farCloseOf(block, i) : -1;
        if (far > 0 && r() < 0.5) {
          edit({ start: cursor, end: cursor, text: ch + block[far]! });
          farClose.add(far);
          cursor++;
          continue;
        }
        const close = sameLineClose(block, i);
        if (close > 0 && r() < 0.6) {
          const pair = ch + block[close]!;
          edit({ start: cursor, end: cursor, text: pair });
          overtype.add(close);
          cursor++;
          continue;
        }
        edit({ start: cursor, end: cursor, text: ch });
        cursor++;
      }
      return cursor;
    };

    const snippet = (): string => {
      if (r() < 0.3) return pick(r, SPECIAL);
      const other = read(pick(r, files));
      const c = snippetsOf(other, maxSnippet);
      return c.length ? pick(r, c) + '\n' : pick(r, SPECIAL);
    };

    switch (kind) {
      case 'type-block':
      case 'type-start': {
        const ps = places();
        const p = kind === 'type-start' ? ps[0]! : pick(r, ps);
        let block = reindent(snippet().replace(/\n+$/, ''), p.indent);
        block = block.replace(/^ +/, '');
        // type at the line start: the block's own first-line indentation, then the rest
        if (p.indent > 0) edit({ start: p.at, end: p.at, text: ' '.repeat(p.indent) });
        const end = typeBlock(p.at + p.indent, block);
        edit({ start: end, end, text: nl }, true);
        break;
      }
      case 'backspace-block': {
        const t = doc.text;
        const starts = lineStartsOf(t);
        const a = int(r, starts.length);
        const n = 1 + int(r, 12);
        const s0 = starts[a]!;
        const e0 = Math.min(t.length, starts[a + n] ?? t.length);
        for (let c = e0; c > s0 && !failed; ) {
          // Backspace over a CRLF removes both; over 4 spaces of indentation, the four.
          let n1 = 1;
          if (doc.text[c - 1] === '\n' && doc.text[c - 2] === '\r') n1 = 2;
          else if (doc.text.slice(Math.max(s0, c - 4), c) === '    ' && r() < 0.7) n1 = Math.min(4, c - s0);
          edit({ start: c - n1, end: c, text: '' });
          c -= n1;
        }
        break;
      }
      case 'delete-lines': {
        for (let rep2 = 0; rep2 < 3 + int(r, 6) && !failed; rep2++) {
          const t = doc.text;
          const starts = lineStartsOf(t);
          const a = int(r, starts.length);
          const n = 1 + int(r, 8);
          edit({ start: starts[a]!, end: starts[a + n] ?? t.length, text: '' }, true);
        }
        break;
      }
      case 'paste-undo': {
        for (let rep2 = 0; rep2 < 2 + int(r, 4) && !failed; rep2++) {
          const ps = places();
          const p = pick(r, ps);
          const block = reindent(snippet(), p.indent).replace(/\n/g, nl);
          const block2 = block.endsWith(nl) ? block : block + nl;
          const at = p.at === doc.text.length && doc.text.length > 0 && !doc.text.endsWith('\n') ? p.at : p.at;
          edit({ start: at, end: at, text: block2 }, true);
          if (r() < 0.7) edit({ start: at, end: at + block2.length, text: '' }, true); // undo
        }
        break;
      }
      case 'import-edit': {
        for (let rep2 = 0; rep2 < 1 + int(r, 3) && !failed; rep2++) {
          const t = doc.text;
          const re = /^[ \t]*(import [^\r\n]*|from \S+ import [^\r\n(]*)/gm;
          const ms = [...t.matchAll(re)];
          if (ms.length === 0 || r() < 0.2) {
            // type a new import at the top
            const at = bom ? 1 : 0;
            const line = pick(r, ['import subprocess', 'import os', 'from os import system', 'import pickle as pk', 'from subprocess import call as run', 'import yaml', 'from django.utils.safestring import mark_safe']);
            const end = typeBlock(at, line);
            edit({ start: end, end, text: nl }, true);
            continue;
          }
          const m = pick(r, ms);
          const ls = m.index!;
          const le = ls + m[0].length;
          const line = m[0];
          const op = r();
          if (op < 0.35) {
            // add an alias to the last name, char by char, then maybe delete it by backspace
            const alias = ' as ' + pick(r, ['sp', 'p', 'subprocess', 'os', 'pickle', 'x', 'call']);
            for (let c = 0; c < alias.length; c++) edit({ start: le + c, end: le + c, text: alias[c]! });
            if (r() < 0.5) for (let c = alias.length; c > 0; c--) edit({ start: le + c - 1, end: le + c, text: '' });
          } else if (op < 0.7) {
            // retype the module name
            const mm = /(import|from) (\S+)/.exec(line)!;
            const ns = ls + mm.index + mm[1]!.length + 1;
            const ne = ns + mm[2]!.replace(/,$/, '').length;
            for (let c = ne; c > ns; c--) edit({ start: c - 1, end: c, text: '' });
            const repl = pick(r, [mm[2]!.replace(/,$/, ''), 'subprocess', 'os', 'pickle', 'yaml', 'os.path', 'xml.etree.ElementTree', 'hashlib']);
            for (let c = 0; c < repl.length; c++) edit({ start: ns + c, end: ns + c, text: repl[c]! });
          } else {
            // append a name: ", system" / comment out the line and back
            if (r() < 0.5) {
              const add = pick(r, [', system', ', call', ', Popen', ', loads', ', md5']);
              for (let c = 0; c < add.length; c++) edit({ start: le + c, end: le + c, text: add[c]! });
            } else {
              edit({ start: ls, end: ls, text: '#' });
              edit({ start: ls + 1, end: ls + 1, text: ' ' });
              edit({ start: ls, end: ls + 2, text: '' });
            }
          }
          analyse(true);
        }
        break;
      }
      case 'type-nosec': {
        const findings = doc.last?.findings ?? [];
        const rows = findings.length ? [...new Set(findings.map((f) => f.line))] : [1 + int(r, lineStartsOf(doc.text).length)];
        for (let rep2 = 0; rep2 < 1 + int(r, 3) && !failed; rep2++) {
          const row = pick(r, rows) - 1;
          const f = findings.find((x) => x.line === row + 1);
          const starts = lineStartsOf(doc.text);
          const ls = starts[row];
          if (ls === undefined) break;
          let le = doc.text.indexOf('\n', ls);
          if (le < 0) le = doc.text.length;
          if (doc.text[le - 1] === '\r') le--;
          const id = f ? f.ruleId : 'B602';
          const comment = pick(r, ['  # nosec', `  # nosec ${id}`, `  # nosec: ${id}, B101`, `  #nosec ${id.toLowerCase()}`, `  # noqa: S${id.slice(1)}`]);
          for (let c = 0; c < comment.length; c++) edit({ start: le + c, end: le + c, text: comment[c]! });
          analyse(true);
          if (r() < 0.5) for (let c = comment.length; c > 0; c--) edit({ start: le + c - 1, end: le + c, text: '' });
        }
        break;
      }
    }
    analyse(true);
    store.close(uri);
    if ((s + 1) % 20 === 0) log(`${s + 1}/${o.sessions} sessions, ${rep.edits} edits, ${rep.checks} checks, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  store.dispose();
  rep.ms = performance.now() - t0;
  return rep;
}
