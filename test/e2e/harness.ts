// Shared plumbing for the real-editor tests: code-server (VS Code 1.100.3 web + a real Node extension host,
// installed by scripts/e2e-setup.sh into .e2e/), Debian's Chromium driven by playwright-core, and the
// workspace the tests run in. Recipe and measurements: /work/shared/design/e2e.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Repository root (this file is bundled to out/e2e/*.js). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const E2E_DIR = process.env.VIGIL_E2E_DIR ?? path.join(ROOT, '.e2e');
/**
 * Run dirs and test workspaces live OUTSIDE the repository: inside it they would sit in a git-ignored folder
 * (.e2e/), and the workspace scan rightly skips files the enclosing repository ignores.
 */
export const WORK_DIR = process.env.VIGIL_E2E_WORK ?? path.join(os.tmpdir(), `vigil-e2e-${process.getuid?.() ?? 0}`);
/** The extension under test (a folder with package.json + dist/); VIGIL_E2E_EXTENSION points at another copy. */
export const EXTENSION_DEV = path.resolve(process.env.VIGIL_E2E_EXTENSION ?? ROOT);
export const CODE_SERVER = process.env.VIGIL_CODE_SERVER ?? path.join(E2E_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
export const FIXTURES = path.join(ROOT, 'test', 'e2e', 'fixtures');
export const SAMPLE_APP = path.join(ROOT, 'samples', 'vulnerable-app');

export function log(msg: string): void {
  process.stdout.write(`[e2e] ${msg}\n`);
}

export function secondsSince(t0: number): string {
  return ((Date.now() - t0) / 1000).toFixed(1);
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function pollUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh directory for one code-server run: user data, extensions, XDG dirs and TMPDIR (nothing leaks to ~ or /tmp). */
export function makeRunDir(prefix: string): string {
  const base = path.join(WORK_DIR, 'runs');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${prefix}-`));
  for (const d of ['user/User', 'ext', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'chrome']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'user', 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'security.workspace.trust.enabled': false,
        'files.autoSave': 'off',
        'update.mode': 'none',
      },
      null,
      2,
    ),
  );
  return dir;
}

export function isolatedEnv(runDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
    XDG_STATE_HOME: path.join(runDir, 'xdg-data'),
    XDG_RUNTIME_DIR: path.join(runDir, 'tmp'),
    TMPDIR: path.join(runDir, 'tmp'),
    ...extra,
  };
}

export function assertToolsInstalled(): void {
  const missing: string[] = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER})`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run scripts/e2e-setup.sh first`);
}

function codeServerArgs(runDir: string): string[] {
  return ['--config', path.join(runDir, 'config.yaml'), '--user-data-dir', path.join(runDir, 'user'), '--extensions-dir', path.join(runDir, 'ext')];
}

/** `code-server --install-extension x.vsix` into the run's extensions dir. */
export function installVsix(runDir: string, vsix: string): string {
  fs.writeFileSync(path.join(runDir, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const r = spawnSync(CODE_SERVER, [...codeServerArgs(runDir), '--install-extension', vsix], { env: isolatedEnv(runDir), encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`.trim();
  if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`--install-extension ${vsix} failed (${r.status}): ${out}`);
  return out;
}

export interface CodeServer {
  base: string;
  remote: string;
  proc: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1:<free port> with isolated dirs; resolves when /healthz answers. */
export async function startCodeServer(runDir: string, env: Record<string, string> = {}): Promise<CodeServer> {
  assertToolsInstalled();
  const port = await freePort();
  fs.writeFileSync(path.join(runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(runDir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(
    CODE_SERVER,
    [...codeServerArgs(runDir), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { env: isolatedEnv(runDir, env), stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exited: number | null = null;
  proc.on('exit', (code) => (exited = code ?? -1));
  const base = `http://127.0.0.1:${port}/`;
  await pollUntil(
    'code-server /healthz',
    async () => {
      if (exited !== null) throw new Error(`code-server exited with ${exited}; see ${logFile}`);
      const r = await fetch(`${base}healthz`).catch(() => undefined);
      return r?.ok;
    },
    30000,
    100,
  );
  return {
    base,
    remote: `vscode-remote://127.0.0.1:${port}`,
    proc,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
        }, 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(runDir: string, viewport = { width: 1400, height: 900 }): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await chromium.launchPersistentContext(path.join(runDir, 'chrome'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    env: isolatedEnv(runDir) as Record<string, string>,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return { ctx, page };
}

/** The workbench URL: a folder, or a .code-workspace file, plus the optional `payload` (extension dev/test paths). */
export function workbenchUrl(cs: CodeServer, workspace: string, payload?: [string, string][]): string {
  const q = workspace.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(workspace)}` : `folder=${encodeURIComponent(workspace)}`;
  return `${cs.base}?${q}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

export interface ExtHostRun {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  /** Env for code-server and so for the extension host (the suite reads VIGIL_E2E_*). */
  env?: Record<string, string>;
  vsix?: string;
  timeoutMs?: number;
  keepRunDir?: boolean;
}

/**
 * Runs an extension-host test module (exports run(): Promise<void>, the @vscode/test-electron shape) inside
 * code-server: payload URL → remote extension host requires the module → window.codeAutomationExit(code).
 * Returns the exit code (0 = all passed).
 */
export async function runExtensionHostTests(opts: ExtHostRun): Promise<number> {
  const t0 = Date.now();
  const runDir = makeRunDir('exthost');
  if (opts.vsix) log(installVsix(runDir, opts.vsix));
  const cs = await startCodeServer(runDir, opts.env);
  log(`code-server up at ${cs.base} after ${secondsSince(t0)} s (log ${cs.logFile})`);
  let code = 1;
  const { ctx, page } = await launchBrowser(runDir);
  // The workbench side (saves and their participants, notifications) logs only to the browser console: keep it
  // with the run directory, which is kept when the run fails.
  const consoleLog = path.join(runDir, 'browser-console.log');
  page.on('console', (m) => fs.appendFileSync(consoleLog, `${new Date().toISOString()} [${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `${new Date().toISOString()} [pageerror] ${e.stack ?? e.message}\n`));
  try {
    let done!: (c: number | string) => void;
    const result = new Promise<number | string>((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      process.stdout.write(`${util.format(...(Array.isArray(args) ? args : [args]))}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (c: number) => done(c));
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', cs.remote + path.resolve(opts.extensionDevelopmentPath)],
      ['extensionTestsPath', cs.remote + path.resolve(opts.extensionTestsPath)],
    ];
    await page.goto(workbenchUrl(cs, path.resolve(opts.workspace), payload));
    const timeoutMs = opts.timeoutMs ?? Number(process.env.VIGIL_E2E_TIMEOUT_MS ?? 600000);
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([result, new Promise<string>((res) => (timer = setTimeout(() => res('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    if (r === 'timeout') {
      log(`TIMEOUT: the extension host did not report an exit code within ${timeoutMs / 1000} s`);
      await page.screenshot({ path: path.join(runDir, 'timeout.png') }).catch(() => undefined);
    }
    code = typeof r === 'number' ? r : 1;
    log(`codeAutomationExit(${String(r)}) after ${secondsSince(t0)} s`);
  } finally {
    await ctx.close().catch(() => undefined);
    await cs.stop();
  }
  if (code === 0 && !opts.keepRunDir && process.env.VIGIL_E2E_KEEP !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  else log(`run dir kept: ${runDir}`);
  return code;
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !/(^|\/)(__pycache__|\.venv|node_modules)$/.test(src) });
}

/**
 * A fresh multi-root workspace for one run (tests edit and save files, so never the repository's own copies):
 *   app/  samples/vulnerable-app when it exists (else fixtures/app): default config
 *   lib/  fixtures/lib: [tool.bandit] skips = ["B506"] and folder setting vigil.minSeverity = "medium"
 *   vigil-e2e.code-workspace
 * Returns the .code-workspace path.
 */
export function prepareWorkspace(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  copyDir(fs.existsSync(SAMPLE_APP) ? SAMPLE_APP : path.join(FIXTURES, 'app'), path.join(dir, 'app'));
  // Config files in app/ would change the expectations of the tests; the tests own app's config.
  for (const f of ['pyproject.toml', '.bandit']) fs.rmSync(path.join(dir, 'app', f), { force: true });
  copyDir(path.join(FIXTURES, 'lib'), path.join(dir, 'lib'));
  const ws = path.join(dir, 'vigil-e2e.code-workspace');
  fs.writeFileSync(ws, JSON.stringify({ folders: [{ path: 'app' }, { path: 'lib' }], settings: {} }, null, 2));
  return ws;
}
