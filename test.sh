#!/usr/bin/env bash
# Every test: the .NET solution (unit and integration), then the VS Code extension (typecheck, package,
# mocha against the real daemon, end to end in code-server). Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p .artifacts

timeout "${BATCHAI_DOTNET_TIMEOUT:-1500}" dotnet test BatchAi.Daemon.sln 2>&1 | tee .artifacts/dotnet-test.log
dotnet_status=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' .artifacts/dotnet-test.log | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' .artifacts/dotnet-test.log | awk '{s+=$2} END {print s+0}')
if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a build error or a crashed test host
fi

# dotnet test built the daemon (the integration tests reference it); the extension's tests drive that build.
timeout "${BATCHAI_VSCODE_TIMEOUT:-1200}" clients/vscode/scripts/ci.sh 2>&1 | tee .artifacts/vscode-test.log
vscode_status=${PIPESTATUS[0]}
line=$(grep -E '^vscode: [0-9]+ passed, [0-9]+ failed' .artifacts/vscode-test.log | tail -1)
if [ -n "$line" ]; then
  passed=$((passed + $(echo "$line" | awk '{print $2}')))
  failed=$((failed + $(echo "$line" | awk '{print $4}')))
fi
if [ "$vscode_status" -ne 0 ] && { [ -z "$line" ] || [ "$(echo "$line" | awk '{print $4}')" -eq 0 ]; }; then
  failed=$((failed + 1)) # timed out or died before its count
fi

echo "$passed passed, $failed failed"
[ "$dotnet_status" -eq 0 ] && [ "$vscode_status" -eq 0 ] && [ "$failed" -eq 0 ]
