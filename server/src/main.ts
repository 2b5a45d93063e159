/** Process entry of the language server: `--stdio` (Neovim and other clients) or IPC (VS Code). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { deprioritizeBackgroundThreads } from './lsp/threads';
import { startServer } from './server';

// V8's compiler and GC threads yield to the thread that answers keystrokes (lsp/threads.ts). VIGIL_THREAD_NICE
// sets their nice value (0: leave them alone).
const nice = process.env.VIGIL_THREAD_NICE === undefined ? 10 : Number(process.env.VIGIL_THREAD_NICE);
if (nice > 0) deprioritizeBackgroundThreads(nice);

// VIGIL_TIME_BUDGET_MS overrides the per-document parse/analysis budget (tests, slow machines).
const budget = Number(process.env.VIGIL_TIME_BUDGET_MS);
// VIGIL_MAX_TREES: how many recently edited documents keep their syntax tree (memory vs. the first keystroke after
// switching back to a document; see lsp/documents.ts). Default 8.
const maxTrees = Number(process.env.VIGIL_MAX_TREES);
// VIGIL_WARMUP_STEPS: keystrokes of the start-up warm-up (lsp/warmup.ts; 0: none).
const warmUpSteps = process.env.VIGIL_WARMUP_STEPS === undefined ? undefined : Number(process.env.VIGIL_WARMUP_STEPS);
// VIGIL_TEST_HANG_ON: tests only; an analysis of a text containing it never ends (a rule stuck in a loop).
const testHangOn = process.env.VIGIL_TEST_HANG_ON;
startServer(createConnection(ProposedFeatures.all), {
  processHandlers: true,
  redirectConsole: true,
  ...(budget > 0 ? { timeBudgetMs: budget } : {}),
  ...(maxTrees > 0 ? { maxTrees } : {}),
  ...(nice > 0 ? { backgroundNiceness: nice } : {}),
  ...(warmUpSteps !== undefined && warmUpSteps >= 0 ? { warmUpSteps } : {}),
  ...(testHangOn ? { testHangOn } : {}),
});
