/**
 * Per-file analysis state shared by all rules: Bandit's import tracking (aliases and the imports set,
 * filled in visit order) and per-call contexts (qualified name, positional and keyword arguments).
 */
import type { Node } from './parser';
import { argValue, mayContainName, type PyValue, unparen } from './python';
import { detach } from './detach';

/** One import binding recorded from an import statement. */
export interface ImportRecord {
  /** UTF-16 offset of the import statement: only nodes after it see the binding. */
  at: number;
  /** The imported module string added to Bandit's `imports` set (`a.b`, `m.n`). */
  module: string;
  /** The alias bound, when Bandit records one (`import x as y`, `from m import n [as k]`). */
  alias: string | undefined;
}

/**
 * Every import record is built here or copied by `movedRecord`, as one object literal with all three fields: the
 * editor mixes records of many analyses, and records of different shapes (an optional `alias`, spread copies) made
 * V8 deoptimize and recompile the analysis repeatedly (`ImportState.advanceTo` is inlined into it).
 */
function importRecord(at: number, module: string, alias: string | undefined): ImportRecord {
  return { at, module, alias };
}

/** The record moved to `at` (the editor's records of a unit that moved). */
export function movedRecord(r: ImportRecord, at: number): ImportRecord {
  return importRecord(at, r.module, r.alias);
}

/**
 * Reads one import statement into Bandit's records (import_statement, import_from_statement). The names are
 * copies (engine/detach.ts): the editor keeps records between keystrokes.
 */
export function importRecords(stmt: Node, clean = false): ImportRecord[] {
  const out = (clean ? importRecordsFromText(stmt.startIndex, stmt.text) : undefined) ?? readImportRecords(stmt);
  for (const r of out) {
    r.module = detach(r.module);
    if (r.alias !== undefined) r.alias = detach(r.alias);
  }
  return out;
}

function readImportRecords(stmt: Node): ImportRecord[] {
  const at = stmt.startIndex;
  const out: ImportRecord[] = [];
  if (stmt.type === 'import_statement') {
    for (const c of stmt.namedChildren) {
      if (c.type === 'dotted_name') out.push(importRecord(at, dotted(c), undefined));
      else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (name) out.push(importRecord(at, dotted(name), alias ? alias.text : undefined));
      }
    }
    return out;
  }
  if (stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') {
    const moduleNode = stmt.childForFieldName('module_name');
    let module: string | undefined;
    if (stmt.type === 'future_import_statement') module = '__future__';
    else if (moduleNode?.type === 'dotted_name') module = dotted(moduleNode);
    else if (moduleNode?.type === 'relative_import') {
      const d = moduleNode.namedChildren.find((c) => c.type === 'dotted_name');
      module = d ? dotted(d) : undefined; // `from . import x`: CPython's module is None
    }
    for (const c of stmt.childrenForFieldName('name')) {
      let nameNode: Node | null = c;
      let alias: string | undefined;
      if (c.type === 'aliased_import') {
        nameNode = c.childForFieldName('name');
        alias = c.childForFieldName('alias')?.text;
      }
      if (!nameNode) continue;
      const name = dotted(nameNode);
      if (module === undefined) {
        // Bandit handles `from . import x` like `import x`.
        out.push(importRecord(at, name, alias || undefined));
      } else {
        const full = `${module}.${name}`;
        out.push(importRecord(at, full, alias ?? name));
      }
    }
    // `from m import *`: Bandit records the name `*` like any other.
    if (module !== undefined && stmt.namedChildren.some((c) => c.type === 'wildcard_import')) {
      out.push(importRecord(at, `${module}.*`, '*'));
    }
  }
  return out;
}

/**
 * The records of an import statement of a tree without errors, read from its text (what `readImportRecords` reads
 * from the tree, without its many WASM reads), or undefined when the text is not plain: comments, line
 * continuations or characters other than ASCII (identifiers are read NFKC-normalised) leave it to the tree.
 */
export function importRecordsFromText(at: number, text: string): ImportRecord[] | undefined {
  if (!PLAIN_IMPORT_TEXT.test(text)) return undefined;
  const toks = text.match(IMPORT_TOKEN);
  if (!toks) return undefined;
  let i = 0;
  const word = (): string | undefined => (i < toks.length && IDENTIFIER.test(toks[i]!) ? toks[i++] : undefined);
  // A dotted name: identifiers joined by dots (written with or without spaces, as dotted() reads it).
  const dottedName = (): string | undefined => {
    let name = word();
    if (name === undefined) return undefined;
    while (toks[i] === '.') {
      i++;
      const next = word();
      if (next === undefined) return undefined;
      name += '.' + next;
    }
    return name;
  };
  // `name [as alias]`, the alias only when written.
  const item = (): { name: string; alias: string | undefined } | undefined => {
    const name = dottedName();
    if (name === undefined) return undefined;
    if (toks[i] !== 'as') return { name, alias: undefined };
    i++;
    const alias = word();
    return alias === undefined ? undefined : { name, alias };
  };
  const items = (parenthesized: boolean): { name: string; alias: string | undefined }[] | undefined => {
    const list = [];
    for (;;) {
      const it = item();
      if (!it) return undefined;
      list.push(it);
      if (toks[i] !== ',') return list;
      i++;
      if (parenthesized && toks[i] === ')') return list;
    }
  };
  const out: ImportRecord[] = [];
  if (toks[0] === 'import') {
    i = 1;
    const list = items(false);
    if (!list || i !== toks.length) return undefined;
    for (const it of list) out.push(importRecord(at, it.name, it.alias));
    return out;
  }
  if (toks[0] !== 'from') return undefined;
  i = 1;
  let dots = 0;
  while (toks[i] === '.') {
    dots++;
    i++;
  }
  const module = toks[i] === 'import' ? undefined : dottedName();
  if ((module === undefined && dots === 0) || toks[i] !== 'import') return undefined;
  i++;
  if (toks[i] === '*') {
    if (i + 1 !== toks.length) return undefined;
    if (module !== undefined) out.push(importRecord(at, `${module}.*`, '*'));
    return out;
  }
  const parenthesized = toks[i] === '(';
  if (parenthesized) i++;
  const list = items(parenthesized);
  if (!list) return undefined;
  if (parenthesized && toks[i++] !== ')') return undefined;
  if (i !== toks.length) return undefined;
  for (const it of list) {
    if (module === undefined) out.push(importRecord(at, it.name, it.alias || undefined));
    else out.push(importRecord(at, `${module}.${it.name}`, it.alias ?? it.name));
  }
  return out;
}
/** ASCII without comments or line continuations. */
const PLAIN_IMPORT_TEXT = /^[^#\\\u0080-\uffff]*$/;
const IMPORT_TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\S/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function dotted(n: Node): string {
  const text = n.text;
  // Almost always written without spaces or continuations: the text is the name (no child reads).
  if (PLAIN_NAME.test(text)) return text;
  if (n.type === 'dotted_name') return n.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text).join('.');
  return text;
}
/** An identifier or dotted name of ASCII identifiers with nothing else in its text. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * What an engine's analyses asked about imports; the editor's incremental re-analysis (engine/incremental.ts) reads
 * it to tell what an edit can change. One per `Engine`, shared by the `FileContext`s of its analyses.
 * - `like`, `exact`, `prefix`: every module string a rule asked `importedLike`, `importedExact` or `importedPrefix`
 *   about, so that a changed import that cannot change an answer re-checks only the units naming it. Rules ask
 *   about constants ('flask', 'django') or library roots, so the sets stay small.
 * - `editUsed`, `editKnown`: the names edits.ts `addImportEdit` was asked about (the name it would bind, `os` for
 *   `import os` and `name` for `from m import name`, and for the latter also the first name of `m`, whose imports
 *   it would extend). `editUsed` in call order: the engine reads what one rule check added and clears it per
 *   analysis. `editKnown`: all of them so far. `addImportEdit`'s answer depends on the whole file (the leading
 *   statements, the imports, every binding of the name), so the editor re-checks such findings when one of those
 *   changes.
 */
export class ImportTracking {
  readonly like = new Set<string>();
  readonly exact = new Set<string>();
  readonly prefix = new Set<string>();
  readonly editUsed: string[] = [];
  readonly editKnown = new Set<string>();
}

/** Bandit's import state as of a position in the file. */
export class ImportState {
  readonly aliases = new Map<string, string>();
  readonly imports = new Set<string>();
  /** Whether some alias is a dotted name (`from m import a.b` parses): only then can a dotted name be an alias. */
  dottedAlias = false;
  private next = 0;
  constructor(private readonly records: readonly ImportRecord[]) {}

  /** Applies every record that starts at or before `offset` (visit order). */
  advanceTo(offset: number): void {
    while (this.next < this.records.length && this.records[this.next]!.at <= offset) {
      const r = this.records[this.next++]!;
      this.imports.add(r.module);
      if (r.alias !== undefined) {
        this.aliases.set(r.alias, r.module);
        if (r.alias.includes('.')) this.dottedAlias = true;
      }
    }
  }
}

/** An attribute chain of ASCII identifiers with no spaces, comments, parentheses or line continuations. */
const PLAIN_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** The line break text added to `source` should use: CRLF when it has one, else LF. */
export function eolOf(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/** A file's text and the whole-text shortcut tests on it (what `RuleDefinition.fileGate` reads). */
export class FileText {
  constructor(
    readonly source: string,
    /**
     * False when only a few units are re-checked (editor keystrokes, engine/incremental.ts): whole-text shortcuts
     * (`mentions`, `textTest`) then answer true without scanning the text, so a keystroke costs no full pass.
     */
    readonly whole = true,
  ) {}

  private readonly memos = new Map<string, unknown>();
  /** A per-file value computed once per analysis (e.g. whether the text mentions a word at all). */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    this.memos.set(key, v);
    return v;
  }

  /**
   * A shortcut for checks: false only if the file's text certainly does not contain `word`, an ASCII name
   * (identifiers read NFKC-normalised, as CPython reads them: `ｓｈｅｌｌ` is `shell`, so a text with other than
   * ASCII is also searched normalised). Computed once per word and analysis; always true in a partial analysis.
   */
  mentions(word: string): boolean {
    return this.textTest(`mentions:${word}`, () => this.source.includes(word) || !!this.nfkcSource()?.includes(word));
  }

  /**
   * `words.some((w) => this.mentions(w))` in one pass over the text: a search for any of several words costs
   * about what one `includes` does, where each `includes` of an absent word reads the whole text.
   */
  mentionsAny(words: readonly string[]): boolean {
    if (words.length <= 1) return words.length === 1 && this.mentions(words[0]!);
    const re = anyWordPattern(words);
    return this.textTest(`mentionsAny:${re.source}`, () => {
      if (re.test(this.source)) return true;
      const n = this.nfkcSource();
      return n !== undefined && re.test(n);
    });
  }

  /**
   * True when the whole text is ASCII, so no part of it needs NFKC normalisation (`nfkcIfNonAscii`); false when it
   * is not, and in a partial analysis (no pass over the whole text per keystroke). Computed once.
   */
  get asciiOnly(): boolean {
    return this.whole && this.isAscii();
  }

  private isAscii(): boolean {
    return this.memo('ascii', () => !NON_ASCII_CHAR.test(this.source));
  }

  /** The text NFKC-normalised when it has characters other than ASCII, else undefined (computed once). */
  private nfkcSource(): string | undefined {
    return this.memo('nfkc', () => (this.isAscii() ? undefined : this.source.normalize('NFKC')));
  }

  /** The file's line break for text that fixes insert: CRLF when the text has one, else LF (computed once). */
  get eol(): string {
    return this.memo('eol', () => eolOf(this.source));
  }

  /** A whole-text shortcut test (see `mentions`), memoised under `key`; always true in a partial analysis. */
  textTest(key: string, test: () => boolean): boolean {
    return !this.whole || this.memo(key, test);
  }
}

const NON_ASCII_CHAR = /[^\x00-\x7f]/;

/** A pattern matching any of `words` literally (cached per list: by identity for a constant one, else by value). */
function anyWordPattern(words: readonly string[]): RegExp {
  let re = anyWordPatternOf.get(words);
  if (re) return re;
  const key = words.join('\0');
  re = anyWordPatterns.get(key);
  if (!re) {
    if (anyWordPatterns.size >= 64) anyWordPatterns.clear();
    re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
    anyWordPatterns.set(key, re);
  }
  anyWordPatternOf.set(words, re);
  return re;
}
const anyWordPatterns = new Map<string, RegExp>();
const anyWordPatternOf = new WeakMap<readonly string[], RegExp>();

/** Per-file context: source, imports (as of the node being checked), helpers. */
export class FileContext extends FileText {
  private readonly calls = new Map<number, CallContext>();
  constructor(
    source: string,
    readonly root: Node,
    readonly state: ImportState,
    whole = true,
    /** The engine's record of what analyses asked about imports (a private one for a context built alone). */
    readonly tracking: ImportTracking = new ImportTracking(),
  ) {
    super(source, whole);
  }

  /**
   * Answers of `importedLike`/`importedPrefix` per module string, valid while the import set keeps its size (it
   * only grows, and only `ImportState.advanceTo` changes it).
   */
  private likeCache = new Map<string, boolean>();
  private prefixCache = new Map<string, boolean>();
  private cachedImports = 0;

  private syncCaches(): void {
    const size = this.state.imports.size;
    if (size !== this.cachedImports) {
      this.cachedImports = size;
      if (this.likeCache.size) this.likeCache = new Map();
      if (this.prefixCache.size) this.prefixCache = new Map();
    }
  }

  /** Bandit's `is_module_imported_like`: a substring of any import seen so far. */
  importedLike(module: string): boolean {
    this.syncCaches();
    let v = this.likeCache.get(module);
    if (v === undefined) {
      this.tracking.like.add(module);
      v = false;
      for (const imp of this.state.imports) {
        if (imp.includes(module)) {
          v = true;
          break;
        }
      }
      this.likeCache.set(module, v);
    }
    return v;
  }

  /** Bandit's `is_module_imported_exact`: the module itself was imported. */
  importedExact(module: string): boolean {
    this.tracking.exact.add(module);
    return this.state.imports.has(module);
  }

  /** True when any import string starts with one of the given module names. */
  importedPrefix(module: string): boolean {
    this.syncCaches();
    let v = this.prefixCache.get(module);
    if (v === undefined) {
      this.tracking.prefix.add(module);
      v = false;
      const dotted = module + '.';
      for (const imp of this.state.imports) {
        if (imp === module || imp.startsWith(dotted)) {
          v = true;
          break;
        }
      }
      this.prefixCache.set(module, v);
    }
    return v;
  }

  /** Bandit's qualified name of an expression (`_get_attr_qual_name`), '' for complex expressions. */
  qualName(node: Node | null | undefined): string {
    if (!node) return '';
    const n = unparen(node);
    if (n.type === 'identifier') return this.state.aliases.get(n.text) ?? n.text;
    if (n.type === 'attribute') {
      // Fast path: a well-formed plain chain `a.b.c` resolves segment by segment from its text, exactly as the
      // recursion below does (one read of the text instead of two child reads per level).
      const text = n.text;
      if (PLAIN_DOTTED.test(text) && !n.hasError) {
        const segs = text.split('.');
        const first = segs[0]!;
        if (first !== 'None' && first !== 'True' && first !== 'False') {
          const aliases = this.state.aliases;
          let cur = aliases.get(first) ?? first;
          for (let i = 1; i < segs.length; i++) {
            const name = `${cur}.${segs[i]}`;
            cur = aliases.get(name) ?? name;
          }
          return cur;
        }
      }
      const obj = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute');
      if (!obj || !attr) return '';
      const name = `${this.qualName(obj)}.${attr.text}`;
      return this.state.aliases.get(name) ?? name;
    }
    return '';
  }

  /**
   * The call context of a `call` node (cached for the analysis). `innermost`: the caller knows no other call starts
   * where this one does (engine.ts), so a plain callee's name can be read from the text (`CallContext`).
   */
  call(node: Node, innermost = false): CallContext {
    let c = this.calls.get(node.id);
    if (!c) {
      c = new CallContext(node, this, innermost);
      this.calls.set(node.id, c);
    }
    return c;
  }

  private errorFree: boolean | undefined;
  /** Whether the tree has no ERROR or MISSING node (read once). */
  get treeErrorFree(): boolean {
    return (this.errorFree ??= !this.root.hasError);
  }

  /**
   * The qualified name of a call's callee read from the text, or undefined when that cannot be done exactly: the
   * call must be the innermost one starting at its offset in a tree without errors, and its text must start with a
   * plain name or dotted chain of ASCII identifiers directly followed by `(`. Such a call's `function` is exactly
   * that chain (anything longer starting there would hold another call starting at the same offset), an identifier
   * or an attribute without errors: `qualName` would take its fast path over the same text. Spares the WASM reads
   * of the callee node (its field, type, end and error flag) for almost every call.
   */
  plainCallee(node: Node): string | undefined {
    if (!this.treeErrorFree) return undefined;
    const src = this.source;
    const start = node.startIndex;
    let i = start;
    let firstEnd = -1;
    let c = src.charCodeAt(i);
    for (;;) {
      if (!(isAsciiLetter(c) || c === 95)) return undefined;
      do c = src.charCodeAt(++i);
      while (isAsciiLetter(c) || c === 95 || (c >= 48 && c <= 57));
      if (firstEnd < 0) firstEnd = i;
      if (c !== 46) break; // '.'
      c = src.charCodeAt(++i);
    }
    if (c !== 40) return undefined; // '('
    const first = src.slice(start, firstEnd);
    if (NOT_A_NAME.has(first)) return undefined;
    const aliases = this.state.aliases;
    const head = aliases.get(first);
    if (firstEnd === i) return head ?? first;
    // Every name looked up after the first segment has a dot: only a dotted alias can match it.
    if (!this.state.dottedAlias) return head === undefined ? src.slice(start, i) : head + src.slice(firstEnd, i);
    const segs = src.slice(firstEnd + 1, i).split('.');
    let cur = head ?? first;
    for (const seg of segs) {
      const name = `${cur}.${seg}`;
      cur = aliases.get(name) ?? name;
    }
    return cur;
  }
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Words that start a callee's text without being a Name (constants, keywords): `plainCallee` leaves them alone. */
const NOT_A_NAME = new Set(['None', 'True', 'False', 'await', 'lambda', 'not', 'print', 'exec', 'async', 'yield']);

/** Bandit's view of one call: names, positional args and keywords. */
export class CallContext {
  /** Resolved dotted name (`subprocess.Popen`, `.get`, ''). */
  readonly qualname: string;
  /** Last segment of the qualified name. */
  readonly name: string;
  private funcNode: Node | null | undefined;
  private readonly file: FileContext;
  // The argument views are computed on first use: most calls are rejected by name alone.
  private parsed?: { args: Node[]; keywords: Map<string, { node: Node; value: Node }>; hasStar: boolean; argumentList: Node | null };

  /** `innermost`: see `FileContext.call`. */
  constructor(
    readonly node: Node,
    file: FileContext,
    innermost = false,
  ) {
    this.file = file;
    const plain = innermost ? file.plainCallee(node) : undefined;
    if (plain !== undefined) {
      this.qualname = plain;
    } else {
      const func = this.func;
      const ft = func ? unparen(func).type : '';
      this.qualname = ft === 'identifier' || ft === 'attribute' ? file.qualName(func) : '';
    }
    const dot = this.qualname.lastIndexOf('.');
    this.name = dot >= 0 ? this.qualname.slice(dot + 1) : this.qualname;
  }

  /** The callee (the call's `function` field), read on first use. */
  get func(): Node | null {
    if (this.funcNode === undefined) this.funcNode = this.node.childForFieldName('function');
    return this.funcNode;
  }

  private parse(): NonNullable<CallContext['parsed']> {
    if (this.parsed) return this.parsed;
    const args: Node[] = [];
    const keywords = new Map<string, { node: Node; value: Node }>();
    let star = false;
    const al = this.node.childForFieldName('arguments');
    if (al && al.type === 'argument_list') {
      for (const a of al.namedChildren) {
        const t = a.type;
        if (t === 'comment') continue;
        if (t === 'keyword_argument') {
          const k = a.childForFieldName('name');
          const v = a.childForFieldName('value');
          if (k && v) keywords.set(k.text, { node: a, value: v });
        } else if (t === 'list_splat' || t === 'dictionary_splat') {
          star = true;
        } else {
          args.push(a);
        }
      }
    } else if (al && al.type === 'generator_expression') {
      args.push(al);
    }
    this.parsed = { args, keywords, hasStar: star, argumentList: al };
    return this.parsed;
  }

  /** Positional argument nodes (without `*args`). */
  get args(): Node[] {
    return this.parse().args;
  }
  /** Keyword arguments by name (last wins, as a dict). */
  get keywords(): Map<string, { node: Node; value: Node }> {
    return this.parse().keywords;
  }
  /** Whether the call has `*args` or `**kwargs`. */
  get hasStar(): boolean {
    return this.parse().hasStar;
  }
  get argumentList(): Node | null {
    return this.parse().argumentList;
  }

  /**
   * A cheap necessary condition for `keywords.has(name)`: false only when the keyword is certainly absent (the
   * call's text does not contain the name). Lets checks reject most calls without reading their arguments.
   */
  mayHaveKeyword(name: string): boolean {
    if (this.parsed) return this.parsed.keywords.has(name);
    const text = this.node.text;
    return this.file.asciiOnly ? text.includes(name) : mayContainName(text, name);
  }

  /** Bandit's `call_args` entry i. */
  argValue(i: number): PyValue | null {
    return argValue(this.args[i]);
  }
  /** Bandit's `call_keywords[name]`, or undefined when the keyword is absent. */
  kwValue(name: string): PyValue | null | undefined {
    const k = this.keywords.get(name);
    return k ? argValue(k.value) : undefined;
  }
  /** The node of keyword `name`'s value. */
  kw(name: string): Node | undefined {
    return this.keywords.get(name)?.value;
  }
  /** A keyword value, else positional `index`. */
  argOrKw(name: string, index: number): Node | undefined {
    return this.kw(name) ?? this.args[index];
  }
}
