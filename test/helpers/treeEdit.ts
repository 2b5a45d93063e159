// Test helper: applying a text replacement to a text and its tree the way the server does (tree.edit with rows
// and UTF-16 columns), for the incremental-analysis property tests.
import { Edit, type Tree } from 'web-tree-sitter';
import { analyzeIncremental, type EditLike, type IncrementalState } from '../../server/src/engine/incremental';
import type { Engine } from '../../server/src/engine/engine';

/** The (row, UTF-16 column) of an offset, with LF line breaks (tree-sitter's rows). */
export function point(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let col = 0;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      row++;
      col = 0;
    } else col++;
  }
  return { row, column: col };
}

/** Replaces [start, end) by `insert` in the text and edits the tree; returns the new text and the edit. */
export function applyEdit(text: string, tree: Tree, start: number, end: number, insert: string): { text: string; edit: EditLike } {
  const next = text.slice(0, start) + insert + text.slice(end);
  const edit = new Edit({
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + insert.length,
    startPosition: point(text, start),
    oldEndPosition: point(text, end),
    newEndPosition: point(next, start + insert.length),
  });
  tree.edit(edit);
  return { text: next, edit };
}

/** Applies `n` edits chosen by `next` (from the text so far) to the text and the tree; returns the text and the edits. */
export function editBatch(text: string, tree: Tree, n: number, next: (text: string) => [number, number, string]): { text: string; edits: EditLike[] } {
  const edits: EditLike[] = [];
  for (let k = 0; k < n; k++) {
    const [start, end, insert] = next(text);
    const res = applyEdit(text, tree, start, end, insert);
    text = res.text;
    edits.push(res.edit);
  }
  return { text, edits };
}

/**
 * What the server does after edits: reparse with the edited old tree (freed), then re-analyse incrementally with
 * tree-sitter's changed ranges. Returns the new tree and the incremental result.
 */
export function reanalyze(engine: Engine, tree: Tree, text: string, state: IncrementalState | undefined, edits: EditLike[]): { tree: Tree; inc: ReturnType<typeof analyzeIncremental> } {
  const next = engine.parse(text, tree);
  const changed = tree.getChangedRanges(next);
  tree.delete();
  return { tree: next, inc: analyzeIncremental(engine, next, text, {}, 'k', state, edits, changed) };
}
