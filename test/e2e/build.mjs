// Bundles the real-editor tests into out/e2e/: the extension-host suite (external vscode and mocha, which the
// extension host require()s from node_modules) and the Node-side runners.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };
fs.rmSync('out/e2e', { recursive: true, force: true });
await esbuild.build({ ...common, entryPoints: { 'suite/index': 'test/e2e/suite/index.ts' }, outdir: 'out/e2e', external: ['vscode', 'mocha'] });
await esbuild.build({
  ...common,
  entryPoints: {
    runAll: 'test/e2e/runAll.ts',
    runCodeServer: 'test/e2e/runCodeServer.ts',
    runTestElectron: 'test/e2e/runTestElectron.ts',
    ui: 'test/e2e/ui.ts',
    neovim: 'test/e2e/neovim.ts',
  },
  outdir: 'out/e2e',
  external: ['playwright-core', '@vscode/test-electron'],
});
