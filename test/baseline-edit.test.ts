// "Add this finding to the baseline": the edit on Bandit JSON reports of several layouts (engine/baselineEdit.ts),
// and the code action over LSP, applied as the editor applies it, against the CLI's `-b` and, where Debian's
// bandit is installed, Bandit's own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSource } from '../server/src/engine/analyze';
import { FolderBaseline, loadBaseline } from '../server/src/engine/baseline';
import { baselineAddEdits, baselineFilename } from '../server/src/engine/baselineEdit';
import type { Finding, TextEdit as EngineEdit } from '../server/src/engine/types';
import { json, vigil } from './helpers/cli';
import { getEngine } from './helpers/engine';
import { inFolder } from './helpers/folder';
import { codeActions, PUSH_CAPS } from './helpers/lsp';

/** B404 on line 2, B602 on line 3 and B605 on line 4 (Bandit 1.6.2 reports the three: no string test involved). */
const SRC = 'import os\nimport subprocess\nsubprocess.call("ls " + name, shell=True)\nos.system("rm -rf " + path)\n';

function apply(text: string, edits: readonly EngineEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

interface Entry {
  filename: string;
  test_id?: string;
  line_number?: number;
}

/** The `results` of a JSON report's text. */
function resultsIn(text: string): Entry[] {
  return (JSON.parse(text) as { results: Entry[] }).results;
}

async function findings(source = SRC): Promise<Finding[]> {
  return analyzeSource(await getEngine(), source, { filename: 'a.py' }).findings;
}

/** `vigil scan .` of a folder holding `a.py`, as JSON (the layout Bandit writes: sorted keys, indent 2). */
function cliReport(dir: string, args: string[] = []): ReturnType<typeof json> {
  return json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero', ...args]));
}

describe('baselineAddEdits', () => {
  const folder = '/work/proj';
  const abs = '/work/proj/pkg/a.py';

  test('the file name follows the other entries: ./-relative, plain relative or absolute', () => {
    assert.equal(baselineFilename([], folder, abs), './pkg/a.py');
    assert.equal(baselineFilename([{ filename: './b.py' }], folder, abs), './pkg/a.py');
    assert.equal(baselineFilename([{ filename: 'proj/b.py' }], folder, abs), 'pkg/a.py');
    assert.equal(baselineFilename([{ filename: '/elsewhere/b.py' }], folder, abs), abs);
  });

  test('appends the entry the CLI writes for the finding, and leaves the rest of the file as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-baseline-edit-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.py'), SRC);
      const full = cliReport(dir);
      assert.deepEqual(full.results.map((r) => r.test_id), ['B404', 'B602', 'B605']);
      // A report without the last finding, as `vigil scan . -f json` writes it (Bandit's layout).
      const onlyFirst = vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero', '-s', 'B605']).stdout;
      const b605 = (await findings()).find((x) => x.ruleId === 'B605');
      const edits = baselineAddEdits(onlyFirst, b605!, SRC, dir, path.join(dir, 'a.py'))!;
      assert.ok(edits, 'an edit');
      const after = apply(onlyFirst, edits);
      // The two reports' results are equal entry for entry (file name, code context, columns, CWE, ...).
      assert.deepEqual(resultsIn(after), full.results);
      // Only the end of the results list changed: the text up to the last entry's last key is as it was.
      const firstEnd = onlyFirst.indexOf('"test_name": "subprocess_popen_with_shell_equals_true"');
      assert.equal(after.slice(0, firstEnd), onlyFirst.slice(0, firstEnd));
      assert.ok(after.endsWith(onlyFirst.slice(onlyFirst.lastIndexOf(']'))), 'the end of the file is unchanged');
      // The edited file is a baseline that hides the added finding only.
      fs.writeFileSync(path.join(dir, 'base.json'), after);
      const base = new FolderBaseline(loadBaseline(path.join(dir, 'base.json')), dir);
      assert.deepEqual(base.newFindings(await findings(), path.join(dir, 'a.py')), []);
      fs.writeFileSync(path.join(dir, 'base.json'), onlyFirst);
      assert.deepEqual(new FolderBaseline(loadBaseline(path.join(dir, 'base.json')), dir).newFindings(await findings(), path.join(dir, 'a.py')).map((x) => x.ruleId), ['B605']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('other layouts: an empty list, 4 spaces, tabs, CRLF, one line; the result parses with one entry more', async () => {
    const b602 = (await findings()).find((x) => x.ruleId === 'B602');
    const layouts = [
      '{\n  "errors": [],\n  "results": []\n}\n',
      '{\n    "results": [\n        {\n            "filename": "./b.py"\n        }\n    ]\n}\n',
      '{\n\t"results": [\n\t\t{\n\t\t\t"filename": "./b.py"\n\t\t}\n\t]\n}\n',
      '{\r\n  "results": [\r\n    {\r\n      "filename": "b.py"\r\n    }\r\n  ]\r\n}\r\n',
      '{"results": [{"filename": "/abs/b.py"}], "metrics": {}}',
    ];
    for (const text of layouts) {
      const after = apply(text, baselineAddEdits(text, b602!, SRC, folder, abs)!);
      const results = resultsIn(after);
      assert.equal(results.length, resultsIn(text).length + 1, text);
      assert.equal(results.at(-1)!.test_id, 'B602');
      assert.equal(results.at(-1)!.filename, baselineFilename(resultsIn(text), folder, abs));
      // The inserted lines use the file's own line ends and indentation.
      if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
      if (text.includes('\t')) assert.match(after, /\n\t\t\t"test_id": "B602"/);
      if (text.startsWith('{\n    ')) assert.match(after, /\n {12}"test_id": "B602"/);
    }
  });

  test('no edit for a file that is not a Bandit JSON report', async () => {
    const b602 = (await findings()).find((x) => x.ruleId === 'B602');
    for (const text of ['', 'not json', '[]', '{}', '{"results": {}}', '{"results": [],}', '{"results": [] // c\n}']) {
      assert.equal(baselineAddEdits(text, b602!, SRC, folder, abs), undefined, JSON.stringify(text));
    }
  });
});


describe('"Add this finding to the baseline" in the editor', () => {
  test('offered where a baseline applies; applied and saved, the finding is hidden, as `vigil scan -b` and Bandit hide it', async () => {
    let baseline = 'reports/base.json';
    await inFolder(
      { 'a.py': SRC, 'reports/base.json': '{\n  "errors": [],\n  "results": []\n}\n' },
      async (f) => {
        assert.deepEqual(await f.open('a.py', SRC), ['B404', 'B602', 'B605']);
        const diags = (await f.c.diagnostics(f.uri('a.py'), (x) => x.version === 1)).diagnostics;
        const b605 = diags.filter((d) => d.code === 'B605');
        const act = (await codeActions(f.c, f.uri('a.py'), b605)).find((a) => a.title === 'Add this B605 finding to the baseline (base.json)');
        assert.ok(act, 'offered');
        const tde = act.edit!.documentChanges![0] as TextDocumentEdit;
        assert.equal(tde.textDocument.uri, f.uri('reports/base.json'));
        // Applied to the file (as the editor does once saved), then the watcher's event: B605 is hidden.
        const file = path.join(f.dir, 'reports/base.json');
        const before = fs.readFileSync(file, 'utf8');
        f.write('reports/base.json', TextDocument.applyEdits(TextDocument.create('x', 'json', 0, before), tde.edits as TextEdit[]));
        assert.deepEqual(resultsIn(fs.readFileSync(file, 'utf8')).map((r) => r.filename), ['./a.py']);
        assert.deepEqual(await f.edit('a.py', 2, SRC, ['reports/base.json']), ['B404', 'B602']);
        // The CLI with the same baseline agrees.
        assert.deepEqual(cliReport(f.dir, ['-b', 'reports/base.json']).results.map((r) => r.test_id), ['B404', 'B602']);
        // So does Bandit, where it is installed (Debian's 1.6.2 runs B602 and B605 on any Python).
        const bandit = spawnSync('bandit', ['-q', '-r', '.', '-f', 'json', '-b', 'reports/base.json'], { cwd: f.dir, encoding: 'utf8' });
        if (!bandit.error) assert.deepEqual((JSON.parse(bandit.stdout) as { results: { test_id: string }[] }).results.map((r) => r.test_id), ['B404', 'B602'], bandit.stderr);

        // Not offered without a baseline, nor with one that is not a Bandit report.
        baseline = '';
        await f.c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        const titles = async (version: number) => {
          const ds = (await f.c.diagnostics(f.uri('a.py'), (x) => x.version === version)).diagnostics;
          return (await codeActions(f.c, f.uri('a.py'), ds)).map((a) => a.title).filter((t) => t.includes('baseline'));
        };
        assert.deepEqual(await f.edit('a.py', 3, SRC + '\n'), ['B404', 'B602', 'B605']);
        assert.deepEqual(await titles(3), []);
        f.write('reports/other.json', '{"results": "none"}');
        baseline = 'reports/other.json';
        await f.c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await f.edit('a.py', 4, SRC);
        assert.deepEqual(await titles(4), []);
      },
      { settings: () => ({ baseline }) },
    );
  });

  test('a client that resolves edits gets the action without its edit; resolved, the same edit; out of date, none', async () => {
    const file = '{\n  "errors": [],\n  "results": []\n}\n';
    const opts = { settings: () => ({ baseline: 'base.json' }), capabilities: { ...PUSH_CAPS, textDocument: { ...PUSH_CAPS.textDocument, codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } } };
    let eager: WorkspaceEdit | undefined;
    // The same folder and request without resolve support: the edit comes with the action.
    await inFolder({ 'a.py': SRC, 'base.json': file }, async (f) => {
      await f.open('a.py', SRC);
      const ds = (await f.c.diagnostics(f.uri('a.py'), (x) => x.version === 1)).diagnostics.filter((d) => d.code === 'B602');
      eager = (await codeActions(f.c, f.uri('a.py'), ds)).find((a) => a.title.startsWith('Add this B602'))?.edit;
      assert.ok(eager, 'eager edit');
    }, { settings: opts.settings });
    await inFolder(
      { 'a.py': SRC, 'base.json': file },
      async (f) => {
        assert.deepEqual(f.c.initializeResult?.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.vigil'], resolveProvider: true });
        await f.open('a.py', SRC);
        const ds = (await f.c.diagnostics(f.uri('a.py'), (x) => x.version === 1)).diagnostics.filter((d) => d.code === 'B602');
        const act = (await codeActions(f.c, f.uri('a.py'), ds)).find((a) => a.title.startsWith('Add this B602'));
        assert.ok(act, 'offered');
        assert.equal(act.edit, undefined);
        const resolved = await f.c.request<CodeAction>('codeAction/resolve', act);
        // The same text edits as the eager action's (the folders differ: not the file's URI).
        const edits = (e: WorkspaceEdit | undefined) => (e?.documentChanges?.[0] as TextDocumentEdit | undefined)?.edits;
        assert.ok(edits(resolved.edit)?.length);
        assert.deepEqual(edits(resolved.edit), edits(eager));
        assert.equal((resolved.edit!.documentChanges![0] as TextDocumentEdit).textDocument.uri, f.uri('base.json'));
        // After an edit of the document (one that leaves the finding where it was), the old action resolves to nothing.
        await f.edit('a.py', 2, SRC + '\n');
        const stale = await f.c.request<CodeAction>('codeAction/resolve', act);
        assert.equal(stale.edit, undefined);
      },
      opts,
    );
  });

  test('a .bandit baseline gets the action too; the entry names the file as the report does (plain relative)', async () => {
    await inFolder(
      { 'old.py': 'assert x\n', 'pkg/a.py': SRC },
      async (f) => {
        // A report of old.py whose names are plain relative (`bandit -r old.py` writes them so).
        const old = cliReport(f.dir, ['-t', 'B101']);
        f.write('base.json', JSON.stringify({ ...old, results: old.results.map((r) => ({ ...r, filename: r.filename.replace(/^\.\//, '') })) }, null, 2));
        f.write('.bandit', '[bandit]\nbaseline = base.json\n');
        assert.deepEqual(await f.open('pkg/a.py', SRC), ['B404', 'B602', 'B605']);
        const diags = (await f.c.diagnostics(f.uri('pkg/a.py'), (x) => x.version === 1)).diagnostics;
        const act = (await codeActions(f.c, f.uri('pkg/a.py'), diags.filter((d) => d.code === 'B602'))).find((a) => a.title.startsWith('Add this B602 finding'));
        assert.ok(act, 'offered');
        const tde = act.edit!.documentChanges![0] as TextDocumentEdit;
        const text = TextDocument.applyEdits(TextDocument.create('x', 'json', 0, fs.readFileSync(path.join(f.dir, 'base.json'), 'utf8')), tde.edits as TextEdit[]);
        const added = resultsIn(text).at(-1)!;
        assert.deepEqual([added.filename, added.test_id, added.line_number], ['pkg/a.py', 'B602', 3]);
        // A baseline that does not load (an entry without its fields) gets no action: adding cannot repair it.
        f.write('base.json', JSON.stringify({ results: [{ filename: 'old.py' }] }));
        const after = await f.edit('pkg/a.py', 2, SRC, ['base.json']);
        assert.deepEqual(after, ['B404', 'B602', 'B605']);
        const ds = (await f.c.diagnostics(f.uri('pkg/a.py'), (x) => x.version === 2)).diagnostics;
        assert.ok(!(await codeActions(f.c, f.uri('pkg/a.py'), ds)).some((a) => a.title.includes('baseline')));
      },
    );
  });
});
