// lsp/threads.ts: the server's background threads yield to its main thread (Linux nice values per thread).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

async function threadNices(env: Record<string, string>): Promise<{ main: number; others: number[] }> {
  const p = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    // The nice values are set before the server reads its input: once it answers, they are in place.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown', params: null });
    const answered = new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
    p.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await answered;
    // getpriority() takes a thread id as well as a process id (Linux).
    const tids = fs.readdirSync(`/proc/${p.pid}/task`).map(Number);
    return { main: os.getPriority(p.pid!), others: tids.filter((t) => t !== p.pid).map((t) => os.getPriority(t)) };
  } finally {
    p.kill();
  }
}

test('the server lowers its background threads to nice 10, its main thread keeps its own (Linux)', { skip: process.platform !== 'linux' }, async () => {
  const { main, others } = await threadNices({});
  assert.equal(main, os.getPriority());
  // V8's platform workers (4 by default) exist from the start.
  assert.ok(others.filter((n) => n === 10).length >= 4, `background threads: ${others.join(' ')}`);
});

test('VIGIL_THREAD_NICE=0 leaves every thread alone (Linux)', { skip: process.platform !== 'linux' }, async () => {
  const { main, others } = await threadNices({ VIGIL_THREAD_NICE: '0' });
  assert.equal(main, os.getPriority());
  assert.ok(others.every((n) => n === main), `background threads: ${others.join(' ')}`);
});
