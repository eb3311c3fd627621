#!/usr/bin/env bash
# Installs what the local engines and the tests need, from the project's own files. Idempotent.
#  - local/engine: Node 22 (npm package "node"), aws-local-stepfunctions, dynalite, s3rver, asl-validator
#  - infra: the pinned aws-cdk CLI (when infra/package.json exists)
#  - Debian chromium for the report browser test (only as root, only when missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
install_npm() {
  local dir=$1
  [ -f "$dir/package.json" ] || return 0
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in ${dir#$root/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
install_npm "$root/local/engine"
install_npm "$root/infra"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian chromium for the report browser test"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing and cannot be installed without root; the browser test will fail" >&2
  fi
fi
