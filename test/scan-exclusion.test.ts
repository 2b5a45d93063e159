// scanExclusion (engine/scan/discover.ts) answers for one file what the scan's walk decides for the whole tree:
// the editor uses it so that an open file `vigil scan FOLDER` leaves out shows nothing. Checked against discover().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discover, scanExclusion, type DiscoverOptions } from '../server/src/engine/scan/discover';

const TREE: Record<string, string> = {
  '.gitignore': 'gen/\n*.tmp.py\n!keep.tmp.py\n/scratch.py\n',
  'app.py': '',
  'scratch.py': '',
  'keep.tmp.py': '',
  'other.tmp.py': '',
  'notes.txt': '',
  'pkg/__init__.py': '',
  'pkg/.gitignore': 'local_*.py\n',
  'pkg/local_a.py': '',
  'pkg/scratch.py': '',
  'pkg/sub/mod.py': '',
  'pkg/sub/deep/x.pyw': '',
  'pkg/tests/test_in_pkg.py': '',
  'tests/test_a.py': '',
  'tests/data/fixture.py': '',
  'build/lib/built.py': '',
  '.venv/lib/site.py': '',
  'gen/out.py': '',
  'thing.egg/inside.py': '',
  'docs/conf.py': '',
  'tools/gen/keep.py': '',
  // Bandit's default -x strings, as substrings of the path below the folder (.git in .github, CVS in CVSX).
  '.github/scripts/ci.py': '',
  'CVSX/m.py': '',
  'CVS_tool.py': '',
  'pkg/a.gitx/m.py': '',
};

const OPTIONS: DiscoverOptions[] = [
  {},
  { respectGitignore: false },
  { excludes: ['./tests/*'] },
  { excludes: ['tests'] },
  { excludes: ['*/sub/*', 'docs'] },
  { excludes: ['./pkg'] },
  { excludes: ['conf.py', '*_in_pkg.py'], respectGitignore: false },
  { banditDefaultExcludes: false },
  { excludes: ['./tests/*'], banditDefaultExcludes: false },
  { include: ['*.py'] },
  { include: ['*/sub/*', '*/tests/*'], excludes: ['data'] },
];

test('scanExclusion agrees with discover() on every .py file of a tree, for 11 option sets (with and without excludeRelativeTo)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-excl-'));
  try {
    for (const [rel, text] of Object.entries(TREE)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const pyFiles = Object.keys(TREE).filter((f) => /\.pyw?$/.test(f)).map((f) => path.join(dir, f));
    let excludedSeen = 0;
    let includedSeen = 0;
    for (const base of OPTIONS) {
      for (const opts of [base, { ...base, excludeRelativeTo: dir }]) {
        const listed = new Set(discover([dir], opts).files.map((f) => path.resolve(f.path)));
        for (const file of pyFiles) {
          const reason = scanExclusion(file, dir, opts);
          assert.equal(reason === undefined, listed.has(file), `${path.relative(dir, file)} with ${JSON.stringify(opts)}: ${reason ?? 'not excluded'}`);
          if (reason) excludedSeen++;
          else includedSeen++;
        }
      }
    }
    assert.ok(excludedSeen > 50 && includedSeen > 50, `${excludedSeen} excluded, ${includedSeen} listed`);
    // Outside the folder, or not a Python file: nothing to judge.
    assert.equal(scanExclusion(path.join(os.tmpdir(), 'elsewhere.py'), dir), undefined);
    assert.equal(scanExclusion(path.join(dir, 'notes.txt'), dir), undefined);
    assert.match(scanExclusion(path.join(dir, 'build', 'lib', 'built.py'), dir) ?? '', /under build/);
    assert.match(scanExclusion(path.join(dir, 'pkg', 'local_a.py'), dir) ?? '', /\.gitignore/);
    for (const rel of ['.github/scripts/ci.py', 'CVSX/m.py', 'CVS_tool.py', 'pkg/a.gitx/m.py']) {
      assert.match(scanExclusion(path.join(dir, rel), dir) ?? '', /Bandit's default excludes/, rel);
      assert.equal(scanExclusion(path.join(dir, rel), dir, { banditDefaultExcludes: false }), undefined, rel);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
