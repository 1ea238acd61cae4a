#!/usr/bin/env bash
# `npm test`: everything, in order, on a fresh machine (Debian 12, Node 20 + npm):
#   install   npm ci when needed, Chromium and PyTorch (python3-torch) via apt when missing, code-server +
#             Node 24 into .vscode-test/
#   build     npm run build (esbuild bundles into dist/)
#   typecheck tsc -p . --outDir out (type-checks everything and emits the tests into out/)
#   unit         mocha in plain Node over out/test/unit/**/*.test.js
#   integration  mocha inside a real VS Code (@vscode/test-electron runTests; code-server via the shim)
#   ui           person-like UI tests in headless Chromium (out/test/ui/**/*.ui.js), screenshots kept
#                under test-results/screenshots/
# Prints the time of each step and ends with the line `N passed, N failed` (all tiers summed; a step or
# tier that could not run counts as one failure). Exits non-zero when anything failed.
#
# Environment: SEQ2SEQ_TIERS="unit integration ui" (a subset, for quick local runs),
#              SEQ2SEQ_HARNESS_VERBOSE=1 (code-server and workbench logs).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# One run at a time in this checkout (runs share out/, test-results/ and two CPU cores).
if command -v flock >/dev/null 2>&1; then
  mkdir -p .vscode-test
  exec 9>>.vscode-test/npm-test.lock
  if ! flock -n 9; then
    echo "(another npm test is running in this checkout; waiting for it: .vscode-test/npm-test.lock)"
    if ! flock -w 1800 9; then
      echo "gave up waiting for the other npm test after 30 minutes"
      echo "0 passed, 1 failed"
      exit 1
    fi
  fi
fi

# shellcheck source=harness/install.sh
source test/harness/install.sh

# Temp folders of runs that were killed hard (SIGKILL) are left behind: drop those older than 2 hours
# (younger ones may belong to a UI test someone is running by hand).
if [[ -d .vscode-test/tmp ]]; then
  find .vscode-test/tmp -mindepth 1 -maxdepth 1 -mmin +120 -exec rm -rf {} + 2>/dev/null || true
fi

results="test-results/tiers"
rm -rf "$results"
tiers="${SEQ2SEQ_TIERS:-unit integration ui}"
# Pictures of an earlier run would mislead: start empty when this run takes new ones.
if [[ " $tiers " == *" ui "* || " $tiers " == *" integration "* ]]; then rm -rf test-results/screenshots; fi
mkdir -p "$results" test-results/screenshots

declare -a summary=()
failed_steps=0
extra_failures=0

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
banner() { printf '\n===== %s =====\n' "$*"; }

# run_step NAME COMMAND...: a step without test counts (install, build, typecheck).
run_step() {
  local name="$1"; shift
  banner "$name"
  local start; start="$(now)"
  if "$@"; then
    summary+=("$(printf '%-12s ok      %7ss' "$name" "$(elapsed "$start")")")
    return 0
  else
    local code=$?
    summary+=("$(printf '%-12s FAILED  %7ss  (exit %s)' "$name" "$(elapsed "$start")" "$code")")
    failed_steps=$((failed_steps + 1))
    return "$code"
  fi
}

# run_tier NAME COMMAND...: a tier that writes test-results/tiers/NAME.json (see harness/results.ts).
run_tier() {
  local name="$1"; shift
  banner "$name tests"
  local start; start="$(now)"
  local file="$results/$name.json"
  "$@" --result "$file"
  local code=$?
  local time; time="$(elapsed "$start")"
  if [[ ! -s "$file" ]]; then
    node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({tier: process.argv[2], passed: 0, failed: 1, pending: 0, note: "the tier runner exited with " + process.argv[3] + " and wrote no result"}) + "\n")' \
      "$file" "$name" "$code"
  elif [[ $code -ne 0 ]]; then
    # A runner that failed although its tests passed (crash after mocha) still fails the run.
    node -e 'const f = process.argv[1]; const r = JSON.parse(require("fs").readFileSync(f, "utf8")); if (r.failed === 0) { r.failed = 1; r.note = "the tier runner exited with " + process.argv[2]; require("fs").writeFileSync(f, JSON.stringify(r) + "\n"); }' \
      "$file" "$code"
  fi
  local counts
  counts="$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ""}${r.note ? ` (${r.note})` : ""}`)' "$file")"
  summary+=("$(printf '%-12s %-7s %7ss  %s' "$name" "$([[ $code -eq 0 ]] && echo ok || echo FAILED)" "$time" "$counts")")
}

# Tiers that cannot run (the build or the install failed) still count: one failure each.
skip_tier() {
  local name="$1" why="$2"
  printf '{"tier":"%s","passed":0,"failed":1,"pending":0,"note":"not run: %s"}\n' "$name" "$why" > "$results/$name.json"
  summary+=("$(printf '%-12s %-7s %7s   not run: %s' "$name" "FAILED" "-" "$why")")
}

total_start="$(now)"

if ! run_step install ensure_node_modules; then
  # Without node_modules nothing else can run.
  printf '\n%s\n' "${summary[@]}"
  echo "0 passed, 1 failed"
  exit 1
fi

# The unit tier renders the panel in headless Chromium too; integration and UI also need code-server.
needs_browser=0
needs_server=0
for tier in $tiers; do
  needs_browser=1
  [[ $tier == integration || $tier == ui ]] && needs_server=1
done
browser_ok=1
if [[ $needs_browser == 1 ]]; then run_step chromium ensure_chromium || browser_ok=0; fi
if [[ $needs_browser == 1 ]]; then run_step korean-font ensure_korean_font || true; fi
if [[ $needs_server == 1 ]]; then run_step code-server ensure_code_server || browser_ok=0; fi

# PyTorch for the unit test of bench learn's reference (test/unit/cli/torchReference.test.ts); when it
# cannot be installed that test fails and says how to install it.
if [[ " $tiers " == *" unit "* ]]; then run_step torch ensure_torch || true; fi

# The native module's compiler (the build falls back to wasm alone without it, unless SEQ2SEQ_REQUIRE_NATIVE=1).
run_step native-toolchain ensure_native_toolchain || true
build_ok=1
run_step build npm run --silent build || build_ok=0

# Remove compiled tests whose source is gone (a deleted test must not keep running from out/).
prune_stale_tests() {
  [[ -d out/test ]] || return 0
  local js ts
  while IFS= read -r -d '' js; do
    ts="${js#out/}"; ts="${ts%.js}.ts"
    [[ -f "$ts" ]] || rm -f "$js" "$js.map"
  done < <(find out/test -name '*.js' -print0)
}
prune_stale_tests

# tsc emits even when some file does not type-check, so the tiers still run; the type errors fail the run.
run_step typecheck npx --no-install tsc -p . --outDir out
compiled=0
[[ -f out/test/harness/runIntegration.js && -f out/test/harness/mochaTier.js ]] && compiled=1

for tier in $tiers; do
  case "$tier" in
    unit)
      if [[ $compiled == 1 ]]; then
        run_tier unit node out/test/harness/mochaTier.js --tier unit --dir out/test/unit --suffix .test.js
      else skip_tier unit "the tests did not compile"; fi ;;
    integration)
      if [[ $compiled == 0 ]]; then skip_tier integration "the tests did not compile"
      elif [[ $build_ok == 0 ]]; then skip_tier integration "the build failed"
      elif [[ $browser_ok == 0 ]]; then skip_tier integration "Chromium or code-server could not be installed"
      else run_tier integration node out/test/harness/runIntegration.js; fi ;;
    ui)
      if [[ $compiled == 0 ]]; then skip_tier ui "the tests did not compile"
      elif [[ $build_ok == 0 ]]; then skip_tier ui "the build failed"
      elif [[ $browser_ok == 0 ]]; then skip_tier ui "Chromium or code-server could not be installed"
      else run_tier ui node out/test/harness/runUi.js; fi ;;
    *) echo "unknown tier '$tier' in SEQ2SEQ_TIERS"; extra_failures=$((extra_failures + 1)) ;;
  esac
done

read -r passed failed < <(node -e '
  const fs = require("fs"), path = require("path");
  let passed = 0, failed = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    if (!f.endsWith(".json")) continue;
    const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
    passed += r.passed; failed += r.failed;
  }
  console.log(passed, failed);' "$results")
failed=$((failed + failed_steps + extra_failures))

banner "summary (total $(elapsed "$total_start")s)"
printf '%s\n' "${summary[@]}"
if [[ $failed_steps -gt 0 ]]; then echo "($failed_steps step(s) failed; each counts as one failure below)"; fi
echo "screenshots: test-results/screenshots/"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
