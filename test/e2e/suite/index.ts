// Extension-host entry point in the @vscode/test-electron shape: VS Code (code-server via the payload URL, or
// Electron via test-electron) require()s this bundle inside the extension host and awaits run().
// VIGIL_E2E_MODE=vsix (in the env of code-server/VS Code) runs only the packaged-.vsix case ("[vsix]" in its
// title); otherwise every other case. VIGIL_E2E_GREP=<regexp> runs only matching cases.
import Mocha from 'mocha';
import { registerTests } from './vigil.test';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  if (process.env.VIGIL_E2E_GREP) {
    mocha.grep(new RegExp(process.env.VIGIL_E2E_GREP));
  } else {
    mocha.grep(/\[vsix\]/);
    if (process.env.VIGIL_E2E_MODE !== 'vsix') mocha.invert();
  }
  registerTests(mocha.suite);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} e2e test(s) failed.`)) : resolve()));
  });
}
