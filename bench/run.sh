#!/usr/bin/env bash
# The standard scenarios (`make bench`), each printed as a markdown table after the command, the
# machine and the date:
#   gateway: GetOrganisation at 1, 8 and 32 concurrent callers, (a) straight to
#     collab-organisations, (b) through the bare floor_proxy hop, (c) through collab-gateway
#     (token verified once and cached, policy, rate limit, principal signing, access log);
#   cases: CreateCase and GetCase through the gateway at 8 and 32 callers, and in the same run
#     pgbench doing the same SQL (bench/cases/*.pgbench) at the same client counts: the floor.
#
#   bench/run.sh                         # binaries from $COLLAB_BIN_DIR (default build/bin)
#   BENCH_DURATION=20s BENCH_CALLERS="1 8 32 64" bench/run.sh
#   BENCH_SCENARIOS=cases BENCH_CASE_CALLERS="8 32" bench/run.sh
#   BENCH_PERF=1 bench/run.sh            # also profile the gateway (perf) at the last caller count
#   BENCH_PG_CPUS=1 bench/run.sh         # PostgreSQL on CPU 1 alone, everything else on the rest:
#                                        # the database as on its own host, as in production
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export COLLAB_BIN_DIR=${COLLAB_BIN_DIR:-$ROOT/build/bin}
BIN=$COLLAB_BIN_DIR
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CALLERS=${BENCH_CALLERS:-1 8 32}
SCENARIOS=${BENCH_SCENARIOS:-gateway cases}
CASE_CALLERS=${BENCH_CASE_CALLERS:-8 32}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_CPUS=${BENCH_PG_CPUS:-}

if [[ -z ${COLLAB_TEST_PG_ADMIN:-} ]]; then
  exec "$ROOT/tests/support/with_postgres.sh" "$0" "$@"
fi
for b in collab-organisations collab-cases collab-gateway collabctl loadgen floor_proxy; do
  [[ -x $BIN/$b ]] || { echo "bench: $BIN/$b not built" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/collab-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
set -E
trap 'echo "bench: failed at ${BASH_SOURCE[0]}:$LINENO" >&2; tail -n 5 "$WORK"/*.log >&2' ERR
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

DB=bench_$$
/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 "$COLLAB_TEST_PG_ADMIN" \
  -c "CREATE DATABASE $DB TEMPLATE $COLLAB_TEST_TEMPLATE_DB"
DB_URL=${COLLAB_TEST_PG_ADMIN/dbname=postgres/dbname=$DB}
head -c 48 /dev/urandom | base64 -w0 >"$WORK/internal.key"
"$BIN/collabctl" keygen --out-dir "$WORK/issuer" >/dev/null
ORG_PORT=$(free_port); GW_PORT=$(free_port); HTTP_PORT=$(free_port); FLOOR_PORT=$(free_port)
CASES_PORT=$(free_port)

# The backend's sync server allows db_pool_size + 4 threads and refuses calls beyond that
# ("Server Threadpool Exhausted"), so the pool must cover the most callers measured.
DB_POOL=${BENCH_DB_POOL:-32}
"$BIN/collab-organisations" --listen=127.0.0.1:$ORG_PORT --database_url="$DB_URL" \
  --internal_key_file="$WORK/internal.key" --db_pool_size="$DB_POOL" 2>"$WORK/organisations.log" &
PIDS+=($!)
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/identity.key"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/lookup.key"
"$BIN/collab-cases" --listen=127.0.0.1:$CASES_PORT --database_url="$DB_URL" \
  --internal_key_file="$WORK/internal.key" --db_pool_size="$DB_POOL" \
  --identity_key_file="$WORK/identity.key" --lookup_key_file="$WORK/lookup.key" \
  --organisations_backend=dns:///127.0.0.1:$ORG_PORT 2>"$WORK/cases.log" &
PIDS+=($!)
# Rate limit on but far above what one principal reaches here, so its cost is measured.
"$BIN/collab-gateway" --listen=127.0.0.1:$GW_PORT --http_listen=127.0.0.1:$HTTP_PORT \
  --organisations_backend=dns:///127.0.0.1:$ORG_PORT --cases_backend=dns:///127.0.0.1:$CASES_PORT \
  --jwks_file="$WORK/issuer/jwks.json" \
  --jwt_issuer=collab-dev --jwt_audience=collab-gateway --internal_key_file="$WORK/internal.key" \
  --rate_limit_rps=1000000 --rate_limit_burst=1000000 2>"$WORK/gateway.log" &
GW_PID=$!
PIDS+=($GW_PID)
"$BIN/floor_proxy" --listen=127.0.0.1:$FLOOR_PORT --backend=127.0.0.1:$ORG_PORT \
  2>"$WORK/floor.log" &
PIDS+=($!)

# BENCH_PG_CPUS: the PostgreSQL server (postmaster, its running backends and every backend it
# forks later, which inherit its affinity) on those CPUs; the stack, loadgen and pgbench's client
# on the others. PIN prefixes the callers started below.
PIN=()
PLACEMENT="caller, hop, services and PostgreSQL share the machine"
if [[ -n $PG_CPUS ]]; then
  OTHER_CPUS=$(python3 -c 'import os, sys
pg = {int(c) for c in sys.argv[1].split(",")}
print(",".join(str(c) for c in sorted(os.sched_getaffinity(0)) if c not in pg))' "$PG_CPUS")
  [[ -n $OTHER_CPUS ]] || { echo "bench: BENCH_PG_CPUS=$PG_CPUS leaves no CPU for the rest" >&2; exit 2; }
  PG_DATA=$("$PGBIN/psql" -X -At "$COLLAB_TEST_PG_ADMIN" -c 'SHOW data_directory')
  POSTMASTER=$(head -n 1 "$PG_DATA/postmaster.pid")
  for p in "$POSTMASTER" $(pgrep -P "$POSTMASTER"); do taskset -a -p -c "$PG_CPUS" "$p" >/dev/null; done
  for p in "${PIDS[@]}"; do taskset -a -p -c "$OTHER_CPUS" "$p" >/dev/null; done
  PIN=(taskset -c "$OTHER_CPUS")
  PLACEMENT="PostgreSQL alone on CPU $PG_CPUS; caller, hop and services on CPU $OTHER_CPUS"
fi

token() {
  "$BIN/collabctl" token --role "$1" --org 0b5a7c1e-0000-4000-8000-00000000be7c --sub "bench-$1" \
    --ttl 1h --key "$WORK/issuer/dev-key.pem" --kid dev
}
ADMIN=$(token ADMIN)
ANALYST=$(token ANALYST)

# One organisation to read, created through the gateway (retried while the stack comes up).
NAME=""
for _ in $(seq 100); do
  NAME=$(curl -s -X POST \
    "http://127.0.0.1:$HTTP_PORT/collab.organisations.v1.OrganisationService/CreateOrganisation" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"organisation":{"displayName":"Bench Kommun","kind":"ORGANISATION_KIND_MUNICIPALITY","organisationNumber":"212000-1876","sector":"SECTOR_PUBLIC","countyCode":"17"},"requestId":"9a1f7a52-7c1d-4f57-a5bb-1b4f0c3f2b10"}' \
    | jq -r '.name // empty' 2>/dev/null || true)
  [[ -n $NAME ]] && break
  sleep 0.1
done
[[ -n $NAME ]] || { echo "bench: could not create the organisation" >&2; tail "$WORK"/*.log >&2; exit 1; }

METHOD=/collab.organisations.v1.OrganisationService/GetOrganisation
REQUEST="{\"name\":\"$NAME\"}"
run() {  # label target callers [auth flags...]
  local label=$1 target=$2 callers=$3
  shift 3
  "${PIN[@]}" "$BIN/loadgen" --label="$label" --target="$target" --method="$METHOD" --request="$REQUEST" \
    --callers="$callers" --duration="$DURATION" --warmup="$WARMUP" "$@" 2>>"$WORK/loadgen.log"
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "command: bench/run.sh (BENCH_SCENARIOS=\"$SCENARIOS\" BENCH_PG_CPUS=\"$PG_CPUS\" BENCH_DURATION=$DURATION BENCH_WARMUP=$WARMUP BENCH_CALLERS=\"$CALLERS\" BENCH_CASE_CALLERS=\"$CASE_CALLERS\")"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$PLACEMENT"
echo

gateway_scenario() {
echo "### gateway: GetOrganisation"
echo
echo "| callers | path | req/s | p50 µs | p95 µs | p99 µs | errors | vs direct | vs floor |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for c in $CALLERS; do
  direct=$(run direct 127.0.0.1:$ORG_PORT "$c" --principal_key_file="$WORK/internal.key" --principal_role=ANALYST)
  floor=$(run floor 127.0.0.1:$FLOOR_PORT "$c" --principal_key_file="$WORK/internal.key" --principal_role=ANALYST)
  if [[ -n ${BENCH_PERF:-} && $c == "${CALLERS##* }" ]] && command -v perf >/dev/null; then
    perf record -q -F 499 -g -p "$GW_PID" -o "$WORK/perf.data" -- sleep "${DURATION%s}" \
      >/dev/null 2>&1 &
    PERF_PID=$!
  fi
  gateway=$(run gateway 127.0.0.1:$GW_PORT "$c" --token="$ANALYST")
  d_rps=$(field rps "$direct"); f_rps=$(field rps "$floor")
  for line in "$direct" "$floor" "$gateway"; do
    rps=$(field rps "$line")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "${line%% *}" "$rps" \
      "$(field p50_us "$line")" "$(field p95_us "$line")" "$(field p99_us "$line")" \
      "$(field errors "$line")" \
      "$(awk -v a="$rps" -v b="$d_rps" 'BEGIN{printf "%.2f", a/b}')" \
      "$(awk -v a="$rps" -v b="$f_rps" 'BEGIN{printf "%.2f", a/b}')"
  done
done
echo
echo "organisations: --db_pool_size=$DB_POOL; gateway access log on (stderr to a file)"
}
if [[ " $SCENARIOS " == *" gateway "* ]]; then gateway_scenario; fi
if [[ " $SCENARIOS " == *" cases "* ]]; then source "$ROOT/bench/cases/scenario.sh"; fi
if [[ -n ${PERF_PID:-} ]]; then
  wait "$PERF_PID" || true
  echo
  echo "gateway profile at ${CALLERS##* } callers (perf, self time by shared object, then top symbols):"
  perf report -i "$WORK/perf.data" --stdio --no-children -g none --sort dso 2>/dev/null \
    | grep -E '^ +[0-9]' | head -n 12
  echo
  perf report -i "$WORK/perf.data" --stdio --no-children -g none --sort sym 2>/dev/null \
    | grep -E '^ +[0-9]' | cut -c1-150 | head -n 30
fi
