// Settings middleware: answers the server's workspace/configuration requests with typed `Settings` built from
// VS Code's `vigil.*` configuration for each scopeUri.
import * as vscode from 'vscode';
import type { ConfigurationParams, Middleware } from 'vscode-languageclient/node';
import { CONFIG_SECTION, DEFAULT_SETTINGS, type Settings } from '../../server/src/protocol';

/** Reads `vigil.*` for one resource into the shared Settings type. */
export function readSettings(scope: vscode.Uri | undefined): Settings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const d = DEFAULT_SETTINGS;
  return {
    enable: c.get('enable', d.enable),
    run: c.get('run', d.run),
    minSeverity: c.get('minSeverity', d.minSeverity),
    minConfidence: c.get('minConfidence', d.minConfidence),
    ignoreNosec: c.get('ignoreNosec', d.ignoreNosec),
    diagnosticMode: c.get('diagnosticMode', d.diagnosticMode),
    maxFileSizeKb: c.get('maxFileSizeKb', d.maxFileSizeKb),
    severityOverrides: c.get('severityOverrides', d.severityOverrides),
    fixAll: c.get('fixAll', d.fixAll),
    codeAction: { disableRuleComment: { enable: c.get('codeAction.disableRuleComment.enable', d.codeAction.disableRuleComment.enable) } },
    baseline: c.get('baseline', d.baseline),
    configFile: c.get('configFile', d.configFile),
  };
}

export const settingsMiddleware: Middleware = {
  workspace: {
    configuration: (params: ConfigurationParams) =>
      params.items.map((item) => (item.section === CONFIG_SECTION ? readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : null)),
  },
};
