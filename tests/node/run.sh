#!/usr/bin/env bash
# External-client tests of the gateway: the Node grpc-js test (gateway.test.mjs) and the curl
# test of the JSON endpoint (curl_test.sh).
#
#   tests/node/run.sh            starts a private PostgreSQL, collab-organisations and
#                                collab-gateway from $COLLAB_BIN_DIR (default build/bin)
#
# Against a running stack instead, set all of COLLAB_GATEWAY_GRPC (host:port),
# COLLAB_GATEWAY_HTTP (http://host:port), COLLAB_TOKEN_ADMIN and COLLAB_TOKEN_CASE_WORKER.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export COLLAB_BIN_DIR=${COLLAB_BIN_DIR:-$ROOT/build/bin}
BIN=$COLLAB_BIN_DIR

run_tests() {
  cd "$ROOT"
  if [[ ! -d node_modules/@grpc/grpc-js ]]; then npm ci --no-audit --no-fund >&2; fi
  node --test tests/node/
  tests/node/curl_test.sh
}

if [[ -n ${COLLAB_GATEWAY_GRPC:-} && -n ${COLLAB_GATEWAY_HTTP:-} ]]; then
  run_tests
  exit
fi

# No stack given: bring one up inside a throwaway PostgreSQL.
if [[ -z ${COLLAB_TEST_PG_ADMIN:-} ]]; then
  exec "$ROOT/tests/support/with_postgres.sh" "$0" "$@"
fi

for b in collab-organisations collab-gateway collabctl; do
  [[ -x $BIN/$b ]] || { echo "run.sh: $BIN/$b not built (set COLLAB_BIN_DIR)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/collab-node.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {  # URL: until it answers 200 (10 s)
  for _ in $(seq 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "run.sh: $1 did not come up" >&2; tail -n 20 "$WORK"/*.log >&2; exit 1
}

DB=node_$$
/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 "$COLLAB_TEST_PG_ADMIN" \
  -c "CREATE DATABASE $DB TEMPLATE $COLLAB_TEST_TEMPLATE_DB"
DB_URL=${COLLAB_TEST_PG_ADMIN/dbname=postgres/dbname=$DB}

head -c 48 /dev/urandom | base64 -w0 >"$WORK/internal.key"
"$BIN/collabctl" keygen --out-dir "$WORK/issuer" >/dev/null
ORG_PORT=$(free_port); GW_PORT=$(free_port); HTTP_PORT=$(free_port)

"$BIN/collab-organisations" --listen=127.0.0.1:$ORG_PORT --database_url="$DB_URL" \
  --internal_key_file="$WORK/internal.key" 2>"$WORK/organisations.log" &
PIDS+=($!)
"$BIN/collab-gateway" --listen=127.0.0.1:$GW_PORT --http_listen=127.0.0.1:$HTTP_PORT \
  --organisations_backend=dns:///127.0.0.1:$ORG_PORT --jwks_file="$WORK/issuer/jwks.json" \
  --jwt_issuer=collab-dev --jwt_audience=collab-gateway \
  --internal_key_file="$WORK/internal.key" 2>"$WORK/gateway.log" &
PIDS+=($!)
wait_http "http://127.0.0.1:$HTTP_PORT/healthz"

token() {
  "$BIN/collabctl" token --role "$1" --org 0b5a7c1e-0000-4000-8000-00000000a0de --sub "node-$1" \
    --ttl 15m --key "$WORK/issuer/dev-key.pem" --kid dev
}
export COLLAB_GATEWAY_GRPC=127.0.0.1:$GW_PORT
export COLLAB_GATEWAY_HTTP=http://127.0.0.1:$HTTP_PORT
COLLAB_TOKEN_ADMIN=$(token ADMIN); export COLLAB_TOKEN_ADMIN
COLLAB_TOKEN_CASE_WORKER=$(token CASE_WORKER); export COLLAB_TOKEN_CASE_WORKER

# The organisations backend may still be connecting to its database: wait until a call works.
for _ in $(seq 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
    "$COLLAB_GATEWAY_HTTP/collab.organisations.v1.OrganisationService/ListOrganisations" \
    -H "Authorization: Bearer $COLLAB_TOKEN_ADMIN" -H 'Content-Type: application/json' -d '{}')
  [[ $code == 200 ]] && break
  sleep 0.1
done

run_tests
