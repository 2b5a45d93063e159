// Runs an extension-host test module inside code-server + Chromium and exits with the suite's code.
// It accepts VS Code's command line as @vscode/test-electron passes it, so code-shim.sh (which execs this file)
// works as `vscodeExecutablePath` for an unchanged runTests():
//   node out/e2e/runCodeServer.js --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE [WORKSPACE] [other VS Code flags, ignored]
// Env: VIGIL_E2E_VSIX=file.vsix installs it (--install-extension) into the run's extensions dir first.
import path from 'node:path';
import { log, runExtensionHostTests } from './harness';

export async function main(argv: string[]): Promise<number> {
  let dev: string | undefined;
  let tests: string | undefined;
  let workspace: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(extensionDevelopmentPath|extensionTestsPath)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] ?? argv[++i];
      if (m[1] === 'extensionDevelopmentPath') dev = v;
      else tests = v;
    } else if (a.startsWith('-')) {
      // --no-sandbox, --disable-updates, --user-data-dir=…: Electron/desktop flags; the run uses its own dirs.
    } else workspace = a;
  }
  if (!dev || !tests) {
    log('usage: runCodeServer --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE [WORKSPACE]');
    return 2;
  }
  // test-electron passes the tests path without extension; VS Code would resolve it like require().
  const testsModule = /\.[cm]?js$/.test(tests) ? tests : `${tests}.js`;
  const vsix = process.env.VIGIL_E2E_VSIX;
  return runExtensionHostTests({
    extensionDevelopmentPath: path.resolve(dev),
    extensionTestsPath: path.resolve(testsModule),
    workspace: path.resolve(workspace ?? dev),
    vsix: vsix ? path.resolve(vsix) : undefined,
    env: { VIGIL_E2E_REPO: path.resolve(__dirname, '..', '..') },
  });
}

if (path.basename(process.argv[1] ?? '') === 'runCodeServer.js') {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      log(`runCodeServer failed: ${e instanceof Error ? e.stack : String(e)}`);
      process.exit(1);
    },
  );
}
