// Runs neovim.lua in headless Neovim (Debian's 0.7) against dist/server.js in a fresh workspace.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXTENSION_DEV, ROOT, log, makeRunDir, secondsSince } from './harness';

const SAMPLE = ['import yaml', '', '', 'def load(path):', '    with open(path) as f:', '        return yaml.load(f)', ''].join('\n');

export async function runNeovim(server = process.env.VIGIL_SERVER ?? path.join(EXTENSION_DEV, 'dist', 'server.js')): Promise<number> {
  const t0 = Date.now();
  const runDir = makeRunDir('nvim');
  const ws = path.join(runDir, 'ws');
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ws, 'sample.py'), SAMPLE);
  const out = path.join(runDir, 'result.txt');
  const env = {
    ...process.env,
    VIGIL_SERVER: server,
    VIGIL_NVIM_WS: ws,
    VIGIL_NVIM_OUT: out,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_STATE_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
    TMPDIR: path.join(runDir, 'tmp'),
  };
  const proc = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(ROOT, 'test', 'e2e', 'neovim.lua')}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 90000);
  const code = await new Promise<number>((r) => proc.on('exit', (c) => r(c ?? 1)));
  clearTimeout(timer);
  const report = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '(no report written)\n';
  process.stdout.write(report.replace(/^/gm, '  nvim '));
  if (stderr.trim()) process.stdout.write(`${stderr.trim().replace(/^/gm, '  nvim stderr ')}\n`);
  log(`neovim: exit ${code} after ${secondsSince(t0)} s`);
  if (code === 0) fs.rmSync(runDir, { recursive: true, force: true });
  else log(`run dir kept: ${runDir}`);
  return code;
}

if (path.basename(process.argv[1] ?? '') === 'neovim.js') void runNeovim().then((c) => process.exit(c));
