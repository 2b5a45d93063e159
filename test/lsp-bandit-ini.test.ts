// The editor applies the workspace folder's `.bandit` file and a Bandit baseline as `vigil scan FOLDER` does
// (lsp/projectConfig.ts). Agreement with the CLI on the sample project: cli-server-parity.test.ts.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { TestClient } from './helpers/lsp';
import { json, vigil } from './helpers/cli';
import { ProjectConfigs, withIni } from '../server/src/lsp/projectConfig';
import { findFolderBanditIni } from '../server/src/engine/config';
import { getEngine } from './helpers/engine';
import { DEFAULT_SETTINGS } from '../server/src/protocol';

// B403 (import pickle: LOW severity) and B506 (yaml.load: MEDIUM).
const SRC = 'import pickle\nimport yaml\n\n\ndef f(data):\n    return yaml.load(data)\n';
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const uriIn = (dir: string, name: string) => pathToFileURL(path.join(dir, name)).href;
const tmpdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ini-'));

describe('.bandit and baselines in the editor', () => {
  test('withIni: the stricter threshold, ignore-nosec from either, the setting\'s baseline first', () => {
    const ini = { file: '.bandit', level: 'medium', confidence: 'all', ignoreNosec: true, baseline: 'b.json' } as const;
    const s = withIni(DEFAULT_SETTINGS, ini);
    assert.deepEqual([s.minSeverity, s.minConfidence, s.ignoreNosec, s.baseline], ['medium', 'low', true, 'b.json']);
    const mine = withIni({ ...DEFAULT_SETTINGS, minSeverity: 'high', minConfidence: 'medium', baseline: 'mine.json' }, ini);
    assert.deepEqual([mine.minSeverity, mine.minConfidence, mine.ignoreNosec, mine.baseline], ['high', 'medium', true, 'mine.json']);
    assert.equal(withIni(DEFAULT_SETTINGS, undefined), DEFAULT_SETTINGS);
  });

  test('the lookup is bounded (a folder may be a home directory): shallow files first; cut short, it says so', async () => {
    const dir = tmpdir();
    try {
      for (let i = 0; i < 30; i++) fs.mkdirSync(path.join(dir, `d${String(i).padStart(2, '0')}`, 'x'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'a', 'b', 'c'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', 'b', 'c', '.bandit'), '[bandit]\nskips: B403\n');
      assert.deepEqual(findFolderBanditIni(dir, 1000), { file: path.join(dir, 'a', 'b', 'c', '.bandit'), truncated: false });
      assert.deepEqual(findFolderBanditIni(dir, 5), { file: undefined, truncated: true });
      // The folder's own .bandit is read first; a second one deeper is the CLI's error once the walk gets there.
      fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nskips: B506\n');
      assert.deepEqual(findFolderBanditIni(dir, 1), { file: path.join(dir, '.bandit'), truncated: true });
      assert.throws(() => findFolderBanditIni(dir, 1000), /more than one \.bandit/);
      const notes: string[] = [];
      const configs = new ProjectConfigs(await getEngine(), () => undefined, undefined, (m) => notes.push(m), 3);
      assert.deepEqual(configs.iniFor(dir)?.skips, ['B506']);
      assert.equal(notes.length, 1);
      assert.match(notes[0]!, /first 3 directories .*using .*\.bandit/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .bandit under the folder: its skips are added, ignore-nosec applies, its level raises the threshold', async () => {
    const dir = tmpdir();
    fs.mkdirSync(path.join(dir, 'pkg'));
    // Found below the folder's root, as `vigil scan FOLDER` finds it; `key: value` lines, as configparser reads.
    fs.writeFileSync(path.join(dir, 'pkg', '.bandit'), '[bandit]\nskips: B506\nignore-nosec: true\n');
    const c = TestClient.inProcess({ workspaceFolders: [dir] });
    try {
      await c.initialize();
      const uri = uriIn(dir, 'a.py');
      await c.open(uri, SRC.replace('import pickle', 'import pickle  # nosec'), 1);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 1)).diagnostics), ['B403']);
      // A changed .bandit applies once the client says so: level medium hides the LOW B403; B506 comes back.
      fs.writeFileSync(path.join(dir, 'pkg', '.bandit'), '[bandit]\nlevel: medium\n');
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'pkg/.bandit'), type: 2 }] });
      await c.change(uri, 2, [{ text: SRC }]);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 2)).diagnostics), ['B506']);
    } finally {
      await c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .bandit naming a config file (configfile, the CLI\'s -c): it replaces pyproject.toml, for open files and the workspace scan', async () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.bandit]\nskips = ["B506"]\n');
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(path.join(dir, 'conf', 'bandit.yaml'), 'skips: ["B403"]\n');
    fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nconfigfile = conf/bandit.yaml\n');
    fs.writeFileSync(path.join(dir, 'closed.py'), SRC);
    const c = TestClient.inProcess({ workspaceFolders: [dir] });
    try {
      await c.initialize();
      const uri = uriIn(dir, 'a.py');
      await c.open(uri, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 1)).diagnostics), ['B506']);
      await c.request('vigil/scanWorkspace', {});
      assert.deepEqual(codes((await c.diagnostics(uriIn(dir, 'closed.py'))).diagnostics), ['B506']);
      const cli = json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero']));
      assert.deepEqual(cli.results.map((r) => `${r.filename}:${r.test_id}`), ['./closed.py:B506']);
      // A change to the named file is a config change (the VS Code client watches *.yaml, *.yml, *.toml).
      fs.writeFileSync(path.join(dir, 'conf', 'bandit.yaml'), 'skips: ["B506"]\n');
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'conf/bandit.yaml'), type: 2 }] });
      await c.change(uri, 2, [{ text: SRC }]);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 2)).diagnostics), ['B403']);
      // Broken, it is reported and the pyproject lookup is used again; fixed, it applies again.
      const edit = async (yaml: string, version: number) => {
        fs.writeFileSync(path.join(dir, 'conf', 'bandit.yaml'), yaml);
        await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'conf/bandit.yaml'), type: 2 }] });
        await c.change(uri, version, [{ text: SRC }]);
        return codes((await c.diagnostics(uri, (x) => x.version === version)).diagnostics);
      };
      assert.deepEqual(await edit('skips: [\n', 3), ['B403']);
      await c.waitFor(() => c.messages.some((m) => m.type === 1 && m.message.includes('bandit.yaml')), 'error message');
      assert.deepEqual(await edit('skips: ["B403"]\n', 4), ['B506']);
    } finally {
      await c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('vigil.configFile (the CLI\'s -c) replaces pyproject.toml and wins over the .bandit configfile, as -c does', async () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.bandit]\nskips = ["B403"]\n');
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(path.join(dir, 'conf', 'a.yaml'), 'skips: ["B403"]\n');
    fs.writeFileSync(path.join(dir, 'conf', 'b.yaml'), 'skips: []\n');
    fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nconfigfile = conf/a.yaml\n');
    fs.writeFileSync(path.join(dir, 'closed.py'), SRC);
    const c = TestClient.inProcess({ workspaceFolders: [dir], settings: () => ({ configFile: 'conf/b.yaml' }) });
    try {
      await c.initialize();
      const uri = uriIn(dir, 'a.py');
      await c.open(uri, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 1)).diagnostics), ['B403', 'B506']);
      await c.request('vigil/scanWorkspace', {});
      assert.deepEqual(codes((await c.diagnostics(uriIn(dir, 'closed.py'))).diagnostics), ['B403', 'B506']);
      const cli = json(vigil(dir, ['scan', '.', '-c', 'conf/b.yaml', '-f', 'json', '--exit-zero']));
      assert.deepEqual(cli.results.map((r) => `${r.filename}:${r.test_id}`).sort(), ['./closed.py:B403', './closed.py:B506']);
    } finally {
      await c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .bandit the CLI would stop on (an unknown id) is reported, on the file too, and not used', async () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nskips: B403\ntests: B999\n');
    const c = TestClient.inProcess({ workspaceFolders: [dir] });
    try {
      await c.initialize();
      const uri = uriIn(dir, 'a.py');
      await c.open(uri, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 1)).diagnostics), ['B403', 'B506']);
      await c.waitFor(() => c.messages.some((m) => m.type === 1), 'error message');
      assert.match(c.messages.find((m) => m.type === 1)!.message, /\.bandit.*unknown test id 'B999'/);
      const onFile = await c.diagnostics(uriIn(dir, '.bandit'));
      assert.equal(onFile.diagnostics[0]?.range.start.line, 2, 'on the tests line');
      // The CLI stops on the same file.
      const cli = vigil(dir, ['scan', '.', '-f', 'json']);
      assert.equal(cli.code, 2);
      assert.match(cli.stderr, /B999/);
    } finally {
      await c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an open file that `vigil scan FOLDER` leaves out shows nothing: exclude_dirs, .bandit exclude, .gitignore, build/', async () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.bandit]\nexclude_dirs = ["./tests/*"]\n');
    fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nexclude: ./vendor\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'scratch_*.py\n');
    for (const d of ['tests', 'vendor', 'build', 'pkg']) fs.mkdirSync(path.join(dir, d));
    const c = TestClient.inProcess({ workspaceFolders: [dir] });
    try {
      await c.initialize();
      const shown: Record<string, string[]> = {};
      for (const rel of ['pkg/a.py', 'tests/test_a.py', 'vendor/v.py', 'build/b.py', 'scratch_1.py', 'pkg/scratch.py']) {
        fs.writeFileSync(path.join(dir, rel), SRC);
        const uri = uriIn(dir, rel);
        await c.open(uri, SRC, 1);
        shown[rel] = codes((await c.diagnostics(uri, (x) => x.version === 1)).diagnostics);
      }
      const both = ['B403', 'B506'];
      assert.deepEqual(shown, { 'pkg/a.py': both, 'tests/test_a.py': [], 'vendor/v.py': [], 'build/b.py': [], 'scratch_1.py': [], 'pkg/scratch.py': both });
      // The CLI, run in the folder, lists the same two files.
      const cli = json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero']));
      assert.deepEqual([...new Set(cli.results.map((r) => r.filename))].sort(), ['./pkg/a.py', './pkg/scratch.py']);
      // Removing the exclude applies without a restart.
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.bandit]\n');
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'pyproject.toml'), type: 2 }] });
      await c.change(uriIn(dir, 'tests/test_a.py'), 2, [{ text: SRC }]);
      assert.deepEqual(codes((await c.diagnostics(uriIn(dir, 'tests/test_a.py'), (x) => x.version === 2)).diagnostics), both);
    } finally {
      await c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('vigil.baseline hides the findings it lists; a changed report applies at the next analysis; a missing one is reported', async () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'a.py'), SRC);
    // The report `vigil scan .` writes in the folder, keeping B506 only: B403 is new.
    const full = json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero']));
    assert.deepEqual(full.results.map((r) => r.test_id).sort(), ['B403', 'B506']);
    const write = (results: unknown[]) => fs.writeFileSync(path.join(dir, 'reports', 'base.json'), JSON.stringify({ ...full, results }));
    fs.mkdirSync(path.join(dir, 'reports'));
    write(full.results.filter((r) => r.test_id === 'B506'));
    let baseline = 'reports/base.json';
    const c = TestClient.inProcess({ workspaceFolders: [dir], settings: () => ({ baseline }) });
    try {
      await c.initialize();
      const uri = uriIn(dir, 'a.py');
      await c.open(uri, SRC, 1);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 1)).diagnostics), ['B403']);
      // Moving the code keeps it hidden: lines are not compared.
      await c.change(uri, 2, [{ text: '\n\n' + SRC }]);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 2)).diagnostics), ['B403']);
      // The report changes: it is looked at again at most once a second.
      write([]);
      await new Promise((r) => setTimeout(r, 1100));
      await c.change(uri, 3, [{ text: SRC }]);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 3)).diagnostics), ['B403', 'B506']);
      // A report that is not there: an error message, and every finding is shown.
      baseline = 'reports/missing.json';
      await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await c.change(uri, 4, [{ text: SRC + '\n' }]);
      assert.deepEqual(codes((await c.diagnostics(uri, (x) => x.version === 4)).diagnostics), ['B403', 'B506']);
      await c.waitFor(() => c.messages.some((m) => m.type === 1), 'error message');
      assert.match(c.messages.find((m) => m.type === 1)!.message, /baseline: .*missing\.json: could not open baseline report \(no such file\)/);
    } finally {
      await c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
