/** Process entry of the language server: `--stdio` (Neovim and other clients) or IPC (VS Code). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// VIGIL_TIME_BUDGET_MS overrides the per-document parse/analysis budget (tests, slow machines).
const budget = Number(process.env.VIGIL_TIME_BUDGET_MS);
startServer(createConnection(ProposedFeatures.all), {
  processHandlers: true,
  redirectConsole: true,
  ...(budget > 0 ? { timeBudgetMs: budget } : {}),
});
