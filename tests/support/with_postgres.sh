#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL holding a migrated template:
#
#   tests/support/with_postgres.sh ctest --test-dir build -R db
#
# The command sees COLLAB_TEST_PG_ADMIN (admin conninfo) and
# COLLAB_TEST_TEMPLATE_DB; TestDatabase copies the template per test. The
# cluster and its directory are removed however the command ends.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${COLLAB_BIN_DIR:-$ROOT/build/bin}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
TEMPLATE=collab_template

[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
[[ -x "$BIN/collab-migrate" ]] || {
  echo "with_postgres.sh: $BIN/collab-migrate not found; build first or set COLLAB_BIN_DIR" >&2
  exit 2
}

# Short path under /tmp: reachable by the postgres user and short enough for
# the Unix socket name.
DIR=$(mktemp -d /tmp/collab-pg.XXXXXX)
cleanup() {
  "$ROOT/deploy/local/pg.sh" stop "$DIR" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ADMIN=$("$ROOT/deploy/local/pg.sh" start "$DIR" --ephemeral | tail -n 1)

"$BIN/collab-migrate" --admin_url="$ADMIN" --create_database="$TEMPLATE" \
  --services_dir="$ROOT/services" >&2

# collab-migrate has exited, so no session holds the template open. Refusing
# connections keeps it that way: CREATE DATABASE ... TEMPLATE needs it idle.
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$ADMIN" -c \
  "ALTER DATABASE $TEMPLATE WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"

export COLLAB_TEST_PG_ADMIN=$ADMIN
export COLLAB_TEST_TEMPLATE_DB=$TEMPLATE

set +e
"$@"
rc=$?
set -e
exit "$rc"
