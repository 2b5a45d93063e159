// The VS Code extension: starts the Vigil language server (dist/server.js over IPC) and forwards the commands.
// Nothing else lives here: analysis, fixes and the workspace scan are the server's.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, RevealOutputChannelOn, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PingRequest, ScanWorkspaceRequest, type InitializationOptions, type ScanWorkspaceResult } from '../../server/src/protocol';
import { settingsMiddleware } from './settings';
import { StallWatch, type Stall } from './stall';

/** A ping unanswered this long restarts the server (ms; VIGIL_STALL_MS overrides it, for tests). */
const STALL_MS = Number(process.env.VIGIL_STALL_MS) > 0 ? Number(process.env.VIGIL_STALL_MS) : 30_000;
/** Restarts after a stall per session; past that the server is left as it is, with an error message. */
const MAX_STALL_RESTARTS = 3;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Vigil', { log: true });
  const status = vscode.languages.createLanguageStatusItem('vigil.status', { language: 'python' });
  status.name = 'Vigil';
  status.text = 'Vigil';
  status.command = { title: 'Open logs', command: 'vigil.showOutput' };
  context.subscriptions.push(output, status);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.bandit'),
        // pyproject.toml, and the config file vigil.configFile or a .bandit names (YAML or TOML).
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,toml}'),
        vscode.workspace.createFileSystemWatcher('**/*.py'),
        // What the scan and the editor leave out. (A baseline or config file named elsewhere, or as *.json, is
        // watched at the server's request.)
        vscode.workspace.createFileSystemWatcher('**/.gitignore'),
      ],
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      ...settingsMiddleware,
      didChange: (event, next) => {
        watch.noteEdit(event.document.uri.toString());
        return next(event);
      },
    },
    initializationOptions: (): InitializationOptions => ({ guarded: [...guarded] }),
  };

  // A server that stops answering (its thread stuck in an analysis that never ends: a bug) is restarted, and the
  // document edited last before it stopped is analysed under the server's time limit from then on
  // (InitializationOptions.guarded), so the same edit cannot take the new server too.
  const guarded = new Set<string>();
  let stallRestarts = 0;
  const onStall = (stall: Stall): void => {
    const what = stall.suspect ? ` after an edit of ${stall.suspect}` : '';
    output.error(`The Vigil server has not answered for ${Math.round(stall.waitedMs / 1000)} s${what}.`);
    if (stallRestarts >= MAX_STALL_RESTARTS) {
      void vscode.window.showErrorMessage(`Vigil's server stopped answering${what}, again; it is not restarted any more. Please report this file (see the Vigil output).`);
      return;
    }
    stallRestarts++;
    if (stall.suspect) guarded.add(stall.suspect);
    void vscode.window.showWarningMessage(
      `Vigil's server stopped answering${what} and was restarted.${stall.suspect ? ' That file is now analysed under a time limit.' : ''} Please report it (see the Vigil output).`,
    );
    void (async () => {
      watch.stop();
      if (client) await client.stop().catch(() => undefined); // a stuck server is killed after 2 s
      await start();
    })();
  };
  const watch = new StallWatch(
    () => (client?.isRunning() ? client.sendRequest(PingRequest.method, {}) : Promise.resolve()),
    onStall,
    { pingMs: Math.min(5000, STALL_MS / 3), stallMs: STALL_MS },
  );

  const start = async () => {
    client = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
    status.busy = true;
    try {
      await client.start();
      if (!client.isInDebugMode) watch.start(); // not while the server may sit at a breakpoint
      status.text = 'Vigil';
      status.severity = vscode.LanguageStatusSeverity.Information;
    } catch (e) {
      status.text = 'Vigil: failed to start';
      status.severity = vscode.LanguageStatusSeverity.Error;
      output.error(String(e));
    } finally {
      status.busy = false;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('vigil.scanWorkspace', async () => {
      if (!client) return undefined;
      status.busy = true;
      try {
        const r = await client.sendRequest<ScanWorkspaceResult>(ScanWorkspaceRequest.method, {});
        status.detail = `Last scan: ${r.files} files, ${r.findings} findings in ${(r.ms / 1000).toFixed(1)} s${r.cancelled ? ' (cancelled)' : ''}`;
        return r;
      } finally {
        status.busy = false;
      }
    }),
    vscode.commands.registerCommand('vigil.restartServer', async () => {
      watch.stop();
      if (client) await client.stop().catch(() => undefined);
      await start();
    }),
    vscode.commands.registerCommand('vigil.showOutput', () => output.show(true)),
    { dispose: () => (watch.stop(), void client?.stop()) },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
