// Test helper: an LSP client over a stream pair (server started in-process with startServer) or over the
// stdio of `node dist/server.js --stdio`. Records notifications and answers the server's requests.
import { PassThrough } from 'node:stream';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { ClientCapabilities, CodeAction, Diagnostic, InitializeResult, Registration, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { startServer, type ServerOptions } from '../../server/src/server';
import { getEngine } from './engine';

export interface ClientOptions {
  capabilities?: ClientCapabilities;
  /** What workspace/configuration answers (per item). */
  settings?: (scopeUri: string | undefined) => unknown;
  /** Workspace folder paths. */
  workspaceFolders?: string[];
  server?: ServerOptions;
  /** Sent as `initializationOptions`. */
  initializationOptions?: unknown;
}

export const PUSH_CAPS: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { dataSupport: true } as never },
};
export const PULL_CAPS: ClientCapabilities = {
  ...PUSH_CAPS,
  workspace: { ...PUSH_CAPS.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...PUSH_CAPS.textDocument, diagnostic: { dynamicRegistration: false } },
};

/** The code actions for `diagnostics` of `uri` (range: the first 100 lines), of the kinds `only` when given. */
export function codeActions(c: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
}

type Waiter = { pred: () => boolean; resolve: () => void };

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  readonly serverRequests: string[] = [];
  /** What the server registered dynamically (`client/registerCapability`). */
  readonly registrations: Registration[] = [];
  readonly progress: unknown[] = [];
  refreshes = 0;
  private waiters: Waiter[] = [];
  settings: (scopeUri: string | undefined) => unknown;
  private child: ChildProcess | undefined;

  private constructor(
    readonly conn: MessageConnection,
    readonly opts: ClientOptions,
  ) {
    this.settings = opts.settings ?? (() => ({}));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.poke();
    });
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.poke();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.poke();
    });
    conn.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.poke();
    });
    conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
      this.serverRequests.push('workspace/configuration');
      return p.items.map((i) => this.settings(i.scopeUri));
    });
    conn.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
      this.serverRequests.push('client/registerCapability');
      this.registrations.push(...p.registrations);
      this.poke();
      return null;
    });
    conn.onRequest('window/workDoneProgress/create', () => {
      this.serverRequests.push('window/workDoneProgress/create');
      return null;
    });
    conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.poke();
      return null;
    });
    conn.listen();
  }

  /** Starts the server in this process over a stream pair. */
  static inProcess(opts: ClientOptions = {}): TestClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConn = createConnection(ProposedFeatures.all, toServer, toClient);
    // No start-up warm-up unless a test asks for one: it would only add CPU time to every in-process server.
    startServer(serverConn, { engine: getEngine(), warmUpSteps: 0, ...opts.server });
    const conn = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    return new TestClient(conn, opts);
  }

  /** Spawns `node dist/server.js --stdio`. */
  static stdio(opts: ClientOptions = {}): TestClient {
    const script = path.join(__dirname, '..', '..', 'dist', 'server.js');
    const child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const c = new TestClient(conn, opts);
    c.child = child;
    return c;
  }

  /** Forks `dist/server.js --node-ipc`, the transport VS Code's TransportKind.ipc uses. */
  static ipc(opts: ClientOptions = {}): TestClient {
    const script = path.join(__dirname, '..', '..', 'dist', 'server.js');
    const child = fork(script, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const c = new TestClient(conn, opts);
    c.child = child;
    return c;
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `pred` holds (checked on every message), rejects after `ms`. */
  waitFor(pred: () => boolean, what: string, ms = 5000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      this.waiters.push({
        pred,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  /** The next publishDiagnostics for `uri` (after the ones already seen) matching `pred`. */
  async diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 5000): Promise<PublishDiagnosticsParams> {
    let found: PublishDiagnosticsParams | undefined;
    await this.waitFor(
      () => {
        for (let i = this.published.length - 1; i >= 0; i--) {
          const p = this.published[i]!;
          if (p.uri === uri && pred(p)) {
            found = p;
            return true;
          }
        }
        return false;
      },
      `diagnostics for ${uri}`,
      ms,
    );
    return found!;
  }

  async initialize(): Promise<InitializeResult> {
    const folders = this.opts.workspaceFolders ?? [];
    const r = await this.conn.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      capabilities: this.opts.capabilities ?? PUSH_CAPS,
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      ...(this.opts.initializationOptions !== undefined ? { initializationOptions: this.opts.initializationOptions } : {}),
    });
    await this.conn.sendNotification('initialized', {});
    this.initializeResult = r;
    return r;
  }

  /** The server's answer to `initialize`, once made. */
  initializeResult: InitializeResult | undefined;

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  }
  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }
  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      if (this.child) await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    if (this.child) {
      const child = this.child;
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          child.kill();
          r();
        }, 2000);
        child.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
}
