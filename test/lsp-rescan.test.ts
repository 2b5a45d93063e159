// Closed files' workspace-scan results follow configuration changes (server.ts `rescanSoon`, the sweep in
// `runScanRequest`), and files that a setting or a `.bandit` file names are watched at the server's request.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DidChangeWatchedFilesRegistrationOptions, RelativePattern } from 'vscode-languageserver';
import { PUSH_CAPS } from './helpers/lsp';
import { codes, inFolder, PICKLE_YAML, type Folder } from './helpers/folder';
import { json, vigil } from './helpers/cli';

const WATCH_CAPS = { ...PUSH_CAPS, workspace: { ...PUSH_CAPS.workspace, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } };
const server = { rescanDelayMs: 20 };

/** The glob pattern of the last file watcher the server registered (after waiting for one). */
async function watchedPattern(f: Folder): Promise<RelativePattern> {
  const watchers = () => f.c.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles');
  await f.c.waitFor(() => watchers().length > 0, 'a watcher registration');
  return (watchers().pop()!.registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers[0]!.globPattern as RelativePattern;
}

/** Waits until the last publication for `rel` has the codes `want`. */
async function published(f: Folder, rel: string, want: string[]): Promise<void> {
  const uri = f.uri(rel);
  await f.c.waitFor(() => {
    const last = f.c.published.filter((p) => p.uri === uri).pop();
    return !!last && JSON.stringify(codes(last.diagnostics)) === JSON.stringify(want);
  }, `${rel} showing ${want.join(', ') || 'nothing'}`);
}

describe('workspace-scan results after configuration changes', () => {
  test('a pyproject change, a .gitignore change and a removed folder redo or clear closed files\' results', async () => {
    await inFolder(
      { 'a.py': PICKLE_YAML, 'pkg/b.py': PICKLE_YAML },
      async (f) => {
        await f.c.request('vigil/scanWorkspace', {});
        assert.deepEqual(await f.scanned('a.py'), ['B403', 'B506']);
        assert.deepEqual(await f.scanned('pkg/b.py'), ['B403', 'B506']);
        // A skip in pyproject.toml: the closed files are scanned again with it, without a scan request.
        f.write('pyproject.toml', '[tool.bandit]\nskips = ["B403"]\n');
        await f.changed(['pyproject.toml']);
        await published(f, 'a.py', ['B506']);
        await published(f, 'pkg/b.py', ['B506']);
        // A .gitignore that ignores pkg/: its file loses its results (the scan no longer lists it); an open file
        // there shows nothing.
        assert.deepEqual(await f.open('pkg/c.py'), ['B506']);
        const before = f.c.published.length;
        f.write('.gitignore', 'pkg/\n');
        await f.changed(['.gitignore']);
        await published(f, 'pkg/b.py', []);
        await published(f, 'pkg/c.py', []);
        assert.deepEqual(await f.scanned('a.py'), ['B506']);
        assert.ok(f.c.published.slice(before).some((p) => p.uri === f.uri('a.py')), 'a.py scanned again');
        // The CLI agrees: pkg/ is left out.
        assert.deepEqual(json(vigil(f.dir, ['scan', '.', '-f', 'json', '--exit-zero'])).results.map((r) => r.filename), ['./a.py']);
        // Removing the folder clears what the scan published for it.
        await f.c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: pathToFileURL(f.dir).href, name: 'x' }] } });
        await published(f, 'a.py', []);
      },
      { server, capabilities: { ...PUSH_CAPS, workspace: { ...PUSH_CAPS.workspace, workspaceFolders: true } } },
    );
  });

  test('diagnosticMode: switching to workspace scans, a closed file changed on disk is scanned again, switching back clears', async () => {
    let mode = 'openFiles';
    await inFolder(
      { 'a.py': PICKLE_YAML },
      async (f) => {
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(f.c.published.length, 0, 'openFiles: no scan at start');
        mode = 'workspace';
        await f.c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await published(f, 'a.py', ['B403', 'B506']);
        // A new file and a changed file on disk (as a `git pull` leaves them).
        f.write('new.py', 'import pickle\n');
        f.write('a.py', 'import yaml\nyaml.load(x)\n');
        await f.changed(['new.py'], 1);
        await f.changed(['a.py']);
        await published(f, 'new.py', ['B403']);
        await published(f, 'a.py', ['B506']);
        // A deleted file loses its results.
        fs.rmSync(path.join(f.dir, 'new.py'));
        await f.changed(['new.py'], 3);
        await published(f, 'new.py', []);
        mode = 'openFiles';
        await f.c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await published(f, 'a.py', []);
      },
      { server, settings: () => ({ diagnosticMode: mode }) },
    );
  });

  test('a scan run by hand in openFiles mode is kept up to date, and a cancelled one leaves the earlier results', async () => {
    await inFolder(
      { 'a.py': PICKLE_YAML, 'b.py': PICKLE_YAML },
      async (f) => {
        await f.c.request('vigil/scanWorkspace', {});
        assert.deepEqual(await f.scanned('b.py'), ['B403', 'B506']);
        f.write('.bandit', '[bandit]\nskips: B506\n');
        await f.changed(['.bandit']);
        await published(f, 'b.py', ['B403']);
        // A scan cancelled before it starts (queued behind another) sweeps nothing.
        const count = f.c.published.length;
        const { CancellationTokenSource } = await import('vscode-jsonrpc');
        const source = new CancellationTokenSource();
        const first = f.c.request('vigil/scanWorkspace', {});
        const second = f.c.conn.sendRequest<{ cancelled?: boolean }>('vigil/scanWorkspace', {}, source.token);
        source.cancel();
        await first;
        assert.equal((await second).cancelled, true);
        assert.ok(!f.c.published.slice(count).some((p) => p.diagnostics.length === 0), 'nothing cleared');
        // In openFiles mode, a closed file changed on disk just loses its results.
        f.write('b.py', 'x = 1\n');
        await f.changed(['b.py']);
        await published(f, 'b.py', []);
        assert.deepEqual(await f.scanned('a.py'), ['B403']);
      },
      { server },
    );
  });
});

describe('files a setting or a .bandit file names are watched', () => {
  test('the baseline is registered for watching, and its change applies at once', async () => {
    await inFolder(
      { 'a.py': PICKLE_YAML },
      async (f) => {
        const full = json(vigil(f.dir, ['scan', '.', '-f', 'json', '--exit-zero']));
        const report = (ids: string[]) => f.write('reports/base.json', JSON.stringify({ ...full, results: full.results.filter((r) => ids.includes(r.test_id)) }));
        report(['B506']);
        assert.deepEqual(await f.open('a.py'), ['B403']);
        const pattern = await watchedPattern(f);
        assert.deepEqual([pattern.baseUri, pattern.pattern], [pathToFileURL(path.join(f.dir, 'reports')).href, 'base.json']);
        // Rewritten within the second in which it was last looked at: the watcher's event makes it apply, without
        // an edit.
        report([]);
        await f.changed(['reports/base.json']);
        await published(f, 'a.py', ['B403', 'B506']);
      },
      { server, capabilities: WATCH_CAPS, settings: () => ({ baseline: 'reports/base.json' }) },
    );
  });

  test('vigil.configFile outside the workspace is watched; clients that cannot register get no request', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-conf-'));
    try {
      fs.writeFileSync(path.join(outside, 'bandit.yml'), 'skips: [B403]\n');
      const settings = () => ({ configFile: path.join(outside, 'bandit.yml') });
      await inFolder(
        { 'a.py': PICKLE_YAML },
        async (f) => {
          assert.deepEqual(await f.open('a.py'), ['B506']);
          const pattern = await watchedPattern(f);
          assert.deepEqual([pattern.baseUri, pattern.pattern], [pathToFileURL(outside).href, 'bandit.yml']);
          fs.writeFileSync(path.join(outside, 'bandit.yml'), 'skips: [B506]\n');
          await f.c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(outside, 'bandit.yml')).href, type: 2 }] });
          await published(f, 'a.py', ['B403']);
        },
        { server, capabilities: WATCH_CAPS, settings },
      );
      await inFolder(
        { 'a.py': PICKLE_YAML },
        async (f) => {
          assert.deepEqual(await f.open('a.py'), ['B403']);
          assert.ok(!f.c.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
        },
        { server, settings },
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
