// Test helper: a workspace folder on disk with an in-process server and client (test/lsp-bandit-ini.test.ts,
// test/lsp-rescan.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { TestClient, type ClientOptions } from './lsp';
import { json, vigil } from './cli';

/** B403 (import pickle: LOW severity) and B506 (yaml.load: MEDIUM). */
export const PICKLE_YAML = 'import pickle\nimport yaml\n\n\ndef f(data):\n    return yaml.load(data)\n';

/** The sorted codes of diagnostics. */
export const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

/** A workspace folder on disk with a started in-process client; `inFolder` removes both afterwards. */
export interface Folder {
  dir: string;
  c: TestClient;
  uri(rel: string): string;
  /** Writes a file of the folder (directories created). */
  write(rel: string, text: string): void;
  /** Opens `rel` as version 1 (default text: PICKLE_YAML) and returns its diagnostics' codes. */
  open(rel: string, text?: string): Promise<string[]>;
  /**
   * Says that the files `changed` (on disk) changed, as the client's watcher does, then edits `rel` to `version`
   * with `text` and returns the codes of that version.
   */
  edit(rel: string, version: number, text?: string, changed?: string[]): Promise<string[]>;
  /** Says that the files `changed` changed on disk (`type` 1 created, 2 changed, 3 deleted), as a watcher does. */
  changed(changed: string[], type?: 1 | 2 | 3): Promise<void>;
  /** The codes the workspace scan last published for a closed file. */
  scanned(rel: string): Promise<string[]>;
  /** Opens `open`, runs the workspace scan, then `vigil scan .`: the open file's codes, the closed file's, the CLI's `file:id` results. */
  threeWays(open: string, closed: string): Promise<[string[], string[], string[]]>;
}

export async function inFolder(files: Record<string, string>, run: (f: Folder) => Promise<void>, opts: Omit<ClientOptions, 'workspaceFolders'> = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-folder-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  const c = TestClient.inProcess({ ...opts, workspaceFolders: [dir] });
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const at = async (rel: string, version: number) => codes((await c.diagnostics(uri(rel), (x) => x.version === version)).diagnostics);
  const scanned = async (rel: string) => codes((await c.diagnostics(uri(rel))).diagnostics);
  const changed = (rels: string[], type: 1 | 2 | 3 = 2) => c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: rels.map((f) => ({ uri: uri(f), type })) });
  try {
    await c.initialize();
    await run({
      dir,
      c,
      uri,
      write,
      open: async (rel, text = PICKLE_YAML) => {
        await c.open(uri(rel), text, 1);
        return at(rel, 1);
      },
      edit: async (rel, version, text = PICKLE_YAML, rels = []) => {
        if (rels.length > 0) await changed(rels);
        await c.change(uri(rel), version, [{ text }]);
        return at(rel, version);
      },
      changed,
      scanned,
      threeWays: async (open, closed) => {
        await c.open(uri(open), PICKLE_YAML, 1);
        const opened = await at(open, 1);
        await c.request('vigil/scanWorkspace', {});
        const cli = json(vigil(dir, ['scan', '.', '-f', 'json', '--exit-zero'])).results.map((r) => `${r.filename}:${r.test_id}`);
        return [opened, await scanned(closed), cli.sort()];
      },
    });
  } finally {
    await c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
