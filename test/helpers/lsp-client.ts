// A small raw JSON-RPC client for `node dist/server.js --stdio`, for robustness tests and the fuzzer: it frames
// messages itself (so tests can send malformed or unusual traffic), times every request, answers the server's
// requests, records notifications and stderr, and can stop reading stdout to act as a client that never reads.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

interface Pending {
  method: string;
  sent: number;
  resolve: (m: RpcMessage) => void;
}

export interface RawClientOptions {
  /** The server bundle (default: dist/server.js next to the repo's out/ or test/ directory). */
  script?: string;
  /** Answer for each workspace/configuration item. */
  settings?: (scopeUri: string | undefined, section: string | undefined) => unknown;
  env?: NodeJS.ProcessEnv;
}

export function defaultServerScript(): string {
  // Bundled tests live in out/test/, scripts in out/scripts/: the repo root is two levels up.
  return path.resolve(__dirname, '..', '..', 'dist', 'server.js');
}

/** Pull-diagnostics client capabilities (no push), configuration support, code action data. */
export const PULL_CAPABILITIES = {
  workspace: { configuration: true, diagnostics: { refreshSupport: true } },
  textDocument: {
    diagnostic: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    codeAction: { dataSupport: true },
  },
};

export class RawLspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly notifications: RpcMessage[] = [];
  /** Requests the server sent us (method names). */
  readonly serverRequests: string[] = [];
  /** Per request: method and round-trip ms. */
  readonly latencies: { method: string; ms: number }[] = [];
  stderr = '';
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null = null;
  private readonly pending = new Map<number | string, Pending>();
  private nextId = 1;
  private buf: Buffer = Buffer.alloc(0);
  private readonly exited: Promise<void>;
  private readonly listeners: ((m: RpcMessage) => void)[] = [];

  constructor(private readonly opts: RawClientOptions = {}) {
    const script = opts.script ?? defaultServerScript();
    this.child = spawn(process.execPath, [script, '--stdio'], { stdio: 'pipe', env: opts.env ?? process.env });
    this.child.stdout.on('data', (d: Buffer) => this.onData(d));
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString('utf8');
    });
    // Writing to a dead server must not crash the test process.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        for (const p of this.pending.values()) p.resolve({ jsonrpc: '2.0', error: { code: -1, message: `server exited (${code ?? signal})` } });
        this.pending.clear();
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves when the server process has exited. */
  waitExit(timeoutMs: number): Promise<boolean> {
    return Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  }

  /** Stops / resumes reading the server's stdout (a client that does not read). */
  pauseReading(): void {
    this.child.stdout.pause();
  }
  resumeReading(): void {
    this.child.stdout.resume();
  }

  /** Writes raw bytes to the server's stdin. */
  writeRaw(data: string | Buffer): boolean {
    return this.child.stdin.write(data);
  }

  send(msg: RpcMessage): boolean {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    return this.writeRaw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** Sends a request; resolves with the whole response message (result or error). */
  requestRaw(method: string, params?: unknown, id?: number | string): { id: number | string; response: Promise<RpcMessage> } {
    const rid = id ?? this.nextId++;
    const response = new Promise<RpcMessage>((resolve) => {
      this.pending.set(rid, { method, sent: performance.now(), resolve });
    });
    this.send({ jsonrpc: '2.0', id: rid, method, ...(params === undefined ? {} : { params }) });
    return { id: rid, response };
  }

  /** Sends a request and resolves with its result; rejects on an error response or after `timeoutMs`. */
  async request<T = unknown>(method: string, params?: unknown, timeoutMs = 30_000): Promise<T> {
    const { response } = this.requestRaw(method, params);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method}: no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const m = await Promise.race([response, timeout]);
      if (m.error) throw Object.assign(new Error(`${method}: ${m.error.message} (${m.error.code})`), { rpcError: m.error });
      return m.result as T;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Number of requests still waiting for an answer. */
  get outstanding(): number {
    return this.pending.size;
  }

  /** Calls `f` for every message from the server (after the built-in handling). */
  onMessage(f: (m: RpcMessage) => void): void {
    this.listeners.push(f);
  }

  async initialize(capabilities: unknown = PULL_CAPABILITIES, extra: Record<string, unknown> = {}): Promise<unknown> {
    const r = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities, ...extra });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Pull diagnostics (full report items). */
  async pull(uri: string, timeoutMs?: number): Promise<{ kind: string; items?: unknown[]; resultId?: string }> {
    return this.request('textDocument/diagnostic', { textDocument: { uri } }, timeoutMs);
  }

  /** shutdown + exit; resolves with whether the process exited within `timeoutMs`. */
  async shutdown(timeoutMs = 5_000): Promise<boolean> {
    if (!this.alive) return true;
    try {
      await this.request('shutdown', undefined, timeoutMs);
    } catch {
      // fall through to exit
    }
    this.notify('exit');
    return this.waitExit(timeoutMs);
  }

  /** Kills the server if it is still running. */
  async dispose(): Promise<void> {
    if (this.alive) {
      this.child.kill('SIGKILL');
      await this.waitExit(5_000);
    }
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) throw new Error(`bad header from server: ${header}`);
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body) as RpcMessage);
    }
  }

  private dispatch(m: RpcMessage): void {
    if (m.method !== undefined && m.id !== undefined && m.id !== null) {
      // A request from the server.
      this.serverRequests.push(m.method);
      let result: unknown = null;
      if (m.method === 'workspace/configuration') {
        const items = (m.params as { items: { scopeUri?: string; section?: string }[] }).items;
        result = items.map((i) => (this.opts.settings ? this.opts.settings(i.scopeUri, i.section) : {}));
      }
      this.send({ jsonrpc: '2.0', id: m.id, result });
    } else if (m.method !== undefined) {
      this.notifications.push(m);
    } else if (m.id !== undefined && m.id !== null) {
      const p = this.pending.get(m.id);
      if (p) {
        this.pending.delete(m.id);
        this.latencies.push({ method: p.method, ms: performance.now() - p.sent });
        p.resolve(m);
      }
    }
    for (const f of this.listeners) f(m);
  }

  /** Messages the server logged (window/logMessage), e.g. to check something was "logged". */
  logs(): string[] {
    return this.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
  }
}
