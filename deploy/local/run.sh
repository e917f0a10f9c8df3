#!/usr/bin/env bash
# `make run`: a private PostgreSQL under .local/ (or COLLAB_DATABASE_URL), migrations, demo data,
# every service and the gateway in the background, then how to call them.
#
#   deploy/local/run.sh          start (or restart) everything
#   deploy/local/run.sh stop     stop the processes and the private PostgreSQL
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${COLLAB_BIN_DIR:-$ROOT/build/bin}
LOCAL=$ROOT/.local
PIDS=$LOCAL/pids
LOGS=$LOCAL/logs
PSQL=/usr/lib/postgresql/15/bin/psql
ORGANISATIONS_ADDR=${COLLAB_ORGANISATIONS_ADDR:-127.0.0.1:7101}
CASES_ADDR=${COLLAB_CASES_ADDR:-127.0.0.1:7102}
FUNDING_ADDR=${COLLAB_FUNDING_ADDR:-127.0.0.1:7103}
GATEWAY_ADDR=${COLLAB_GATEWAY_ADDR:-127.0.0.1:7100}
GATEWAY_HTTP=${COLLAB_GATEWAY_HTTP:-127.0.0.1:8080}

stop_processes() {
  [[ -d $PIDS ]] || return 0
  for f in "$PIDS"/*.pid; do
    [[ -e $f ]] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$f"
  done
}

if [[ ${1:-} == stop ]]; then
  stop_processes
  [[ -d $LOCAL/pg ]] && "$ROOT/deploy/local/pg.sh" stop "$LOCAL/pg"
  echo "stopped"
  exit 0
fi

mkdir -p "$LOCAL" "$PIDS" "$LOGS"
stop_processes

# Internal key that signs principals between gateway and services; made once, kept private.
if [[ ! -s $LOCAL/internal.key ]]; then
  (umask 077 && openssl rand -hex 32 > "$LOCAL/internal.key")
fi
export COLLAB_INTERNAL_KEY_FILE=$LOCAL/internal.key
# The cases service's keys for identity numbers: AES-256-GCM at rest and HMAC for lookup.
for key in identity lookup; do
  [[ -s $LOCAL/$key.key ]] || (umask 077 && openssl rand -hex 32 > "$LOCAL/$key.key")
done

# Database: the given server, or a persistent private cluster (fsync on: this data is kept).
if [[ -n ${COLLAB_DATABASE_URL:-} ]]; then
  ADMIN_URL=$COLLAB_DATABASE_URL
  "$BIN/collab-migrate" --admin_url="$ADMIN_URL" --services_dir="$ROOT/services"
  DB_URL=$ADMIN_URL
else
  SERVER_URL=$("$ROOT/deploy/local/pg.sh" start "$LOCAL/pg" | tail -n 1)
  "$BIN/collab-migrate" --admin_url="$SERVER_URL" --create_database=collab \
    --services_dir="$ROOT/services"
  DB_URL="${SERVER_URL/dbname=postgres/dbname=collab}"
fi
export COLLAB_DATABASE_URL=$DB_URL

# Demo data, idempotent: re-running changes nothing.
for f in "$ROOT"/deploy/demo/*.sql; do
  "$PSQL" -X -q -v ON_ERROR_STOP=1 "$DB_URL" -f "$f" >/dev/null
done

start() {  # name, then the command
  local name=$1; shift
  nohup "$@" >"$LOGS/$name.log" 2>&1 &
  echo $! > "$PIDS/$name.pid"
}

wait_for_port() {  # name, host:port
  local name=$1 host=${2%:*} port=${2##*:}
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
      echo "$name exited; its log:" >&2; tail -n 20 "$LOGS/$name.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "$name did not start listening on $2; see $LOGS/$name.log" >&2
  exit 1
}

start organisations "$BIN/collab-organisations" --listen="$ORGANISATIONS_ADDR"
wait_for_port organisations "$ORGANISATIONS_ADDR"
start cases "$BIN/collab-cases" --listen="$CASES_ADDR" \
  --organisations_backend="$ORGANISATIONS_ADDR" \
  --identity_key_file="$LOCAL/identity.key" --lookup_key_file="$LOCAL/lookup.key"
wait_for_port cases "$CASES_ADDR"
start funding "$BIN/collab-funding" --listen="$FUNDING_ADDR" \
  --organisations_backend="$ORGANISATIONS_ADDR"
wait_for_port funding "$FUNDING_ADDR"

HAVE_GATEWAY=false
if [[ -x $BIN/collab-gateway && -f $ROOT/deploy/local/gateway.sh ]]; then
  HAVE_GATEWAY=true
  source "$ROOT/deploy/local/gateway.sh"
fi

# Demo cases (deploy/demo/cases.sh), through the gateway because identity numbers are encrypted
# with this run's keys; idempotent. Skipped without the gateway or node's gRPC client.
if $HAVE_GATEWAY && command -v node >/dev/null && [[ -d $ROOT/node_modules/@grpc/grpc-js ]]; then
  "$ROOT/deploy/demo/cases.sh" "$GATEWAY_ADDR" "$BIN" "$ISSUER_DIR/dev-key.pem" \
    >"$LOGS/demo-cases.log" 2>&1 || echo "demo cases not loaded; see $LOGS/demo-cases.log" >&2
fi

cat <<TXT

collab suite is running (logs in .local/logs, stop with: make stop)
  organisations  $ORGANISATIONS_ADDR   (backends: they need a signed principal, so call them
  cases          $CASES_ADDR    through the gateway)
  funding        $FUNDING_ADDR
TXT
if $HAVE_GATEWAY; then print_gateway_usage; fi
