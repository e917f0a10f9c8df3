#!/usr/bin/env bash
# Every test of the suite against a private PostgreSQL that this run starts and removes:
# unit, service and end-to-end tests (ctest), then the tests with clients no one here wrote.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export COLLAB_BIN_DIR=${COLLAB_BIN_DIR:-$BUILD_DIR/bin}

"$ROOT/tests/support/with_postgres.sh" \
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 300

# Clients no one here wrote: @grpc/grpc-js and curl against a real gateway and organisations
# service (the script starts its own PostgreSQL and processes).
"$ROOT/tests/node/run.sh"

# Deployment files: kustomize renderings validated offline. kubectl is not a Debian package of
# the version we need, so without it this check is reported as skipped rather than failed.
if command -v kubectl >/dev/null; then
  "$ROOT/tools/check_deploy.sh"
else
  echo "check_deploy: skipped (kubectl not installed)"
fi
