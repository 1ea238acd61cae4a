#!/usr/bin/env bash
# Builds the optional native module (src/native, Node-API: matrix products and LSTM steps) and copies
# it next to the bundles in dist/. Without a C compiler the extension still works on wasm alone: this prints why and exits 0,
# unless SEQ2SEQ_REQUIRE_NATIVE=1 (CI), where a failed build fails the build.
set -u
cd "$(dirname "$0")"
gyp="${npm_config_node_gyp:-$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js}"
# Node's own headers (Node-API), not a download: npm's nodedir setting, else the running node's prefix.
nodedir="${npm_config_nodedir:-$(node -p 'require("path").resolve(process.execPath, "..", "..")')}"
args=(rebuild)
[[ -f "$nodedir/include/node/node_api.h" ]] && args+=("--nodedir=$nodedir")
mkdir -p ../../dist
arch="$(node -p process.arch)"
if [[ "$arch" != x64 ]]; then
  # The kernels are AVX2/FMA code (isa.h): on other machines the wasm kernels are the only path.
  echo "native module not built: its kernels are x86-64 only (this is $arch); training and translation run on wasm"
  exit 0
fi
if log=$(node "$gyp" "${args[@]}" 2>&1) && cp build/Release/seq2seq_native.node ../../dist/; then
  echo "native module built: dist/seq2seq_native.node"
else
  echo "$log" | tail -20 >&2
  echo "warning: the native module did not build; training and translation run on wasm alone" >&2
  [[ "${SEQ2SEQ_REQUIRE_NATIVE:-0}" == 1 ]] && exit 1
fi
exit 0
