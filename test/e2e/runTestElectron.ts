// The standard @vscode/test-electron entry, unchanged except for vscodeExecutablePath: offline it points at
// code-shim.sh (code-server + Chromium); with VIGIL_E2E_DOWNLOAD=1 test-electron downloads a real VS Code.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { EXTENSION_DEV, ROOT, log, prepareWorkspace, WORK_DIR } from './harness';

export async function runSuiteViaTestElectron(env: Record<string, string> = {}): Promise<number> {
  const workspace = prepareWorkspace(path.join(WORK_DIR, 'ws-exthost'));
  try {
    await runTests({
      vscodeExecutablePath: process.env.VIGIL_E2E_DOWNLOAD === '1' ? undefined : path.join(ROOT, 'test', 'e2e', 'code-shim.sh'),
      extensionDevelopmentPath: EXTENSION_DEV,
      extensionTestsPath: path.join(ROOT, 'out', 'e2e', 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions'],
      extensionTestsEnv: { VIGIL_E2E_REPO: ROOT, ...env },
    });
    return 0;
  } catch (e) {
    log(`runTests: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (path.basename(process.argv[1] ?? '') === 'runTestElectron.js') void runSuiteViaTestElectron().then((c) => process.exit(c));
