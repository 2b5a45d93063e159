#!/usr/bin/env bash
# A "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): runs the extension-host
# tests in code-server + Chromium instead of Electron (offline). See runCodeServer.ts.
HERE=$(cd "$(dirname "$0")" && pwd)
exec node "$HERE/../../out/e2e/runCodeServer.js" "$@"
