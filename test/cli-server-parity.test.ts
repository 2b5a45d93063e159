// The editor and CI agree by construction: the CLI's JSON results for the sample project equal, finding for
// finding, what the language server (started as `node dist/server.js --stdio`) reports for the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

test('CLI and language server report the same findings on the sample project', { timeout: 120_000 }, async () => {
  const cli = json(vigil(ROOT, ['scan', 'samples/vulnerable-app', '-f', 'json', '--exit-zero']));
  const fromCli = cli.results.map((r) => `${path.relative(SAMPLE, path.resolve(ROOT, r.filename))}:${r.line_number}:${r.test_id}`).sort();
  assert.ok(fromCli.length >= 12, `the sample project has a dozen findings (got ${fromCli.length})`);

  const client = TestClient.stdio({ capabilities: PULL_CAPS, workspaceFolders: [SAMPLE], settings: () => ({}) });
  try {
    await client.initialize();
    const fromServer: string[] = [];
    for (const file of pyFiles(SAMPLE)) {
      const uri = pathToFileURL(file).href;
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      const report = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      for (const d of report.items) {
        const data = d.data as { line: number; ruleId: string } | undefined;
        assert.ok(data, 'every diagnostic carries data');
        fromServer.push(`${path.relative(SAMPLE, file)}:${data.line}:${String(d.code)}`);
      }
      await client.close(uri);
    }
    assert.deepEqual(fromServer.sort(), fromCli);
  } finally {
    await client.dispose();
  }
});
