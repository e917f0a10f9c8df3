#!/usr/bin/env bash
# Lints the protobuf contracts with buf (STANDARD rules; see proto/buf.yaml).
# Installs the pinned Node tools from package-lock.json only when buf is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x node_modules/.bin/buf ]]; then
  npm ci --no-audit --no-fund
fi
node_modules/.bin/buf lint proto
echo "buf lint: OK"
