/**
 * Open documents and their incremental tree-sitter trees. Each content change of a batch is applied one at a
 * time (offsets computed on the text before that change), recorded as a tree-sitter edit, and the next
 * `getTree` applies the pending edits to the old tree and reparses with it. Trees are freed here and only here.
 *
 * Memory: a tree costs ~18 bytes of WASM heap per byte of source (a 1.3 MB file: ~25 MB), and the WASM linear
 * memory never shrinks, so what counts is the peak number of live trees. Only the *active* documents keep their
 * tree between analyses: the `maxTrees` most recently edited ones (LRU, `DEFAULT_MAX_TREES`) plus the most
 * recently opened one (the user is likely to type in it next). Any other document keeps its text (and the server
 * its last results) but no tree: `getTree` parses it from scratch and `release` frees that tree right after the
 * analysis. Once an evicted document is edited it becomes active again: its next `getTree` re-parses from scratch
 * (the delta is then unknown, so the analysis is a full one) and later edits are incremental again. `onEvict`
 * tells the owner to drop what it keeps for incremental re-analysis (useless without the tree's delta).
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { treeEdit, type Edit, type Tree } from '../engine/parser';
import type { ChangedRange } from '../engine/incremental';

/** Parses text, reusing `oldTree` (already edited) when given. */
export type ParseFn = (text: string, oldTree?: Tree) => Tree;

interface Entry {
  doc: TextDocument;
  /** The tree of `treeVersion`, with `pending` edits not yet applied. */
  tree: Tree | undefined;
  treeVersion: number;
  pending: Edit[];
  /** A whole-document change happened: parse from scratch. */
  fromScratch: boolean;
  /** Edits and changed syntax ranges since the last `takeDelta` (undefined: unknown, analyse fully). */
  delta: { edits: Edit[]; changed: ChangedRange[]; parses: number } | undefined;
  /** The tree is a parse from scratch (false after an incremental reparse). */
  freshTree: boolean;
}

/** What changed in a document since its last analysis (engine/incremental.ts). */
export interface DocumentDelta {
  edits: readonly Edit[];
  changed: readonly ChangedRange[];
}

/** Parse statistics, for tests and debug output. */
export interface ParseStats {
  incremental: number;
  fromScratch: number;
  /** Reparses after empty edits that settle a fresh tree (see `SETTLE_MIN_CHARS`). */
  settling: number;
}

/**
 * Tree-sitter's first incremental reparses of a freshly parsed large file re-read the text in many places, wherever
 * the edit is. Measured on Nova's compute/manager.py (540 KB, 11k lines): the first three reparses after a full
 * parse read the input at 97, 61 and 30 places and took about 8, 5 and 2 ms; later ones about 1 ms. After three
 * reparses of empty edits spread over the file (about 25 ms), the first real edits read it at 19, 14 and 7 places
 * and took about 2 ms. So an active document of at least this many characters pays that when it is parsed from
 * scratch, not on the user's first keystrokes. On a 190 KB file the first reparse cost 4 ms; on a 64 KB one 1 ms,
 * hence the threshold.
 */
export const SETTLE_MIN_CHARS = 100_000;
const SETTLE_REPARSES = 3;

/** How many recently edited documents keep their tree (besides the most recently opened one). */
export const DEFAULT_MAX_TREES = 8;

export interface DocumentStoreOptions {
  /** Recently edited documents that keep their tree (default `DEFAULT_MAX_TREES`; at least 1). */
  maxTrees?: number;
  /** Called when a document stops being active (its tree, if any, was freed); not called on close. */
  onEvict?: (uri: string) => void;
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  /** Recently edited documents, least recent first (Map order). */
  private readonly edited = new Map<string, true>();
  private lastOpened: string | undefined;
  /** An inactive document whose tree `getTree` made and `release` has not freed yet (at most one). */
  private stray: string | undefined;
  private readonly maxTrees: number;
  private readonly onEvict: ((uri: string) => void) | undefined;
  readonly stats: ParseStats = { incremental: 0, fromScratch: 0, settling: 0 };
  private openOrCloseCount = 0;

  constructor(
    private readonly parse: ParseFn,
    options: DocumentStoreOptions = {},
  ) {
    this.maxTrees = Math.max(1, Math.floor(options.maxTrees ?? DEFAULT_MAX_TREES));
    this.onEvict = options.onEvict;
  }

  /** Changes whenever a document is opened or closed (for caches of the set of open documents). */
  get generation(): number {
    return this.openOrCloseCount;
  }

  open(uri: string, languageId: string, version: number, text: string): TextDocument {
    this.close(uri);
    this.openOrCloseCount++;
    const doc = TextDocument.create(uri, languageId, version, text);
    this.entries.set(uri, { doc, tree: undefined, treeVersion: -1, pending: [], fromScratch: true, delta: undefined, freshTree: false });
    const prev = this.lastOpened;
    this.lastOpened = uri;
    // Free the previous one's tree now, before the new document is parsed: the peak is one tree, not two.
    if (prev !== undefined && prev !== uri) this.evictIfInactive(prev);
    return doc;
  }

  /** Whether the document is active: it keeps its tree between analyses. */
  isActive(uri: string): boolean {
    return this.entries.has(uri) && (uri === this.lastOpened || this.edited.has(uri));
  }

  /** Whether the document currently holds a tree (tests, debug output). */
  hasTree(uri: string): boolean {
    return this.entries.get(uri)?.tree !== undefined;
  }

  /** Number of live trees (tests, debug output). */
  get liveTrees(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.tree) n++;
    return n;
  }

  /** Frees the tree of an inactive document (after its analysis). Active documents keep theirs. */
  release(uri: string): void {
    if (!this.isActive(uri)) this.forgetTree(uri);
    if (this.stray === uri) this.stray = undefined;
  }

  /** Marks the document as the most recently edited; evicts the least recently edited beyond `maxTrees`. */
  private touch(uri: string): void {
    this.edited.delete(uri);
    this.edited.set(uri, true);
    while (this.edited.size > this.maxTrees) {
      const oldest = this.edited.keys().next().value as string;
      this.edited.delete(oldest);
      this.evictIfInactive(oldest);
    }
  }

  private evictIfInactive(uri: string): void {
    if (this.isActive(uri) || !this.entries.has(uri)) return;
    this.forgetTree(uri);
    this.onEvict?.(uri);
  }

  /**
   * Whether the document's tree came from an incremental reparse (as opposed to a parse from scratch). With a
   * syntax error, such a tree can differ from what a fresh parse of the same text gives: tree-sitter's error
   * recovery depends on the old tree.
   */
  hasIncrementalTree(uri: string): boolean {
    const e = this.entries.get(uri);
    return !!e?.tree && !e.freshTree;
  }

  /**
   * Puts `tree`, a parse from scratch of the document's current text, in place of its current tree (which is
   * freed). `changed`: where the two trees differ (`oldTree.getChangedRanges(tree)`), added to the delta, so that
   * the next analysis re-checks only those places. False (and `tree` left to the caller) when the document has
   * no current tree for its current version.
   */
  replaceTree(uri: string, tree: Tree, changed: readonly ChangedRange[]): boolean {
    const e = this.entries.get(uri);
    if (!e || !e.tree || e.treeVersion !== e.doc.version || e.pending.length > 0 || e.fromScratch) return false;
    e.tree.delete();
    e.tree = tree;
    e.freshTree = true;
    if (e.delta) {
      e.delta.changed.push(...changed);
      e.delta.parses++;
    }
    return true;
  }

  /** Frees a document's tree, active or not: its next `getTree` parses from scratch, and the delta is unknown. */
  forgetTree(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.tree?.delete();
    e.tree = undefined;
    e.treeVersion = -1;
    e.pending = [];
    e.fromScratch = true;
    e.delta = undefined;
  }

  /** Frees every document's tree (`forgetTree`). */
  forgetAllTrees(): void {
    for (const uri of this.entries.keys()) this.forgetTree(uri);
  }

  /** Applies a didChange batch in order. Returns the updated document, or undefined when it is not open. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): TextDocument | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    this.touch(uri);
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        TextDocument.update(e.doc, [change], version);
        e.pending = [];
        e.fromScratch = true;
        continue;
      }
      const doc = e.doc;
      // A range given end first is applied as TextDocument.update applies it: between the two offsets.
      const [startIndex, oldEndIndex] = [doc.offsetAt(change.range.start), doc.offsetAt(change.range.end)].sort((a, b) => a - b) as [number, number];
      // Positions re-derived from offsets (the client's may point past a line end).
      const startPosition = toPoint(doc.positionAt(startIndex));
      const oldEndPosition = toPoint(doc.positionAt(oldEndIndex));
      TextDocument.update(doc, [change], version);
      const newEndIndex = startIndex + change.text.length;
      const newEndPosition = toPoint(doc.positionAt(newEndIndex));
      if (!e.fromScratch) e.pending.push(treeEdit({ startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition }));
    }
    // TextDocument.update only sets the version when given changes; keep it even for an empty batch.
    if (changes.length === 0) TextDocument.update(e.doc, [], version);
    return e.doc;
  }

  close(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.tree?.delete();
    this.openOrCloseCount++;
    this.entries.delete(uri);
    this.edited.delete(uri);
    if (this.lastOpened === uri) this.lastOpened = undefined;
  }

  get(uri: string): TextDocument | undefined {
    return this.entries.get(uri)?.doc;
  }

  all(): TextDocument[] {
    return [...this.entries.values()].map((e) => e.doc);
  }

  /**
   * The tree for the document's current text (incremental when possible). Undefined when not open or on failure.
   * Valid until the next call on this store that changes documents (open, change, close, release, `getTree` of
   * another document): use it synchronously. For an inactive document, call `release` once done.
   */
  getTree(uri: string): Tree | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    // A tree made for an inactive document and never released (its analysis threw): free it now.
    if (this.stray !== undefined && this.stray !== uri) {
      if (!this.isActive(this.stray)) this.forgetTree(this.stray);
      this.stray = undefined;
    }
    if (!this.isActive(uri)) this.stray = uri;
    if (e.tree && e.treeVersion === e.doc.version && e.pending.length === 0 && !e.fromScratch) return e.tree;
    const old = e.tree;
    try {
      let tree: Tree;
      if (old && !e.fromScratch) {
        for (const ed of e.pending) old.edit(ed);
        tree = this.parse(e.doc.getText(), old);
        this.stats.incremental++;
        e.freshTree = false;
        if (e.delta) {
          e.delta.edits.push(...e.pending);
          e.delta.changed.push(...old.getChangedRanges(tree));
          e.delta.parses++;
        }
      } else {
        const text = e.doc.getText();
        tree = this.parse(text);
        this.stats.fromScratch++;
        e.delta = undefined;
        e.freshTree = true;
        if (text.length >= SETTLE_MIN_CHARS && this.isActive(uri) && !tree.rootNode.hasError) tree = this.settle(tree, e.doc, text);
      }
      e.tree = tree;
      e.treeVersion = e.doc.version;
      return tree;
    } catch {
      e.tree = undefined;
      e.treeVersion = -1;
      return undefined;
    } finally {
      e.pending = [];
      e.fromScratch = false;
      old?.delete();
    }
  }

  /**
   * Reparses a fresh tree after `SETTLE_REPARSES` empty edits at line ends spread over the text. Only for trees
   * without syntax errors: an error-free text has one parse, so the tree stays the one a full parse gives (error
   * recovery may differ between a full and an incremental parse, and the CLI parses from scratch).
   */
  private settle(tree: Tree, doc: TextDocument, text: string): Tree {
    for (let j = 0; j < SETTLE_REPARSES; j++) {
      const nl = text.indexOf('\n', Math.floor(((j + 0.5) / SETTLE_REPARSES) * text.length));
      const at = nl < 0 ? text.length : nl;
      const p = toPoint(doc.positionAt(at));
      tree.edit(treeEdit({ startIndex: at, oldEndIndex: at, newEndIndex: at, startPosition: p, oldEndPosition: p, newEndPosition: p }));
      let next: Tree;
      try {
        next = this.parse(text, tree);
      } catch {
        return tree; // an empty edit leaves the tree valid for its text
      }
      tree.delete();
      tree = next;
      this.stats.settling++;
    }
    return tree;
  }

  /**
   * The edits and changed ranges since the previous call, for incremental re-analysis; undefined when they are
   * not known exactly (first analysis, a whole-document change, or several parses whose changed ranges would
   * need re-mapping). Starts a new delta.
   */
  takeDelta(uri: string): DocumentDelta | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    const d = e.delta;
    e.delta = { edits: [], changed: [], parses: 0 };
    return d && d.parses <= 1 ? d : undefined;
  }

  /** Frees every tree. */
  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }
}

function toPoint(p: { line: number; character: number }): { row: number; column: number } {
  return { row: p.line, column: p.character };
}
