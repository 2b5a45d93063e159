// A large active document parsed from scratch is settled by reparses after empty edits (server/src/lsp/documents.ts
// `settle`): the tree must stay exactly the one a full parse gives, and the point is that the user's first edit
// then re-reads the text in fewer places than on a fresh tree. Small, erroneous and inactive documents are not.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Tree } from 'web-tree-sitter';
import { DocumentStore, SETTLE_MIN_CHARS, type ParseFn } from '../server/src/lsp/documents';
import { loadPython } from '../server/src/engine/parser';
import { treeSignature } from './helpers/fuzz';
import { applyEdit } from './helpers/treeEdit';

/** A module with one large class (as in big service modules): distinct methods with calls, strings, branches. */
function bigModule(methods: number): string {
  const out = ['import os', 'import subprocess', '', '', 'class Manager(object):', '    """A large class."""', ''];
  for (let i = 0; i < methods; i++) {
    out.push(
      `    def method_${i}(self, context, instance, value=${i}):`,
      `        """Does step ${i}."""`,
      `        if instance.flag_${i % 7} and value > ${i % 13}:`,
      `            result = self.helper_${i % 11}(context, instance, "name-${i}")`,
      `            LOG.debug("step %s done: %s", ${i}, result)`,
      `        else:`,
      `            result = [x for x in range(${i % 5 + 1}) if x % 2]`,
      `        return {'id': ${i}, 'result': result}`,
      '',
    );
  }
  return out.join('\n');
}

describe('settling a freshly parsed large document', async () => {
  const { parser } = await loadPython();
  let reads = 0;
  const parse: ParseFn = (text, old) => {
    const t = parser.parse((i) => {
      reads++;
      return text.slice(i);
    }, old ?? null);
    if (!t) throw new Error('no tree');
    return t;
  };
  const big = bigModule(420);
  const at = big.indexOf('method_200(') + 3; // inside an identifier: `metxhod_200`

  test('keeps the full-parse tree, and the first edit re-reads the text in fewer places than on a fresh tree', () => {
    assert.ok(big.length >= SETTLE_MIN_CHARS, `${big.length} characters`);
    const store = new DocumentStore(parse);
    store.open('file:///big.py', 'python', 1, big);
    const tree = store.getTree('file:///big.py')!;
    assert.equal(store.stats.settling, 3);
    const fresh = parse(big);
    try {
      assert.equal(treeSignature(tree), treeSignature(fresh));
    } finally {
      fresh.delete();
    }

    // The same one-character edit: on the store's settled tree, and on a fresh tree.
    const pos = store.get('file:///big.py')!.positionAt(at);
    store.change('file:///big.py', 2, [{ range: { start: pos, end: pos }, text: 'x' }]);
    reads = 0;
    const after = store.getTree('file:///big.py')!;
    const settledReads = reads;
    const freshTree = parse(big);
    const edited = applyEdit(big, freshTree, at, at, 'x').text;
    const expected = parse(edited);
    let reparsed: Tree | undefined;
    try {
      assert.equal(treeSignature(after), treeSignature(expected));
      reads = 0;
      reparsed = parse(edited, freshTree);
      const freshReads = reads;
      assert.ok(settledReads < freshReads, `reads after settling ${settledReads}, on a fresh tree ${freshReads}`);
    } finally {
      expected.delete();
      freshTree.delete();
      reparsed?.delete();
      store.close('file:///big.py');
    }
  });

  test('small, erroneous and inactive documents are not settled', () => {
    const store = new DocumentStore(parse);
    store.open('file:///small.py', 'python', 1, bigModule(3));
    assert.ok(store.getTree('file:///small.py'));
    const broken = big.replace('method_10(self', 'method_10(self:');
    store.open('file:///broken.py', 'python', 1, broken);
    assert.ok(store.getTree('file:///broken.py')!.rootNode.hasError);
    // Opening another document makes broken.py inactive: its next tree is parsed for one analysis only.
    store.open('file:///big.py', 'python', 1, big);
    store.open('file:///other.py', 'python', 1, 'x = 1\n');
    assert.equal(store.isActive('file:///big.py'), false);
    assert.ok(store.getTree('file:///big.py'));
    store.release('file:///big.py');
    assert.equal(store.stats.settling, 0);
    assert.equal(store.stats.fromScratch, 3);
    for (const u of ['small', 'broken', 'big', 'other']) store.close(`file:///${u}.py`);
  });
});
