// Argument edits on multi-line calls (used by the B324/B501/B701 fixes): keep one argument per line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEngine } from './helpers/engine';
import { appendArgumentEdit, removeArgumentEdit } from '../server/src/engine/edits';
import { applyEdits } from '../server/src/engine/fixes';
import type { Node } from '../server/src/engine/parser';
import type { TextEdit } from '../server/src/engine/types';

async function edit(src: string, make: (call: Node) => TextEdit): Promise<string> {
  const e = await getEngine();
  const t = e.parse(src);
  try {
    return applyEdits(src, [make(t.rootNode.descendantsOfType('call')[0]!)]);
  } finally {
    t.delete();
  }
}

const args = (c: Node) => c.childForFieldName('arguments')!;
const kw = (c: Node, name: string) =>
  args(c).namedChildren.find((k) => k.type === 'keyword_argument' && k.childForFieldName('name')?.text === name)!;

test('appendArgumentEdit: multi-line call with trailing comma gets a new line with the same indentation', async () => {
  assert.equal(await edit('f(\n    a,\n)\n', (c) => appendArgumentEdit(args(c), 'b=1')), 'f(\n    a,\n    b=1,\n)\n');
  assert.equal(await edit('f(\r\n\ta,\r\n)\r\n', (c) => appendArgumentEdit(args(c), 'b=1')), 'f(\r\n\ta,\r\n\tb=1,\r\n)\r\n');
  // Single-line calls keep the old behaviour.
  assert.equal(await edit('f(a,)\n', (c) => appendArgumentEdit(args(c), 'b=1')), 'f(a, b=1)\n');
  assert.equal(await edit('f(\n    a)\n', (c) => appendArgumentEdit(args(c), 'b=1')), 'f(\n    a, b=1)\n');
});

test('removeArgumentEdit: a keyword alone on its line removes the line', async () => {
  assert.equal(await edit('f(\n    a,\n    verify=False,\n)\n', (c) => removeArgumentEdit(kw(c, 'verify'))), 'f(\n    a,\n)\n');
  assert.equal(await edit('f(\n    verify=False,\n    b=1,\n)\n', (c) => removeArgumentEdit(kw(c, 'verify'))), 'f(\n    b=1,\n)\n');
  assert.equal(await edit('f(a, verify=False, b=1)\n', (c) => removeArgumentEdit(kw(c, 'verify'))), 'f(a, b=1)\n');
  // Something else on the line: only the argument goes.
  assert.equal(await edit('f(\n    a, verify=False,\n)\n', (c) => removeArgumentEdit(kw(c, 'verify'))), 'f(\n    a,\n)\n');
  // The call further into the file (the edit reads only the argument list's text, at its offset).
  const pre = 'import requests\r\n\r\ndef g(u):\r\n    ';
  assert.equal(await edit(`${pre}r = f(\r\n        u,\r\n        verify=False,\r\n    )\r\n`, (c) => removeArgumentEdit(kw(c, 'verify'))), `${pre}r = f(\r\n        u,\r\n    )\r\n`);
  assert.equal(await edit(`${pre}r = f(verify=False,\r\n        u)\r\n`, (c) => removeArgumentEdit(kw(c, 'verify'))), `${pre}r = f(u)\r\n`);
  assert.equal(await edit(`${pre}r = f(\r\n        u,\r\n    )\r\n`, (c) => appendArgumentEdit(args(c), 'b=1')), `${pre}r = f(\r\n        u,\r\n        b=1,\r\n    )\r\n`);
});
