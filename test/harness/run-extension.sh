#!/usr/bin/env bash
# `npm start`: build, then open the extension in a real VS Code with test/fixtures/sample-workspace.
#  - desktop VS Code (`code` on PATH): a new window with --extensionDevelopmentPath=<this folder>;
#  - otherwise code-server on 127.0.0.1 (installed the first time into .vscode-test/), URL printed,
#    running until Ctrl+C.
# Environment: SEQ2SEQ_PORT (code-server port, default 8080 or the next free one),
#              SEQ2SEQ_USE_CODE_SERVER=1 (use code-server even where `code` exists).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=install.sh
source test/harness/install.sh

ensure_node_modules
ensure_native_toolchain || echo "[start] no C compiler: the native module is skipped, everything runs on wasm"
echo "[start] building (npm run build)"
npm run --silent build
workspace="$root/test/fixtures/sample-workspace"

if command -v code >/dev/null 2>&1 && [[ -z "${SEQ2SEQ_USE_CODE_SERVER:-}" ]]; then
  echo "[start] opening desktop VS Code with the extension in development mode"
  exec code --new-window --extensionDevelopmentPath="$root" "$workspace"
fi

ensure_code_server
# Only the harness is compiled here (not the whole project), so a file that is mid-edit elsewhere
# cannot stop the window from opening.
npx --no-install tsc -p test/harness || echo "[start] (type errors above; starting anyway)"
exec node out/test/harness/startServer.js "$@"
