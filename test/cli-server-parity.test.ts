// The editor and CI agree by construction: the CLI's JSON results for the sample project equal, finding for
// finding, what the language server (started as `node dist/server.js --stdio`) reports for the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { PULL_CAPS, TestClient } from './helpers/lsp';
import { json, vigil } from './helpers/cli';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'vulnerable-app');

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pyFiles(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

/** Each file opened in turn, pulled and closed: `file:line:ruleId` of its diagnostics, relative to `root`. */
async function pulled(client: TestClient, files: readonly string[], root: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    const report = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    for (const d of report.items) {
      const data = d.data as { line: number; ruleId: string } | undefined;
      assert.ok(data, 'every diagnostic carries data');
      out.push(`${path.relative(root, file)}:${data.line}:${String(d.code)}`);
    }
    await client.close(uri);
  }
  return out.sort();
}

test('CLI and language server report the same findings on the sample project', { timeout: 120_000 }, async () => {
  const cli = json(vigil(ROOT, ['scan', 'samples/vulnerable-app', '-f', 'json', '--exit-zero']));
  const fromCli = cli.results.map((r) => `${path.relative(SAMPLE, path.resolve(ROOT, r.filename))}:${r.line_number}:${r.test_id}`).sort();
  assert.ok(fromCli.length >= 12, `the sample project has a dozen findings (got ${fromCli.length})`);

  const client = TestClient.stdio({ capabilities: PULL_CAPS, workspaceFolders: [SAMPLE], settings: () => ({}) });
  try {
    await client.initialize();
    assert.deepEqual(await pulled(client, pyFiles(SAMPLE), SAMPLE), fromCli);
  } finally {
    await client.dispose();
  }
});

test('with a .bandit file (skips, level, exclude, baseline) the CLI and the server agree: open files and workspace scan', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ini-'));
  fs.cpSync(SAMPLE, dir, { recursive: true });
  const key = (file: string, line: number, id: string) => `${path.relative(dir, file)}:${line}:${id}`;
  const client = TestClient.stdio({ capabilities: PULL_CAPS, workspaceFolders: [dir], settings: () => ({}) });
  try {
    // A finding under tests/ for the `exclude` to drop.
    fs.writeFileSync(path.join(dir, 'tests', 'fixtures_load.py'), 'import yaml\n\n\ndef load(p):\n    return yaml.load(p)\n');
    // The baseline: the project's own report with every other finding left out, so those count as new.
    const full = json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero']));
    fs.writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ ...full, results: full.results.filter((_, i) => i % 2 === 0) }));
    fs.writeFileSync(path.join(dir, '.bandit'), '[bandit]\nskips: B101\nlevel: medium\nexclude: ./tests\nbaseline: baseline.json\n');
    const cli = json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero']));
    const fromCli = cli.results.map((r) => key(path.resolve(dir, r.filename), r.line_number, r.test_id)).sort();
    // Each part of the .bandit file had something to do here.
    const inTests = (f: string) => f.split(/[\\/]/).includes('tests');
    const eligible = full.results.filter((r) => r.test_id !== 'B101' && r.issue_severity !== 'LOW' && !inTests(r.filename));
    assert.ok(full.results.some((r) => r.test_id === 'B101') && full.results.some((r) => r.issue_severity === 'LOW') && full.results.some((r) => inTests(r.filename)));
    assert.ok(fromCli.length > 0 && fromCli.length < eligible.length, `${fromCli.length} new of ${eligible.length}`);

    await client.initialize();
    // Every file, the excluded tests/ included: an open file the scan leaves out shows nothing.
    const fromServer = await pulled(client, pyFiles(dir), dir);
    assert.deepEqual(fromServer, fromCli, 'open files');

    // The workspace scan (every file closed), as `vigil scan .`: the excluded tests/ are not published.
    await client.request('vigil/scanWorkspace', {});
    const scanned: string[] = [];
    for (const file of pyFiles(dir)) {
      const p = [...client.published].reverse().find((x) => x.uri === pathToFileURL(file).href && x.version === undefined);
      if (inTests(path.relative(dir, file))) assert.equal(p, undefined, `${file} is excluded`);
      for (const d of p?.diagnostics ?? []) scanned.push(key(file, (d.data as { line: number }).line, String(d.code)));
    }
    assert.deepEqual(scanned.sort(), fromCli, 'workspace scan');
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
