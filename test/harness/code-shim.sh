#!/usr/bin/env bash
# vscodeExecutablePath for @vscode/test-electron's runTests on machines without desktop VS Code:
# forwards the VS Code command line to the compiled shim, which runs the tests in code-server + headless
# Chromium (see test/harness/codeShim.ts). Needs `npm test`'s compile step (out/) to have run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exec node "$root/out/test/harness/codeShim.js" "$@"
