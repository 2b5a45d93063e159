// Protocol robustness of the real server (`node dist/server.js --stdio`, raw JSON-RPC): notifications for unopened
// documents, out-of-order and repeated versions, unknown URIs and methods, malformed params and bodies,
// $/cancelRequest, a client that stops reading, shutdown/exit and a vanished client. The server must never crash
// and must still answer afterwards.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { RawLspClient, defaultServerScript } from './helpers/lsp-client';

const SCRIPT = defaultServerScript();

type Item = { code?: unknown; range: { start: { line: number; character: number } } };
const codes = (items: unknown[] | undefined) => ((items ?? []) as Item[]).map((d) => `${String(d.code)}@${d.range.start.line + 1}`).sort();

async function withServer(f: (c: RawLspClient) => Promise<void>): Promise<RawLspClient> {
  assert.ok(fs.existsSync(SCRIPT), `${SCRIPT} must be built`);
  const c = new RawLspClient({ script: SCRIPT });
  try {
    await c.initialize();
    await f(c);
    return c;
  } finally {
    await c.dispose();
  }
}

/** The server is alive and analyses a new document correctly. */
async function stillAnswers(c: RawLspClient): Promise<void> {
  assert.ok(c.alive, `server exited: ${c.exitCode} ${c.exitSignal}\n${c.stderr}`);
  const uri = `file:///probe/alive-${Math.random().toString(36).slice(2)}.py`;
  c.open(uri, 'import pickle\n');
  const r = await c.pull(uri, 10_000);
  assert.deepEqual(codes(r.items), ['B403@1']);
  c.close(uri);
}

/** Pull diagnostics of `text` opened as a fresh document. */
async function freshCodes(c: RawLspClient, text: string): Promise<string[]> {
  const uri = `file:///probe/fresh-${Math.random().toString(36).slice(2)}.py`;
  c.open(uri, text);
  const r = await c.pull(uri);
  c.close(uri);
  return codes(r.items);
}

const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('lsp robustness (real server over stdio)', () => {
  test('didChange / didSave / didClose for a document that was never opened: ignored, server answers', async () => {
    await withServer(async (c) => {
      const uri = 'file:///probe/never-opened.py';
      c.change(uri, 2, [{ range: range(0, 0, 0, 0), text: 'eval(x)\n' }]);
      c.change(uri, 3, [{ text: 'eval(x)\n' }]);
      c.notify('textDocument/didSave', { textDocument: { uri } });
      c.close(uri);
      const r = await c.pull(uri);
      assert.deepEqual(r.items ?? [], []);
      assert.ok(c.logs().some((l) => l.includes('not open') && l.includes(uri)), c.logs().join('\n'));
      await stillAnswers(c);
    });
  });

  test('repeated version with different text: diagnostics follow the text, not the version', async () => {
    await withServer(async (c) => {
      const uri = 'file:///probe/repeat.py';
      c.open(uri, 'x = 1\n', 1);
      assert.deepEqual(codes((await c.pull(uri)).items), []);
      // Version 1 again (a buggy client), new text: the analysis must not come from the cache of version 1.
      c.change(uri, 1, [{ range: range(0, 0, 1, 0), text: 'import pickle\n' }]);
      assert.deepEqual(codes((await c.pull(uri)).items), ['B403@1']);
      await stillAnswers(c);
    });
  });

  test('out-of-order versions: changes applied in arrival order, diagnostics equal a fresh document', async () => {
    await withServer(async (c) => {
      const uri = 'file:///probe/order.py';
      let text = 'import os\n';
      c.open(uri, text, 5);
      await c.pull(uri);
      c.change(uri, 7, [{ range: range(1, 0, 1, 0), text: 'eval(x)\n' }]);
      text += 'eval(x)\n';
      assert.deepEqual(codes((await c.pull(uri)).items), ['B307@2']);
      c.change(uri, 6, [{ range: range(0, 0, 0, 0), text: 'import pickle\n' }]); // older version number
      text = 'import pickle\n' + text;
      const got = codes((await c.pull(uri)).items);
      assert.deepEqual(got, await freshCodes(c, text));
      c.change(uri, 7, [{ range: range(0, 0, 1, 0), text: '' }]); // a version seen before, again different text
      text = text.split('\n').slice(1).join('\n');
      assert.deepEqual(codes((await c.pull(uri)).items), await freshCodes(c, text));
      await stillAnswers(c);
    });
  });

  test('ranges past the end, negative positions, empty and huge batches: no crash, text stays consistent', async () => {
    await withServer(async (c) => {
      const uri = 'file:///probe/ranges.py';
      c.open(uri, 'x = 1\n', 1);
      c.change(uri, 2, [{ range: range(50, 3, 99, 0), text: 'eval(x)\n' }]); // past the end: appended
      c.change(uri, 3, [{ range: range(-1, -5, 0, 0), text: '' }]);
      c.change(uri, 4, []);
      const batch = Array.from({ length: 500 }, () => ({ range: range(0, 0, 0, 0), text: '#\n' }));
      c.change(uri, 5, batch);
      const got = codes((await c.pull(uri)).items);
      assert.deepEqual(got, ['B307@502']);
      await stillAnswers(c);
    });
  });

  test('CRLF, lone CR and mixed line endings: diagnostic positions are LSP positions of the text', async () => {
    await withServer(async (c) => {
      // LSP (and Python) treat \r\n, \n and a lone \r as line breaks.
      for (const [text, want] of [
        ['x = 1\r\neval(x)\r\n', 'B307@2:0'],
        ['x = 1\n\r\n  \r\neval(x)\n', 'B307@4:0'],
        ['x = 1\reval(x)\n', 'B307@2:0'],
        ['x = 1\r\ry = 2\n    \reval(x)\n', 'B307@5:0'],
      ] as const) {
        const uri = `file:///probe/eol-${Math.random().toString(36).slice(2)}.py`;
        c.open(uri, text);
        const items = ((await c.pull(uri)).items ?? []) as Item[];
        const got = items.map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character}`);
        assert.deepEqual(got, [want], JSON.stringify(text));
        c.close(uri);
      }
    });
  });

  test('unknown URIs, unknown methods, malformed params: every request answered, server alive', async () => {
    await withServer(async (c) => {
      const r = await c.pull('file:///probe/unknown.py');
      assert.equal(r.kind, 'full');
      assert.deepEqual(r.items, []);
      assert.deepEqual(await c.request('textDocument/codeAction', { textDocument: { uri: 'untitled:Untitled-1' }, range: range(0, 0, 0, 0), context: { diagnostics: [] } }), []);
      await assert.rejects(c.request('vigil/noSuchMethod', {}), /-32601/);
      // Params of the wrong shape: answered (result or error), never a crash.
      for (const [method, params] of [
        ['textDocument/diagnostic', {}],
        ['textDocument/diagnostic', { textDocument: { uri: 42 } }],
        ['textDocument/codeAction', { textDocument: { uri: 'file:///probe/unknown.py' } }],
        ['textDocument/codeAction', null],
      ] as const) {
        const { response } = c.requestRaw(method, params);
        const m = await response;
        assert.ok('result' in m || 'error' in m, `${method} answered`);
      }
      // Notifications with the wrong shape.
      c.notify('textDocument/didOpen', { textDocument: { uri: 'file:///probe/bad.py', languageId: 'python', version: 1, text: 42 } });
      c.notify('textDocument/didOpen', {});
      c.notify('textDocument/didChange', { textDocument: { uri: 'file:///probe/bad.py', version: 2 }, contentChanges: 'nope' });
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 1 }] });
      c.notify('vigil/unknownNotification', { x: 1 });
      const bad = await c.pull('file:///probe/bad.py');
      assert.ok(Array.isArray(bad.items));
      await stillAnswers(c);
    });
  });

  test('a malformed JSON body does not kill the connection', async () => {
    await withServer(async (c) => {
      const body = '{"jsonrpc":"2.0","id":999,"method":';
      c.writeRaw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await new Promise((r) => setTimeout(r, 200));
      await stillAnswers(c);
    });
  });

  test('$/cancelRequest: a cancelled pull is still answered (result or RequestCancelled), later requests fine', async () => {
    await withServer(async (c) => {
      const uri = 'file:///probe/cancel.py';
      const big = Array.from({ length: 500 }, (_, i) => `v${i} = f(${i}) + eval(s${i})`).join('\n') + '\n';
      c.open(uri, big);
      const pending = Array.from({ length: 5 }, () => c.requestRaw('textDocument/diagnostic', { textDocument: { uri } }));
      for (const p of pending) c.notify('$/cancelRequest', { id: p.id });
      c.notify('$/cancelRequest', { id: 123_456 }); // unknown id
      for (const p of pending) {
        const m = await p.response;
        assert.ok(m.error ? m.error.code === -32800 : Array.isArray((m.result as { items?: unknown[] }).items), JSON.stringify(m).slice(0, 200));
      }
      const r = await c.pull(uri, 60_000);
      assert.equal((r.items ?? []).length, 500);
      await stillAnswers(c);
    });
  });

  test('a client that stops reading for a while: the server survives, answers everything once it reads again', async () => {
    let rssPaused = 0;
    await withServer(async (c) => {
      const uri = 'file:///probe/noread.py';
      const text = Array.from({ length: 200 }, (_, i) => `eval(x${i})`).join('\n') + '\n';
      c.open(uri, text);
      await c.pull(uri);
      c.pauseReading();
      const reqs: Promise<unknown>[] = [];
      for (let i = 0; i < 300; i++) {
        c.change(uri, 2 + i, [{ range: range(0, 0, 0, 0), text: i % 2 ? '#' : '' }]);
        reqs.push(c.requestRaw('textDocument/diagnostic', { textDocument: { uri } }).response);
      }
      await new Promise((r) => setTimeout(r, 3_000));
      rssPaused = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${c.child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      assert.ok(c.alive);
      c.resumeReading();
      const all = await Promise.all(reqs);
      assert.equal(all.length, 300);
      console.log(`# server RSS while its 300 answers (~${Math.round((300 * 200 * 400) / 1048576)} MB) were unread: ${(rssPaused / 1048576).toFixed(0)} MB`);
      assert.ok(rssPaused < 1024 * 1048576, `server RSS ${rssPaused}`);
      await stillAnswers(c);
    });
  });

  test('shutdown then exit: shutdown answered, exit code 0; a request after shutdown is answered, not crashed', async () => {
    assert.ok(fs.existsSync(SCRIPT));
    const c = new RawLspClient({ script: SCRIPT });
    try {
      await c.initialize();
      c.open('file:///probe/s.py', 'import pickle\n');
      assert.equal(await c.request('shutdown'), null);
      // LSP says "should error with InvalidRequest"; vscode-languageserver answers normally (trees already freed).
      const after = await c.requestRaw('textDocument/diagnostic', { textDocument: { uri: 'file:///probe/s.py' } }).response;
      assert.ok(after.error || (after.result as { items?: unknown[] }).items, JSON.stringify(after));
      assert.ok(c.alive);
      c.notify('exit');
      assert.equal(await c.waitExit(5_000), true, 'server exits after exit');
      assert.equal(c.exitCode, 0);
    } finally {
      await c.dispose();
    }
  });

  test('exit without shutdown exits with code 1; a vanished client (stdin closed) ends the server', async () => {
    const a = new RawLspClient({ script: SCRIPT });
    const b = new RawLspClient({ script: SCRIPT });
    try {
      await a.initialize();
      a.notify('exit');
      assert.equal(await a.waitExit(5_000), true);
      assert.equal(a.exitCode, 1);
      await b.initialize();
      b.open('file:///probe/v.py', 'import pickle\n');
      b.child.stdin.end();
      assert.equal(await b.waitExit(10_000), true, 'server exits when its client goes away');
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  test('time budget: a huge or slow document gets an Information notice within 2 s, later documents are fine', async () => {
    const c = new RawLspClient({ script: SCRIPT, env: { ...process.env, VIGIL_TIME_BUDGET_MS: '200' }, settings: () => ({ maxFileSizeKb: 0 }) });
    try {
      await c.initialize();
      await stillAnswers(c);
      const huge = Array.from({ length: 100_000 }, (_, i) => `v${i} = f(${i}) + [${i}, "s${i}"]`).join('\n') + '\n';
      const slow = 'import pickle\nx = ' + '('.repeat(20_000) + '\n';
      for (const [name, text, code] of [
        ['huge', huge, 'parsing'],
        ['slow', slow, 'stopped'],
      ] as const) {
        const uri = `file:///probe/${name}.py`;
        c.open(uri, text);
        const t0 = performance.now();
        const r = await c.pull(uri, 30_000);
        const ms = performance.now() - t0;
        assert.ok(ms < 2_000, `${name}: pull took ${ms.toFixed(0)} ms`);
        const items = (r.items ?? []) as { severity?: number; message: string; range: { start: { line: number } } }[];
        const notice = items.find((d) => d.severity === 3 && d.message.includes(code));
        assert.ok(notice, `${name}: ${JSON.stringify(items.slice(0, 3))}`);
        assert.equal(notice.range.start.line, 0);
        // An edit of the over-budget document is answered within the bound too.
        c.change(uri, 2, [{ range: range(0, 0, 0, 0), text: '#\n' }]);
        const t1 = performance.now();
        await c.pull(uri, 30_000);
        assert.ok(performance.now() - t1 < 2_000, `${name}: pull after edit took ${(performance.now() - t1).toFixed(0)} ms`);
        c.close(uri);
        await stillAnswers(c);
      }
    } finally {
      await c.dispose();
    }
  });

  test('before initialize: requests get ServerNotInitialized (-32002), notifications are dropped; then initialize works', async () => {
    const c = new RawLspClient({ script: SCRIPT });
    try {
      const uri = 'file:///probe/early.py';
      c.open(uri, 'import pickle\n'); // dropped: the document is not open after initialize
      for (const [method, params] of [
        ['textDocument/diagnostic', { textDocument: { uri } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [] } }],
        ['vigil/scanWorkspace', {}],
      ] as const) {
        const m = await c.requestRaw(method, params).response;
        assert.equal(m.error?.code, -32002, `${method}: ${JSON.stringify(m)}`);
      }
      assert.ok(c.alive);
      // Before the guard these requests ran against unset settings and logged TypeErrors (window/logMessage).
      const logged = c.notifications.filter((m) => m.method === 'window/logMessage').map((m) => JSON.stringify(m.params));
      assert.deepEqual(logged.filter((l) => l.includes('TypeError')), []);
      await c.initialize();
      await stillAnswers(c);
      // The early didOpen was dropped: the server reports the document as not open (no findings).
      assert.deepEqual((await c.pull(uri, 10_000)).items, []);
    } finally {
      await c.dispose();
    }
  });
});
