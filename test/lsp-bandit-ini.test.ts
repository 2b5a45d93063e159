// The editor applies the workspace folder's `.bandit` file and a Bandit baseline as `vigil scan FOLDER` does
// (lsp/projectConfig.ts). Agreement with the CLI on the sample project: cli-server-parity.test.ts.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inFolder, PICKLE_YAML } from './helpers/folder';
import { json, vigil } from './helpers/cli';
import { ProjectConfigs, withIni } from '../server/src/lsp/projectConfig';
import { findFolderBanditIni } from '../server/src/engine/config';
import { getEngine } from './helpers/engine';
import { DEFAULT_SETTINGS } from '../server/src/protocol';

const SRC = PICKLE_YAML;
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
      const configs = new ProjectConfigs(await getEngine(), { onError: () => undefined, onNote: (m) => notes.push(m), iniWalkMaxDirs: 3 });
      assert.deepEqual(configs.iniFor(dir)?.skips, ['B506']);
      assert.equal(notes.length, 1);
      assert.match(notes[0]!, /first 3 directories .*using .*\.bandit/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .bandit under the folder: its skips are added, ignore-nosec applies, its level raises the threshold', async () => {
    // Found below the folder's root, as `vigil scan FOLDER` finds it; `key: value` lines, as configparser reads.
    await inFolder({ 'pkg/.bandit': '[bandit]\nskips: B506\nignore-nosec: true\n' }, async (f) => {
      assert.deepEqual(await f.open('a.py', SRC.replace('import pickle', 'import pickle  # nosec')), ['B403']);
      // A changed .bandit applies once the client says so: level medium hides the LOW B403; B506 comes back.
      f.write('pkg/.bandit', '[bandit]\nlevel: medium\n');
      assert.deepEqual(await f.edit('a.py', 2, SRC, ['pkg/.bandit']), ['B506']);
    });
  });

  test('a .bandit naming a config file (configfile, the CLI\'s -c): it replaces pyproject.toml, for open files and the workspace scan', async () => {
    const files = {
      'pyproject.toml': '[tool.bandit]\nskips = ["B506"]\n',
      'conf/bandit.yaml': 'skips: ["B403"]\n',
      '.bandit': '[bandit]\nconfigfile = conf/bandit.yaml\n',
      'closed.py': SRC,
    };
    await inFolder(files, async (f) => {
      assert.deepEqual(await f.threeWays('a.py', 'closed.py'), [['B506'], ['B506'], ['./closed.py:B506']]);
      // A change to the named file is a config change (the VS Code client watches *.yaml, *.yml, *.toml).
      const yaml = async (text: string, version: number) => {
        f.write('conf/bandit.yaml', text);
        return f.edit('a.py', version, SRC, ['conf/bandit.yaml']);
      };
      assert.deepEqual(await yaml('skips: ["B506"]\n', 2), ['B403']);
      // Broken, it is reported and the pyproject lookup is used again; fixed, it applies again.
      assert.deepEqual(await yaml('skips: [\n', 3), ['B403']);
      await f.c.waitFor(() => f.c.messages.some((m) => m.type === 1 && m.message.includes('bandit.yaml')), 'error message');
      assert.deepEqual(await yaml('skips: ["B403"]\n', 4), ['B506']);
    });
  });

  test('vigil.configFile (the CLI\'s -c) replaces pyproject.toml and wins over the .bandit configfile, as -c does', async () => {
    const files = {
      'pyproject.toml': '[tool.bandit]\nskips = ["B403"]\n',
      'conf/a.yaml': 'skips: ["B403"]\n',
      'conf/b.yaml': 'skips: []\n',
      '.bandit': '[bandit]\nconfigfile = conf/a.yaml\n',
      'closed.py': SRC,
    };
    await inFolder(
      files,
      async (f) => {
        assert.deepEqual(await f.open('a.py'), ['B403', 'B506']);
        await f.c.request('vigil/scanWorkspace', {});
        assert.deepEqual(await f.scanned('closed.py'), ['B403', 'B506']);
        const cli = json(vigil(f.dir, ['scan', '.', '-c', 'conf/b.yaml', '-f', 'json', '--exit-zero']));
        assert.deepEqual(cli.results.map((r) => `${r.filename}:${r.test_id}`).sort(), ['./closed.py:B403', './closed.py:B506']);
      },
      { settings: () => ({ configFile: 'conf/b.yaml' }) },
    );
  });

  test('a .bandit profile (the CLI\'s -p) selects a legacy profile of the config it names, for open files, the scan and the CLI', async () => {
    const files = {
      'conf/b.yaml': 'tests: [B403]\nprofiles:\n  Yaml:\n    include: [yaml_load]\n',
      '.bandit': '[bandit]\nconfigfile = conf/b.yaml\nprofile = Yaml\n',
      'closed.py': SRC,
    };
    await inFolder(files, async (f) => {
      // The profile's list (a plugin name, as legacy profiles write them) replaces the config's tests.
      assert.deepEqual(await f.threeWays('a.py', 'closed.py'), [['B506'], ['B506'], ['./closed.py:B506']]);
      // A profile the config lacks, or no config to read it from: the CLI stops; the editor reports it and uses
      // neither the profile nor the config (so every rule runs here: there is no pyproject.toml).
      const cases = [
        ['profile = Missing\nconfigfile = conf/b.yaml\n', /b\.yaml: .*unable to find profile \(Missing\)/],
        ['profile = Yaml\n', /\.bandit.*unable to find profile \(Yaml\): no config file/],
      ] as const;
      let version = 2;
      for (const [ini, message] of cases) {
        f.write('.bandit', `[bandit]\n${ini}`);
        const seen = f.c.messages.length;
        assert.deepEqual(await f.edit('a.py', version++, SRC, ['.bandit']), ['B403', 'B506']);
        await f.c.waitFor(() => f.c.messages.slice(seen).some((m) => m.type === 1 && message.test(m.message)), `error ${message}`);
        const run = vigil(f.dir, ['scan', '.', '-f', 'json']);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /unable to find profile/);
      }
    });
  });

  test('per_file_skips turn tests off in the files they match, in open files, the workspace scan and the CLI alike', async () => {
    const files = {
      'pyproject.toml': '[tool.bandit]\n[tool.bandit.per_file_skips]\n"tests/" = ["B403"]\n',
      'tests/test_closed.py': SRC,
      'pkg/closed.py': SRC,
    };
    await inFolder(files, async (f) => {
      assert.deepEqual(await f.open('pkg/a.py'), ['B403', 'B506']);
      const cli = ['./pkg/closed.py:B403', './pkg/closed.py:B506', './tests/test_closed.py:B506'];
      assert.deepEqual(await f.threeWays('tests/test_open.py', 'tests/test_closed.py'), [['B506'], ['B506'], cli]);
      assert.deepEqual(await f.scanned('pkg/closed.py'), ['B403', 'B506']);
      // Changed, the new patterns apply; an unknown id is reported and every rule runs meanwhile, as for `skips`.
      f.write('pyproject.toml', '[tool.bandit]\n[tool.bandit.per_file_skips]\n"a.py" = ["B506"]\n');
      assert.deepEqual(await f.edit('pkg/a.py', 2, SRC, ['pyproject.toml']), ['B403']);
      assert.deepEqual(await f.edit('tests/test_open.py', 2), ['B403', 'B506']);
      f.write('pyproject.toml', '[tool.bandit]\n[tool.bandit.per_file_skips]\n"a.py" = ["B999"]\n');
      assert.deepEqual(await f.edit('pkg/a.py', 3, SRC, ['pyproject.toml']), ['B403', 'B506']);
      await f.c.waitFor(() => f.c.messages.some((m) => m.type === 1 && /unknown test id 'B999'/.test(m.message)), 'error message');
      assert.equal(vigil(f.dir, ['scan', '.', '-f', 'json']).code, 2);
    });
  });

  test('a .bandit the CLI would stop on (an unknown id) is reported, on the file too, and not used', async () => {
    // With a pyproject.toml too: the error names the .bandit file, not the config its lists are added to.
    await inFolder({ '.bandit': '[bandit]\nskips: B403\ntests: B999\n', 'pyproject.toml': '[tool.bandit]\n' }, async (f) => {
      assert.deepEqual(await f.open('a.py'), ['B403', 'B506']);
      await f.c.waitFor(() => f.c.messages.some((m) => m.type === 1), 'error message');
      assert.match(f.c.messages.find((m) => m.type === 1)!.message, /\.bandit.*unknown test id 'B999'/);
      const onFile = await f.c.diagnostics(f.uri('.bandit'));
      assert.equal(onFile.diagnostics[0]?.range.start.line, 2, 'on the tests line');
      // The CLI stops on the same file.
      const cli = vigil(f.dir, ['scan', '.', '-f', 'json']);
      assert.equal(cli.code, 2);
      assert.match(cli.stderr, /B999/);
    });
  });

  test('an open file that `vigil scan FOLDER` leaves out shows nothing: exclude_dirs, .bandit exclude, .gitignore, build/', async () => {
    const rels = ['pkg/a.py', 'tests/test_a.py', 'vendor/v.py', 'build/b.py', 'scratch_1.py', 'pkg/scratch.py'];
    const files: Record<string, string> = {
      'pyproject.toml': '[tool.bandit]\nexclude_dirs = ["./tests/*"]\n',
      '.bandit': '[bandit]\nexclude: ./vendor\n',
      '.gitignore': 'scratch_*.py\n',
      ...Object.fromEntries(rels.map((r) => [r, SRC])),
    };
    await inFolder(files, async (f) => {
      const shown: Record<string, string[]> = {};
      for (const rel of rels) shown[rel] = await f.open(rel);
      const both = ['B403', 'B506'];
      assert.deepEqual(shown, { 'pkg/a.py': both, 'tests/test_a.py': [], 'vendor/v.py': [], 'build/b.py': [], 'scratch_1.py': [], 'pkg/scratch.py': both });
      // The CLI, run in the folder, lists the same two files.
      const cli = json(vigil(f.dir, ['scan', '.', '-f', 'json', '--exit-zero']));
      assert.deepEqual([...new Set(cli.results.map((r) => r.filename))].sort(), ['./pkg/a.py', './pkg/scratch.py']);
      // Removing the exclude applies without a restart.
      f.write('pyproject.toml', '[tool.bandit]\n');
      assert.deepEqual(await f.edit('tests/test_a.py', 2, SRC, ['pyproject.toml']), both);
    });
  });

  test('vigil.baseline hides the findings it lists; a changed report applies at the next analysis; a missing one is reported', async () => {
    let baseline = 'reports/base.json';
    await inFolder(
      { 'a.py': SRC },
      async (f) => {
        // The report `vigil scan .` writes in the folder, keeping B506 only: B403 is new.
        const full = json(vigil(f.dir, ['scan', '.', '-f', 'json', '--exit-zero']));
        assert.deepEqual(full.results.map((r) => r.test_id).sort(), ['B403', 'B506']);
        const report = (results: unknown[]) => f.write('reports/base.json', JSON.stringify({ ...full, results }));
        report(full.results.filter((r) => r.test_id === 'B506'));
        assert.deepEqual(await f.open('a.py'), ['B403']);
        // Moving the code keeps it hidden: lines are not compared.
        assert.deepEqual(await f.edit('a.py', 2, '\n\n' + SRC), ['B403']);
        // The report changes: it is looked at again at most once a second.
        report([]);
        await new Promise((r) => setTimeout(r, 1100));
        assert.deepEqual(await f.edit('a.py', 3), ['B403', 'B506']);
        // A report that is not there: an error message, and every finding is shown.
        baseline = 'reports/missing.json';
        await f.c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        assert.deepEqual(await f.edit('a.py', 4, SRC + '\n'), ['B403', 'B506']);
        await f.c.waitFor(() => f.c.messages.some((m) => m.type === 1), 'error message');
        assert.match(f.c.messages.find((m) => m.type === 1)!.message, /baseline: .*missing\.json: could not open baseline report \(no such file\)/);
      },
      { settings: () => ({ baseline }) },
    );
  });
});
