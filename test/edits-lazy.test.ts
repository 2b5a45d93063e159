// engine/fixes.ts `editTouchesError` and engine/edits.ts `importInsertion` read only the children they need (the
// editor calls them on keystrokes in files with import fixes). They must answer exactly what reading every child
// answers: checked here against such reference versions on the rule fixtures, mutated into syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { corpusFiles, mutateFile } from './helpers/fuzz';
import { rng } from './helpers/random';
import { editTouchesError } from '../server/src/engine/fixes';
import { importInsertion } from '../server/src/engine/edits';
import type { Node } from '../server/src/engine/parser';

/** Reference: some ERROR or MISSING node of the tree overlaps or touches [start, end]. */
function touchesErrorRef(node: Node, start: number, end: number): boolean {
  if (node.endIndex < start || end < node.startIndex) return false;
  if (node.isError || node.isMissing) return true;
  return node.children.some((c) => !!c && touchesErrorRef(c, start, end));
}

/** Reference: importInsertion as written before, over the list of every top-level statement. */
function importInsertionRef(root: Node, source: string): { at: number; newline: boolean; leadEnd: number; firstError: boolean } {
  const stmts = root.namedChildren.filter((c) => c.type !== 'comment');
  const firstError = root.hasError && stmts[0]?.type === 'ERROR';
  let insertAfter: Node | undefined;
  let leadEnd = source.length;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    const isDoc = i === 0 && s.type === 'expression_statement' && s.firstNamedChild?.type === 'string';
    if (isDoc || s.type === 'future_import_statement') insertAfter = s;
    else {
      leadEnd = s.startIndex;
      break;
    }
  }
  if (insertAfter) {
    const end = source.indexOf('\n', insertAfter.endIndex);
    return end < 0 ? { at: source.length, newline: true, leadEnd, firstError } : { at: end + 1, newline: false, leadEnd, firstError };
  }
  let at = 0;
  for (const c of root.namedChildren) {
    if (c.type !== 'comment' || c.startIndex !== at) break;
    if (!/^#!|coding[:=]/.test(c.text)) break;
    const end = source.indexOf('\n', c.endIndex);
    at = end < 0 ? source.length : end + 1;
  }
  return { at, newline: false, leadEnd, firstError };
}

const HEADS = ['', '"""Doc."""\n', '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n', '"""Doc."""\nfrom __future__ import annotations\n# note\n', '# only a comment\n'];

test('lazy child reads answer as reading every child (mutated fixtures, with and without errors)', async () => {
  const engine = await getEngine();
  const root = path.join(__dirname, '..', '..');
  const files = corpusFiles([path.join(root, 'rules')], root).slice(0, 60);
  assert.ok(files.length >= 40, `rule fixtures found: ${files.length}`);
  const r = rng(4242);
  let errorTrees = 0;
  let touching = 0;
  let checks = 0;
  for (const [k, file] of files.entries()) {
    const source = HEADS[k % HEADS.length] + mutateFile(fs.readFileSync(file, 'utf8'), r, 120);
    const tree = engine.parse(source);
    try {
      const rootNode = tree.rootNode;
      if (rootNode.hasError) errorTrees++;
      assert.deepEqual(importInsertion(rootNode, source), importInsertionRef(rootNode, source), `${file} (mutated, head ${k % HEADS.length})`);
      for (let i = 0; i < 40; i++) {
        const a = Math.floor(r() * (source.length + 1));
        const b = Math.min(source.length, a + (r() < 0.3 ? 0 : Math.floor(r() * 60)));
        const got = editTouchesError(rootNode, a, b);
        assert.equal(got, rootNode.hasError && touchesErrorRef(rootNode, a, b), `${file} [${a}, ${b}]`);
        checks++;
        if (got) touching++;
      }
    } finally {
      tree.delete();
    }
  }
  // The comparison covered both answers on trees with errors.
  assert.ok(errorTrees >= 10, `trees with errors: ${errorTrees}`);
  assert.ok(touching >= 20 && touching < checks, `ranges touching an error: ${touching} of ${checks}`);
});

test("editTouchesError sees an empty ERROR node at a statement's end, which tree-sitter's nextSibling skips", async () => {
  const engine = await getEngine();
  // The module's children: ERROR [0,8], return_statement [13,24], ERROR [24,24] (zero-width), comment [26,29].
  const source = 'def f"):\n    return host\n\n# c\n';
  const tree = engine.parse(source);
  try {
    const root = tree.rootNode;
    const empty = root.children.find((c) => c.isError && c.startIndex === c.endIndex);
    assert.equal(empty?.startIndex, 24, 'the fixture still parses into an empty ERROR at 24');
    assert.notEqual(root.children.find((c) => c.type === 'return_statement')?.nextSibling?.id, empty.id, 'nextSibling still skips it');
    assert.equal(editTouchesError(root, 20, 25), true); // across the empty ERROR
    assert.equal(editTouchesError(root, 24, 24), true); // at it
    assert.equal(editTouchesError(root, 20, 23), false); // inside the return statement only
    assert.equal(editTouchesError(root, 25, 25), false); // after it, before the comment
  } finally {
    tree.delete();
  }
});
