// The VS Code extension: starts the Vigil language server (dist/server.js over IPC) and forwards the commands.
// Nothing else lives here: analysis, fixes and the workspace scan are the server's.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, RevealOutputChannelOn, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ScanWorkspaceRequest, type ScanWorkspaceResult } from '../../server/src/protocol';
import { settingsMiddleware } from './settings';

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
        vscode.workspace.createFileSystemWatcher('**/pyproject.toml'),
        vscode.workspace.createFileSystemWatcher('**/.bandit'),
        vscode.workspace.createFileSystemWatcher('**/*.py'),
      ],
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: settingsMiddleware,
  };

  const start = async () => {
    client = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
    status.busy = true;
    try {
      await client.start();
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
      if (client) await client.stop().catch(() => undefined);
      await start();
    }),
    vscode.commands.registerCommand('vigil.showOutput', () => output.show(true)),
    { dispose: () => void client?.stop() },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
