// Test helper: temp projects and spawning the built CLI (dist/cli.js; `node esbuild.mjs --tests` builds it).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const created: string[] = [];
process.on('exit', () => {
  for (const d of created) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

/** Creates a temp directory with the given files (path -> content); returns its path (removed at exit). */
export function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
  created.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` (no cache, one job: deterministic and no files written). */
export function vigil(cwd: string, args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; prefix?: string[]; cache?: boolean } = {}): CliRun {
  const prefix = opts.prefix ?? [];
  const cmd = prefix.length > 0 ? prefix[0]! : process.execPath;
  const full = opts.cache ? args : ['--no-cache', ...args];
  const argv = prefix.length > 0 ? [...prefix.slice(1), process.execPath, CLI, ...full] : [CLI, ...full];
  const so: SpawnSyncOptions = { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...opts.env }, timeout: 60_000 };
  if (opts.input !== undefined) so.input = opts.input;
  const r = spawnSync(cmd, argv, so);
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function json(r: CliRun): BanditJson {
  try {
    return JSON.parse(r.stdout) as BanditJson;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
}

export interface BanditResult {
  code: string;
  col_offset: number;
  end_col_offset: number;
  filename: string;
  issue_confidence: string;
  issue_cwe: { id?: number; link?: string };
  issue_severity: string;
  issue_text: string;
  line_number: number;
  line_range: number[];
  more_info: string;
  test_id: string;
  test_name: string;
  candidates?: BanditResult[];
}
export interface BanditJson {
  errors: { filename: string; reason: string }[];
  generated_at: string;
  metrics: Record<string, Record<string, number>>;
  results: BanditResult[];
}

export const ids = (j: BanditJson) => j.results.map((r) => `${r.test_id}@${r.line_number}`);
