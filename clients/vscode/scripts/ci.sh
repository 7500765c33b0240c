#!/usr/bin/env bash
# CI of the VS Code extension: npm ci, the generated protocol types checked against protocol.json, typecheck, build,
# package the .vsix, the mocha tests (unit, and integration against the real daemon and simulator), then the
# end-to-end run in code-server.
# Each step counts as one check, mocha's tests one each; the last line is "vscode: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(cd ../.. && pwd)
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
mkdir -p .test-output
passed=0
failed=0

step() {
  local name=$1
  shift
  echo "== vscode ci: $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "== vscode ci: $name FAILED" >&2
  fi
}

finish() {
  echo "vscode: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if ! command -v npm >/dev/null 2>&1; then
  echo "== vscode ci: node/npm missing, installing Debian's nodejs and npm" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2; }
fi

step "npm ci" npm ci --no-audit --no-fund --loglevel=error || true
if [ ! -d node_modules ]; then
  finish
fi

# The node tests and the e2e drive the real daemon: build it unless test.sh or the developer already did.
if [ -z "${BATCHAI_DAEMON:-}" ] && [ ! -x "$repo/src/Daemon/bin/Debug/net10.0/batchai" ] && [ ! -x "$repo/src/Daemon/bin/Release/net10.0/batchai" ]; then
  step "dotnet build src/Daemon" dotnet build "$repo/src/Daemon" -c Debug --nologo -v quiet
fi

# src/protocol/generated.ts must be what src/Protocol/protocol.json (generated from the C# records) gives.
step "protocol types match protocol.json" node scripts/generate-protocol.mjs --check
step "typecheck" npx tsc -p . --noEmit
step "build" npm run --silent build
step "package .vsix" npm run --silent package
if [ -f batchai.vsix ]; then
  echo "vsix: $(stat -c %s batchai.vsix) bytes"
fi

mocha_log=.test-output/mocha.log
npm run --silent compile-tests && npx mocha 2>&1 | tee "$mocha_log"
mocha_status=${PIPESTATUS[0]}
mocha_passed=$(grep -Eo '^ +[0-9]+ passing' "$mocha_log" | awk '{s+=$1} END {print s+0}')
mocha_failed=$(grep -Eo '^ +[0-9]+ failing' "$mocha_log" | awk '{s+=$1} END {print s+0}')
if [ "$mocha_status" -ne 0 ] && [ "$mocha_failed" -eq 0 ]; then
  mocha_failed=1 # a compile error or a crash: count it, so the run cannot look green
fi
passed=$((passed + mocha_passed))
failed=$((failed + mocha_failed))

if [ "${BATCHAI_SKIP_E2E:-}" = "1" ]; then
  echo "== vscode ci: e2e skipped (BATCHAI_SKIP_E2E=1)"
else
  e2e_start=$(date +%s)
  step "e2e in code-server" timeout 600 node test/e2e/run.mjs
  echo "e2e took $(($(date +%s) - e2e_start)) s"
fi
finish
