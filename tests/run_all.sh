#!/usr/bin/env bash
# Every test of the suite against a private PostgreSQL that this run starts and removes:
# unit, service and end-to-end tests (ctest), then the tests with clients no one here wrote.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export COLLAB_BIN_DIR=${COLLAB_BIN_DIR:-$BUILD_DIR/bin}

"$ROOT/tests/support/with_postgres.sh" \
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 300
