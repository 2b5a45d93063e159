/**
 * Open documents and their incremental tree-sitter trees. Each content change of a batch is applied one at a
 * time (offsets computed on the text before that change), recorded as a tree-sitter edit, and the next
 * `getTree` applies the pending edits to the old tree and reparses with it. Trees are freed here and only here.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Edit, type Tree } from 'web-tree-sitter';
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
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  readonly stats: ParseStats = { incremental: 0, fromScratch: 0 };

  constructor(private readonly parse: ParseFn) {}

  open(uri: string, languageId: string, version: number, text: string): TextDocument {
    this.close(uri);
    const doc = TextDocument.create(uri, languageId, version, text);
    this.entries.set(uri, { doc, tree: undefined, treeVersion: -1, pending: [], fromScratch: true, delta: undefined });
    return doc;
  }

  /** Applies a didChange batch in order. Returns the updated document, or undefined when it is not open. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): TextDocument | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        TextDocument.update(e.doc, [change], version);
        e.pending = [];
        e.fromScratch = true;
        continue;
      }
      const doc = e.doc;
      const startIndex = doc.offsetAt(change.range.start);
      const oldEndIndex = doc.offsetAt(change.range.end);
      // Positions re-derived from offsets (the client's may point past a line end).
      const startPosition = toPoint(doc.positionAt(startIndex));
      const oldEndPosition = toPoint(doc.positionAt(oldEndIndex));
      TextDocument.update(doc, [change], version);
      const newEndIndex = startIndex + change.text.length;
      const newEndPosition = toPoint(doc.positionAt(newEndIndex));
      if (!e.fromScratch) e.pending.push(new Edit({ startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition }));
    }
    // TextDocument.update only sets the version when given changes; keep it even for an empty batch.
    if (changes.length === 0) TextDocument.update(e.doc, [], version);
    return e.doc;
  }

  close(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.tree?.delete();
    this.entries.delete(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.entries.get(uri)?.doc;
  }

  all(): TextDocument[] {
    return [...this.entries.values()].map((e) => e.doc);
  }

  /** The tree for the document's current text (incremental when possible). Undefined when not open or on failure. */
  getTree(uri: string): Tree | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    if (e.tree && e.treeVersion === e.doc.version && e.pending.length === 0 && !e.fromScratch) return e.tree;
    const old = e.tree;
    try {
      let tree: Tree;
      if (old && !e.fromScratch) {
        for (const ed of e.pending) old.edit(ed);
        tree = this.parse(e.doc.getText(), old);
        this.stats.incremental++;
        if (e.delta) {
          e.delta.edits.push(...e.pending);
          e.delta.changed.push(...old.getChangedRanges(tree));
          e.delta.parses++;
        }
      } else {
        tree = this.parse(e.doc.getText());
        this.stats.fromScratch++;
        e.delta = undefined;
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
