#!/usr/bin/env bash
# `cdk synth` (or any cdk command: `bash infra/synth.sh deploy`) from the repository root, offline-safe:
# the pinned CLI from infra/node_modules, no version check, telemetry or notices fetch, no EC2 metadata probe,
# and jsii's temp files kept in the ignored .tmp/ folder. Extra arguments go to cdk (default: synth --quiet).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -x infra/node_modules/.bin/cdk ] || (cd infra && npm ci --no-audit --no-fund --loglevel=error)
export AWS_REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
export AWS_EC2_METADATA_DISABLED=true CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true
export CDK_HOME="$root/.cdk-home"
mkdir -p "$CDK_HOME/cache" "$root/.tmp/jsii"
[ -f "$CDK_HOME/cache/notices.json" ] || echo '{"expiration":4102444800000,"notices":[]}' > "$CDK_HOME/cache/notices.json"
export TMPDIR="$root/.tmp/jsii" JSII_RUNTIME_PACKAGE_CACHE_ROOT="$root/.tmp/jsii-cache"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ $# -eq 0 ]; then set -- synth --quiet; fi
exec infra/node_modules/.bin/cdk "$@"
