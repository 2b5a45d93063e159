// The scan engine: discovery (gitignore, Bandit excludes, default excludes, size limit), the persistent cache,
// the worker pool (same findings as in process) and cancellation.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getEngine } from './helpers/engine';
import { discoverFiles, fnmatchToRegExp, runScan, type FileResult, type ScanEngine, type ScanOptions } from '../server/src/engine/scan';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { defineRule } from '../server/src/engine/rule';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scan-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return root;
}

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/')).sort();

const VULN = 'import pickle\nimport subprocess\n\ndef f(x, cmd):\n    subprocess.call(cmd, shell=True)\n    return pickle.loads(x)\n';

async function collect(engine: ScanEngine, opts: ScanOptions): Promise<{ results: FileResult[]; summary: Awaited<ReturnType<typeof runScan>> }> {
  const results: FileResult[] = [];
  const summary = await runScan(engine, opts, (r) => results.push(r));
  results.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return { results, summary };
}

/** Findings as comparable plain data, sorted by file. */
function findingsOf(results: FileResult[]): unknown[] {
  return results.map((r) => [path.basename(r.filename), r.error ?? null, r.analysis?.findings.map((f) => [f.ruleId, f.line, f.colOffset, f.message]) ?? null]);
}

describe('discovery', () => {
  test('default excludes, .gitignore (nested, negation) and sorted output', () => {
    const root = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n*_pb2.py\n',
      'app/main.py': 'x = 1\n',
      'app/api_pb2.py': 'x = 1\n',
      'app/tool.pyw': 'x = 1\n',
      'app/readme.txt': 'not python\n',
      'generated/g.py': 'x = 1\n',
      'lib/.gitignore': '*.py\n!keep.py\n',
      'lib/drop.py': 'x = 1\n',
      'lib/keep.py': 'x = 1\n',
      '.venv/lib/site.py': 'x = 1\n',
      'venv/x.py': 'x = 1\n',
      '.tox/py/x.py': 'x = 1\n',
      'node_modules/pkg/x.py': 'x = 1\n',
      'build/lib/x.py': 'x = 1\n',
      'dist/x.py': 'x = 1\n',
      'app/__pycache__/x.py': 'x = 1\n',
      'deps/site-packages/x.py': 'x = 1\n',
    });
    const { files, errors } = discoverFiles([root]);
    assert.deepEqual(errors, []);
    assert.deepEqual(rel(root, files), ['app/main.py', 'app/tool.pyw', 'lib/keep.py']);
    // Names starting with two dots are below the .gitignore's directory like any other.
    fs.mkdirSync(path.join(root, '..gen'));
    fs.writeFileSync(path.join(root, '..gen', 'g.py'), 'x = 1\n');
    fs.writeFileSync(path.join(root, 'app', '..api_pb2.py'), 'x = 1\n');
    fs.appendFileSync(path.join(root, '.gitignore'), '..gen/\n');
    assert.deepEqual(rel(root, discoverFiles([root]).files), ['app/main.py', 'app/tool.pyw', 'lib/keep.py']);
    fs.rmSync(path.join(root, '..gen'), { recursive: true });
    fs.rmSync(path.join(root, 'app', '..api_pb2.py'));
    // Without .gitignore handling the ignored files come back, the default excludes do not.
    const all = discoverFiles([root], { respectGitignore: false });
    assert.deepEqual(rel(root, all.files), ['app/api_pb2.py', 'app/main.py', 'app/tool.pyw', 'generated/g.py', 'lib/drop.py', 'lib/keep.py']);
    // A .gitignore above the target (inside the repository) still applies.
    const sub = discoverFiles([path.join(root, 'app')]);
    assert.deepEqual(rel(root, sub.files), ['app/main.py', 'app/tool.pyw']);
  });

  test("Bandit's default -x strings leave out paths below the target that contain them, never the target's own path", () => {
    // Bandit 1.7+'s default `-x .svn,CVS,.bzr,.hg,.git,__pycache__,.tox,.eggs,*.egg` (spec §3.2): substrings.
    const root = path.join(project({}), 'proj.git');
    for (const rel of ['.github/scripts/ci.py', 'CVSX/m.py', 'CVS_tool.py', 'pkg/a.gitx/m.py', 'pkg/.hgext/m.py', 'sub.eggs/m.py', 'src/app.py', 'gitlab/ok.py']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), 'x = 1\n');
    }
    fs.symlinkSync(path.join(root, 'missing.py'), path.join(root, 'CVS_dangling.py'));
    const found = discoverFiles([root]);
    assert.deepEqual(rel(root, found.files), ['gitlab/ok.py', 'src/app.py'], "the target's own name (proj.git) excludes nothing");
    assert.deepEqual(found.errors, [], 'a dangling link there is left out too, not an error');
    // A -x (or .bandit exclude) list replaces the default one, as in Bandit.
    const all = discoverFiles([root], { banditDefaultExcludes: false });
    assert.equal(all.files.length, 8);
    assert.equal(all.errors.length, 1, 'the dangling link, as Bandit lists it when nothing excludes it');
  });

  test('a directory named as a target is scanned even when a .gitignore above it excludes it', () => {
    // pyenv's checkout ignores /versions, so `vigil scan ~/.pyenv/versions/3.13.0/lib/python3.13` found nothing.
    const root = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '/corpus\n',
      'corpus/proj/a.py': 'x = 1\n',
      'corpus/proj/.gitignore': 'gen/\n',
      'corpus/proj/gen/g.py': 'x = 1\n',
      'corpus/proj/pkg/b.py': 'x = 1\n',
      'src/c.py': 'x = 1\n',
    });
    assert.deepEqual(rel(root, discoverFiles([root]).files), ['src/c.py'], 'walking the repository skips the ignored folder');
    const proj = path.join(root, 'corpus', 'proj');
    assert.deepEqual(rel(root, discoverFiles([proj]).files), ['corpus/proj/a.py', 'corpus/proj/pkg/b.py'], 'its own .gitignore still applies');
    assert.deepEqual(rel(root, discoverFiles([path.join(proj, 'pkg')]).files), ['corpus/proj/pkg/b.py']);
  });

  test("Bandit's exclude semantics: substring or fnmatch of the path", () => {
    const root = project({
      'pkg/a.py': 'x = 1\n',
      'pkg/tests/test_a.py': 'x = 1\n',
      'pkg/tests_util.py': 'x = 1\n',
      'pkg/skip_me.py': 'x = 1\n',
      'other/b.py': 'x = 1\n',
    });
    const sub = discoverFiles([root], { excludes: ['tests'] });
    // Substring: `tests` also drops tests_util.py, as Bandit does.
    assert.deepEqual(rel(root, sub.files), ['other/b.py', 'pkg/a.py', 'pkg/skip_me.py']);
    const glob = discoverFiles([root], { excludes: ['*/skip_*.py,*/other/*'] });
    assert.deepEqual(rel(root, glob.files), ['pkg/a.py', 'pkg/tests/test_a.py', 'pkg/tests_util.py']);
    // Explicit file targets are subject to the excludes too.
    assert.deepEqual(discoverFiles([path.join(root, 'pkg/skip_me.py')], { excludes: ['skip_'] }).files, []);
    // An explicit file that .gitignore would hide is still scanned.
    assert.equal(discoverFiles([path.join(root, 'pkg/a.py')]).files.length, 1);
  });

  test("excludeRelativeTo (ScanOptions.relativeTo): the editor's absolute-path scan also honours `./`-relative excludes written for `bandit -r .`", () => {
    const root = project({ 'pkg/a.py': 'x = 1\n', 'tests/t.py': 'x = 1\n', 'docs/conf.py': 'x = 1\n' });
    const excludes = ['./tests/*', './docs'];
    // By the absolute path alone, `./tests/*` and `./docs` match nothing.
    assert.deepEqual(rel(root, discoverFiles([root], { excludes }).files), ['docs/conf.py', 'pkg/a.py', 'tests/t.py']);
    // With the folder as the root of the relative spelling, they match as in `vigil scan .` run there.
    assert.deepEqual(rel(root, discoverFiles([root], { excludes, excludeRelativeTo: root }).files), ['pkg/a.py']);
    // Patterns for the absolute path keep working.
    assert.deepEqual(rel(root, discoverFiles([root], { excludes: ['*/pkg/*'], excludeRelativeTo: root }).files), ['docs/conf.py', 'tests/t.py']);
  });

  test("relativeTo: `assert_used.skips` written for `bandit -r .` apply to the editor's absolute names, in process, in workers and in the cache key", async () => {
    const files: Record<string, string> = {
      'pyproject.toml': '[tool.bandit.assert_used]\nskips = ["./tests/*"]\n',
      'app/a.py': 'assert x\n',
    };
    // 16 test files: enough for the scan to start its worker pool.
    for (let i = 0; i < 16; i++) files[`tests/t${i}.py`] = 'assert x\n';
    const root = project(files);
    const b101 = (results: FileResult[]) => rel(root, results.filter((r) => r.analysis?.findings.some((f) => f.ruleId === 'B101')).map((r) => r.filename));
    const engine = await getEngine();
    const cacheDir = path.join(root, '.vigil-cache');
    // Named absolutely without the folder, `./tests/*` matches nothing: every file reports its assert.
    const plain = await collect(engine, { targets: [root], jobs: 1, cacheDir });
    assert.equal(b101(plain.results).length, 17);
    // With the folder (the editor's scan), the tests are skipped: in process, then from workers. The cache key
    // includes the folder, so neither run is answered by the first run's entries.
    for (const jobs of [1, 2]) {
      const scan = await collect(engine, { targets: [root], jobs, cache: jobs === 1, cacheDir, relativeTo: root });
      assert.deepEqual(b101(scan.results), ['app/a.py'], `jobs ${jobs}`);
      if (jobs === 2) assert.ok(scan.summary.workers >= 1, 'analysed by the worker pool');
      else assert.equal(scan.summary.cached, 0);
    }
    // A folder the files are not in gives no relative spelling.
    const elsewhere = await collect(engine, { targets: [root], jobs: 1, cache: false, relativeTo: path.join(root, 'app') });
    assert.equal(b101(elsewhere.results).length, 17);
  });

  test('fnmatch translation follows Python', () => {
    assert.ok(fnmatchToRegExp('*/tests/*').test('a/b/tests/c.py'));
    assert.ok(fnmatchToRegExp('*.py').test('a/b.py')); // `*` crosses `/`
    assert.ok(fnmatchToRegExp('file[0-9].py').test('file7.py'));
    assert.ok(!fnmatchToRegExp('file[!0-9].py').test('file7.py'));
    assert.ok(fnmatchToRegExp('a?c').test('abc'));
    assert.ok(!fnmatchToRegExp('a.c').test('abc')); // `.` is literal
    assert.ok(fnmatchToRegExp('[').test('['));
  });

  test('files over the size limit are reported, not silently dropped', async () => {
    const root = project({ 'small.py': 'x = 1\n', 'big.py': '# padding\n'.repeat(300) }); // ~3 KB
    const { files, errors } = discoverFiles([root], { maxFileSizeKb: 1 });
    assert.deepEqual(rel(root, files), ['small.py']);
    assert.equal(errors.length, 1);
    assert.equal(path.basename(errors[0]!.filename), 'big.py');
    assert.match(errors[0]!.error!, /exceeds the limit of 1 KB/);
    assert.equal(errors[0]!.skipped, 'size');
    // Through runScan: one result per file, the big one as an error.
    const engine = await getEngine();
    const { results, summary } = await collect(engine, { targets: [root], maxFileSizeKb: 1, jobs: 1, cache: false });
    assert.equal(results.length, 2);
    assert.equal(results.find((r) => r.filename.endsWith('big.py'))?.skipped, 'size');
    assert.equal(summary.files, 2);
    assert.equal(summary.errors, 1);
  });
});

describe('cache', () => {
  test('unchanged files come from the cache; a changed file is re-analysed', async () => {
    const engine = await getEngine();
    const root = project({ 'a.py': VULN, 'b.py': 'eval(input())\n', 'c.py': 'x = 1\n' });
    const cacheDir = path.join(root, '.vigil-cache');
    let analyses = 0;
    const counted = Object.create(engine) as Engine;
    counted.analyze = (...args: Parameters<Engine['analyze']>) => {
      analyses++;
      return engine.analyze(...args);
    };
    const opts: ScanOptions = { targets: [root], jobs: 1, cacheDir };

    const first = await collect(counted, opts);
    assert.equal(analyses, 3);
    assert.equal(first.summary.analysed, 3);
    assert.equal(first.summary.cached, 0);
    assert.ok(fs.readdirSync(cacheDir).some((f) => /^scan-.*\.json$/.test(f)), 'cache file written');
    // The cache directory is not scanned and ignores itself for git.
    assert.equal(fs.readFileSync(path.join(cacheDir, '.gitignore'), 'utf8').trim().split('\n').pop(), '*');

    analyses = 0;
    const second = await collect(counted, opts);
    assert.equal(analyses, 0);
    assert.equal(second.summary.cached, 3);
    assert.deepEqual(findingsOf(second.results), findingsOf(first.results));
    assert.ok(second.results.every((r) => r.cached));

    fs.writeFileSync(path.join(root, 'c.py'), 'import pickle\npickle.loads(b"")\n');
    analyses = 0;
    const third = await collect(counted, opts);
    assert.equal(analyses, 1);
    assert.equal(third.summary.analysed, 1);
    assert.equal(third.summary.cached, 2);
    const c = third.results.find((r) => r.filename.endsWith('c.py'))!;
    assert.ok(!c.cached);
    assert.deepEqual(c.analysis!.findings.map((f) => f.ruleId).sort(), ['B301', 'B403']);

    // A different rule selection is a different key: everything is analysed again.
    analyses = 0;
    await collect(counted, { ...opts, skips: ['B602'] });
    assert.equal(analyses, 3);
    // cache: false never reads it.
    analyses = 0;
    await collect(counted, { ...opts, cache: false });
    assert.equal(analyses, 3);
  });

  test('the default cache directory is .vigil-cache under the target', async () => {
    const engine = await getEngine();
    const root = project({ 'a.py': 'x = 1\n' });
    await collect(engine, { targets: [root], jobs: 1 });
    assert.ok(fs.existsSync(path.join(root, '.vigil-cache')));
  });
});

describe('open documents', () => {
  test('isOpen: an open document is reported as open, not read or analysed; the others are', async () => {
    const engine = await getEngine();
    const root = project({ 'open.py': VULN, 'closed.py': VULN, 'gone.py': VULN });
    const openAbs = path.resolve(root, 'open.py');
    const asked: string[] = [];
    // The open file disappears from disk: a scan that read it would report an error instead.
    const { results, summary } = await collect(engine, {
      targets: [root],
      jobs: 1,
      cache: false,
      isOpen: (abs) => {
        asked.push(abs);
        if (abs === openAbs) fs.rmSync(openAbs);
        return abs === openAbs;
      },
    });
    assert.equal(asked.length, 3);
    const byName = new Map(results.map((r) => [path.basename(r.filename), r]));
    assert.deepEqual(byName.get('open.py'), { filename: path.join(root, 'open.py'), open: true });
    assert.ok((byName.get('closed.py')?.analysis?.findings.length ?? 0) > 0);
    assert.ok((byName.get('gone.py')?.analysis?.findings.length ?? 0) > 0);
    assert.equal(summary.analysed, 2);
  });
});

describe('workers', () => {
  test('a worker pool gives the same findings as the in-process scan', async () => {
    const engine = await getEngine();
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`pkg/m${i}.py`] = i % 3 === 0 ? VULN : i % 3 === 1 ? 'import yaml\n\ndef load(s):\n    return yaml.load(s)  # nosec B506\n\neval(s)\n' : 'import hashlib\nhashlib.md5(b"x")\nassert True\n';
    }
    files['pkg/broken.py'] = 'def f(:\n    pass\n';
    const root = project(files);
    const inProc = await collect(engine, { targets: [root], jobs: 1, cache: false });
    const pooled = await collect(engine, { targets: [root], jobs: 3, cache: false });
    assert.equal(inProc.summary.workers, 0);
    assert.ok(pooled.summary.workers > 0, 'the pool was used (dist/worker.js built)');
    assert.equal(pooled.results.length, 13);
    assert.ok(inProc.results.some((r) => (r.analysis?.findings.length ?? 0) > 0));
    assert.deepEqual(findingsOf(pooled.results), findingsOf(inProc.results));
    // Full analyses agree too (nosec counts, syntax errors, loc).
    assert.deepEqual(
      pooled.results.map((r) => r.analysis),
      inProc.results.map((r) => r.analysis),
    );
  });

  test('a worker stuck on one file is stopped after the hard limit: that file gets an error, the others are analysed', { timeout: 60_000 }, async () => {
    const engine = await getEngine();
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`m${i}.py`] = VULN;
    files['hang.py'] = VULN;
    const root = project(files);
    // The real worker bundle, behind a listener that never returns on hang.py (as a rule stuck in a loop would).
    const realWorker = path.join(__dirname, '..', '..', 'dist', 'worker.js');
    const script = path.join(root, 'hanging-worker.js');
    fs.writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');\n` +
        `parentPort.on('message', (m) => { if (m.type === 'task' && m.filename.endsWith('hang.py')) for (;;) {} });\n` +
        `require(${JSON.stringify(realWorker)});\n`,
    );
    const inProc = await collect(engine, { targets: [root], jobs: 1, cache: false });
    const pooled = await collect(engine, { targets: [root], jobs: 2, cache: false, workerScript: script, hardLimitMs: 500 });
    assert.ok(pooled.summary.workers > 0, 'the pool was used (dist/worker.js built)');
    assert.equal(pooled.results.length, 7);
    const hang = pooled.results.find((r) => r.filename.endsWith('hang.py'))!;
    assert.match(hang.error ?? '', /did not finish within 0\.5 s; stopped/);
    assert.equal(hang.analysis, undefined);
    const others = (rs: FileResult[]) => findingsOf(rs.filter((r) => !r.filename.endsWith('hang.py')));
    assert.deepEqual(others(pooled.results), others(inProc.results));
    assert.ok(others(pooled.results).every((r) => (r as unknown[])[2] !== null), 'every other file was analysed');
  });

  test('a re-scan with nothing changed starts no worker; one changed file is analysed by the pool', async () => {
    const engine = await getEngine();
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`m${i}.py`] = i % 2 ? VULN : 'x = 1\n';
    const root = project(files);
    const opts: ScanOptions = { targets: [root], jobs: 2, cacheDir: path.join(root, '.vigil-cache') };
    const first = await collect(engine, opts);
    assert.ok(first.summary.workers > 0, 'the pool was used (dist/worker.js built)');
    const warm = await collect(engine, opts);
    assert.equal(warm.summary.workers, 0);
    assert.equal(warm.summary.cached, 20);
    assert.deepEqual(findingsOf(warm.results), findingsOf(first.results));
    // The first file needing analysis is held back while the pool starts, then analysed like the others.
    fs.writeFileSync(path.join(root, 'm0.py'), VULN);
    const changed = await collect(engine, opts);
    assert.equal(changed.summary.analysed, 1);
    assert.ok(changed.summary.workers > 0, "the pool analysed it");
    assert.deepEqual(changed.results.find((r) => r.filename.endsWith('m0.py'))!.analysis!.findings.map((f) => f.ruleId), first.results.find((r) => r.filename.endsWith('m1.py'))!.analysis!.findings.map((f) => f.ruleId));
  });

  test('a scan answering files from the cache lets the event loop run (the server scans in its main thread)', async () => {
    const engine = await getEngine();
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`p${i % 10}/m${i}.py`] = i % 50 ? `x = ${i}\n` : VULN;
    const root = project(files);
    for (const jobs of [1, 2]) {
      const opts: ScanOptions = { targets: [root], jobs, cacheDir: path.join(root, `.cache${jobs}`) };
      await collect(engine, opts);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const t0 = performance.now();
      let warm: Awaited<ReturnType<typeof collect>>;
      try {
        warm = await collect(engine, opts);
      } finally {
        clearInterval(timer);
      }
      const ms = performance.now() - t0;
      assert.equal(warm.summary.cached, 3000);
      // Answering 3,000 files takes several 10 ms slices: timers ran in between (none can without a pause).
      assert.ok(ms >= 25, `jobs ${jobs}: the warm scan took only ${ms.toFixed(0)} ms, too short to show anything`);
      assert.ok(ticks > 0, `jobs ${jobs}: no timer ran during a ${ms.toFixed(0)} ms warm scan`);
    }
  });

  test('discovery lets the event loop run, and stops when the scan is cancelled', async () => {
    const engine = await getEngine();
    // 2,000 directories of non-Python files, then one Python file: the walk is nearly all of the scan.
    const files: Record<string, string> = { 'zz/last.py': VULN };
    for (let i = 0; i < 2000; i++) files[`d${i % 20}/e${i}/notes.txt`] = 'x';
    const root = project(files);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let full: Awaited<ReturnType<typeof collect>>;
    try {
      full = await collect(engine, { targets: [root], cache: false, jobs: 1 });
    } finally {
      clearInterval(timer);
    }
    const ms = full.summary.durationMs;
    assert.deepEqual(full.results.map((r) => path.basename(r.filename)), ['last.py']);
    assert.ok(ms >= 25, `the walk took only ${ms.toFixed(0)} ms, too short to show anything`);
    assert.ok(ticks > 0, `no timer ran during a ${ms.toFixed(0)} ms walk`);
    // Cancelled at the walk's first pause: no file is reported or analysed.
    const ac = new AbortController();
    setImmediate(() => ac.abort());
    const cancelled = await collect(engine, { targets: [root], cache: false, jobs: 1, signal: ac.signal });
    assert.equal(cancelled.summary.cancelled, true);
    assert.equal(cancelled.summary.files, 0);
    assert.deepEqual(cancelled.results, []);
  });

  test('an engine given as rules and a builder is built only when a file is analysed in this thread', async () => {
    const engine = await getEngine();
    let builds = 0;
    const lazy = { rules: engine.rules, build: () => (builds++, engine) };
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`m${i}.py`] = VULN;
    const root = project(files);
    const cacheDir = path.join(root, '.vigil-cache');
    const pooled = await collect(lazy, { targets: [root], jobs: 2, cacheDir });
    assert.ok(pooled.summary.workers > 0, 'the pool was used (dist/worker.js built)');
    assert.equal(builds, 0);
    const warm = await collect(lazy, { targets: [root], jobs: 1, cacheDir });
    assert.equal(warm.summary.cached, 20);
    assert.equal(builds, 0);
    fs.writeFileSync(path.join(root, 'm0.py'), 'eval(x)\n');
    fs.writeFileSync(path.join(root, 'm1.py'), 'eval(y)\n');
    const inProc = await collect(lazy, { targets: [root], jobs: 1, cacheDir });
    assert.equal(inProc.summary.analysed, 2);
    assert.equal(builds, 1);
  });

  test('workerNiceness: the worker threads run at that nice value, the caller\'s threads keep theirs (Linux)', { skip: process.platform !== 'linux' }, async () => {
    const engine = await getEngine();
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`m${i}.py`] = VULN;
    const root = project(files);
    // getpriority() takes a thread id as well as a process id (Linux).
    const niceOf = (tid: string): number => os.getPriority(Number(tid));
    const before = new Set(fs.readdirSync('/proc/self/task'));
    const seen = new Map<string, number>();
    const summary = await runScan(engine, { targets: [root], jobs: 2, cache: false, workerNiceness: 7 }, () => {
      for (const t of fs.readdirSync('/proc/self/task')) {
        try {
          seen.set(t, niceOf(t));
        } catch {
          // the thread ended
        }
      }
    });
    assert.ok(summary.workers > 0, 'the pool was used (dist/worker.js built)');
    const fresh = [...seen].filter(([t]) => !before.has(t));
    assert.ok(fresh.some(([, n]) => n === 7), `a new thread at nice 7: ${JSON.stringify(fresh)}`);
    assert.equal(seen.get(String(process.pid)), niceOf(String(process.pid)));
    assert.ok([...seen].filter(([t]) => before.has(t)).every(([, n]) => n !== 7), 'threads that existed before keep their nice value');
  });

  test('rules the worker bundle does not know: the scan falls back to in process', async () => {
    const boom = defineRule({
      id: 'VG999', name: 'boom', banditName: 'boom', summary: 'boom() calls', severity: 'LOW', confidence: 'HIGH', cwe: 1,
      moreInfo: 'https://example.invalid', query: '(call) @call', messages: { boom: 'boom' },
      check: (m, ctx) => (ctx.call(m.node).qualname === 'boom' ? { node: m.node, messageId: 'boom' } : undefined),
    });
    const engine = new Engine(await loadPython(), [boom]);
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`m${i}.py`] = 'boom()\nother()\n';
    const root = project(files);
    const { results, summary } = await collect(engine, { targets: [root], jobs: 2, cache: false });
    assert.equal(summary.workers, 0);
    assert.equal(results.length, 5);
    assert.ok(results.every((r) => r.analysis?.findings.length === 1 && r.analysis.findings[0]!.ruleId === 'VG999'));
  });

  test('cancellation stops the scan between files', async () => {
    const engine = await getEngine();
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`m${String(i).padStart(2, '0')}.py`] = VULN;
    const root = project(files);
    for (const jobs of [1, 2]) {
      const ac = new AbortController();
      let seen = 0;
      const summary = await runScan(engine, { targets: [root], jobs, cache: false, signal: ac.signal }, () => {
        if (++seen === 3) ac.abort();
      });
      assert.equal(summary.cancelled, true, `jobs=${jobs}`);
      assert.ok(seen < 40, `jobs=${jobs}: stopped early (${seen} files)`);
    }
  });
});

describe('scan cache: line ranges', () => {
  test('a range of more than two lines is stored as first-last and read back equal; findings share one array per range', async () => {
    const engine = await getEngine();
    const root = project({ 'paths.py': 'DATA = [\n    "/tmp/a",\n    "/tmp/b",\n    "/tmp/c",\n]\nx = "/tmp/d"\n' });
    const opts: ScanOptions = { targets: [root], jobs: 1, cacheDir: path.join(root, '.vigil-cache') };
    const cold = await collect(engine, opts);
    const warm = await collect(engine, opts);
    assert.equal(warm.summary.cached, 1);
    const a = cold.results[0]!.analysis!;
    const b = warm.results[0]!.analysis!;
    assert.deepEqual(b, a);
    assert.deepEqual(a.findings.map((f) => f.lineRange), [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [6]]);
    for (const r of [a, b]) assert.ok(r.findings[0]!.lineRange === r.findings[2]!.lineRange, 'one array per range');
    const stored = fs.readFileSync(path.join(root, '.vigil-cache', fs.readdirSync(path.join(root, '.vigil-cache')).find((f) => f.endsWith('.json'))!), 'utf8');
    assert.ok(stored.includes('"lineRange":"1-5"') && stored.includes('"lineRange":[6]'), stored);
  });
});
