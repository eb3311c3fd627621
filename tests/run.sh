#!/usr/bin/env bash
# The README's test command: sets up everything the tests need on a fresh machine, builds, runs every test.
# Test assemblies run one after another (-m:1) because integration tests measure CPU time under
# cgroup quotas: a parallel assembly on this 2-core machine would distort them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
bash local/setup.sh
dotnet build Tuner.sln -c Debug -nologo -clp:ErrorsOnly
log=$(mktemp)
set +e
dotnet test Tuner.sln -c Debug --no-build -m:1 -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
