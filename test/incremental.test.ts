// Property test of the incremental parse: hundreds of random edits (seeded) applied through DocumentStore as
// LSP content changes (single and batched), after which the incremental tree must print exactly as a fresh
// parse of the same text, and the findings must equal a from-scratch analysis.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../server/src/lsp/documents';
import { analyzeSource } from '../server/src/engine/analyze';
import { getEngine } from './helpers/engine';
import { rng as prng } from './helpers/random';

const SAMPLE = `"""Module docstring with ünïcödé and an emoji 😀."""
import os
import pickle
import subprocess
import yaml
from hashlib import md5 as digest


class Store:
    def __init__(self, path="/tmp/x"):
        self.path = path  # a comment
        self.password = "hunter2"

    def load(self, data):
        obj = pickle.loads(data)
        cfg = yaml.load(open(self.path))  # nosec B101
        return obj, cfg


def run(cmd, user):
    subprocess.call(cmd, shell=True)
    os.system("ls " + user)
    query = "SELECT * FROM t WHERE name = '%s'" % user
    return f"{query!r} — {digest(b'x').hexdigest()}"


assert run("x", "y")
try:
    pass
except Exception:
    pass
`;

const SNIPPETS = [
  '', '', '', 'x', 'y', '(', ')', ':', '\n', '\n    ', '    ', '#', '"', "'", '"""', 'é', '😀', '\r\n', ',',
  'yaml.load(data)\n', 'import pickle\n', 'subprocess.Popen(c, shell=True)', 'def g():\n    return 1\n',
  'if x:\n        pass\n', 'lambda: 0', '[1, 2]', '{"a": b}', 'f"{x}"', ' = ', 'eval(s)', 'exec(s)\n',
];


/** A random offset that does not split a surrogate pair. */
function offsetIn(text: string, r: number): number {
  let o = Math.floor(r * (text.length + 1));
  if (o > 0 && o < text.length && /[\udc00-\udfff]/.test(text[o]!) && /[\ud800-\udbff]/.test(text[o - 1]!)) o--;
  return o;
}

describe('incremental parsing', () => {
  for (const seed of [1, 7, 42]) {
    test(`random edits (seed ${seed}): incremental tree == fresh parse, findings == from-scratch analysis`, async () => {
      const engine = await getEngine();
      const store = new DocumentStore((text, old) => engine.parse(text, old));
      const uri = 'file:///prop.py';
      const rnd = prng(seed);
      let shadow = TextDocument.create(uri, 'python', 1, SAMPLE);
      store.open(uri, 'python', 1, SAMPLE);
      let version = 1;
      const STEPS = 300;
      let compared = 0;
      let parses = 0;
      try {
        for (let step = 0; step < STEPS; step++) {
          version++;
          const changes: TextDocumentContentChangeEvent[] = [];
          if (rnd() < 0.01) {
            changes.push({ text: shadow.getText() + '\n# rewritten\n' });
            shadow = TextDocument.create(uri, 'python', version, shadow.getText() + '\n# rewritten\n');
          } else {
            // 1-3 changes in one notification; each change's range is on the text after the previous ones.
            const n = rnd() < 0.7 ? 1 : 2 + Math.floor(rnd() * 2);
            for (let k = 0; k < n; k++) {
              const text = shadow.getText();
              const a = offsetIn(text, rnd());
              const len = rnd() < 0.5 ? 0 : Math.floor(rnd() * 12);
              const b = offsetIn(text, Math.min(1, (a + len) / Math.max(1, text.length + 1)));
              const [s, e] = a <= b ? [a, b] : [b, a];
              const change = { range: { start: shadow.positionAt(s), end: shadow.positionAt(e) }, text: SNIPPETS[Math.floor(rnd() * SNIPPETS.length)]! };
              changes.push(change);
              shadow = TextDocument.update(shadow, [change], version);
            }
          }
          store.change(uri, version, changes);
          assert.equal(store.get(uri)!.getText(), shadow.getText());
          // Sometimes let edits pile up before the next parse (several keystrokes inside one debounce).
          if (rnd() < 0.3 && step < STEPS - 1) continue;
          const tree = store.getTree(uri)!;
          const fresh = engine.parse(shadow.getText());
          try {
            assert.equal(tree.rootNode.toString(), fresh.rootNode.toString(), `tree differs after step ${step} (seed ${seed})`);
            if (parses++ % 5 === 0 || step === STEPS - 1) {
              const text = shadow.getText();
              const inc = analyzeSource(engine, text, { filename: 'prop.py', tree });
              const scratch = analyzeSource(engine, text, { filename: 'prop.py' });
              assert.deepEqual(inc.findings, scratch.findings, `findings differ after step ${step} (seed ${seed})`);
              assert.deepEqual(inc.syntaxError, scratch.syntaxError);
              compared++;
            }
          } finally {
            fresh.delete();
          }
        }
        assert.ok(store.stats.incremental > 150, `incremental parses: ${store.stats.incremental}`);
        assert.ok(store.stats.fromScratch < 10, `from-scratch parses: ${store.stats.fromScratch}`);
        assert.ok(compared >= 30, `analyses compared: ${compared}`);
      } finally {
        store.dispose();
      }
    });
  }

  test('close frees the tree; whole-document change reparses from scratch; unchanged version reuses the tree', async () => {
    const engine = await getEngine();
    const store = new DocumentStore((text, old) => engine.parse(text, old));
    store.open('u', 'python', 1, 'import pickle\n');
    const t1 = store.getTree('u')!;
    assert.equal(store.getTree('u'), t1);
    store.change('u', 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
    const t2 = store.getTree('u')!;
    assert.notEqual(t2, t1);
    assert.equal(store.stats.incremental, 1);
    store.change('u', 3, [{ text: 'x = 1\n' }]);
    store.getTree('u');
    assert.equal(store.stats.fromScratch, 2);
    store.close('u');
    assert.equal(store.get('u'), undefined);
    assert.equal(store.getTree('u'), undefined);
    // The closed document's tree was deleted: using it throws or reports a freed tree.
    assert.throws(() => t2.rootNode.toString());
  });
});
