// lsp/threads.ts: the server's background threads yield to its main thread (Linux nice values per thread).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

/** The nice value (stat field 19) of every thread of process `pid`, by thread id. */
const NICE_SCRIPT = `
const fs = require('fs');
const out = {};
for (const t of fs.readdirSync('/proc/' + process.argv[1] + '/task')) {
  const s = fs.readFileSync('/proc/' + process.argv[1] + '/task/' + t + '/stat', 'utf8');
  out[t] = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]);
}
console.log(JSON.stringify(out));
`;

async function threadNices(env: Record<string, string>): Promise<{ main: number; others: number[] }> {
  const p = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    // The nice values are set before the server reads its input: once it answers, they are in place.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown', params: null });
    const answered = new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
    p.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await answered;
    const nices = JSON.parse(execFileSync(process.execPath, ['-e', NICE_SCRIPT, String(p.pid)], { encoding: 'utf8' })) as Record<string, number>;
    return { main: nices[String(p.pid)]!, others: Object.entries(nices).filter(([t]) => t !== String(p.pid)).map(([, n]) => n) };
  } finally {
    p.kill();
  }
}

test('the server lowers its background threads to nice 10, its main thread stays at 0 (Linux)', { skip: process.platform !== 'linux' }, async () => {
  const { main, others } = await threadNices({});
  assert.equal(main, 0);
  // V8's platform workers (4 by default) exist from the start.
  assert.ok(others.filter((n) => n === 10).length >= 4, `background threads: ${others.join(' ')}`);
});

test('VIGIL_THREAD_NICE=0 leaves every thread alone (Linux)', { skip: process.platform !== 'linux' }, async () => {
  const { main, others } = await threadNices({ VIGIL_THREAD_NICE: '0' });
  assert.equal(main, 0);
  assert.ok(others.every((n) => n === 0), `background threads: ${others.join(' ')}`);
});
