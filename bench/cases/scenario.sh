# Sourced by bench/run.sh (its stack, tokens and helpers): CreateCase and GetCase through the
# gateway, and pgbench running the same SQL at the same client counts as the floor.
CASE_WORKER=$("$BIN/collabctl" token --role CASE_WORKER --org 0b5a7c1e-0000-4000-8000-00000000be7c \
  --sub bench-CASE_WORKER --ttl 1h --key "$WORK/issuer/dev-key.pem" --kid dev)
EMPLOYER_ID=${NAME#organisations/}

# 256 distinct employees (valid personnummer, Luhn check digit), so the creates are not one row.
python3 - "$EMPLOYER_ID" >"$WORK/create_case.jsonl" <<'PY'
import json, sys
def luhn_digit(nine):
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)
for n in range(256):
    nine = "8501%02d%03d" % (1 + n % 28, n)
    print(json.dumps({"case": {
        "employer": "organisations/" + sys.argv[1],
        "employeeIdentityNumber": "19" + nine + luhn_digit(nine),
        "employeeDisplayName": "Bench Anställd %d" % n,
        "firstSickDay": {"year": 2026, "month": 9, "day": 1 + n % 28},
        "expectedDurationDays": 90,
        "assignedCaseWorker": "bench-CASE_WORKER",
        "diagnosisCategory": "DIAGNOSIS_CATEGORY_MENTAL",
        "medicalNotes": "Utmattningssyndrom, gradvis upptrappning"}}))
PY

case_run() {  # label method requests-file callers
  "${PIN[@]}" "$BIN/loadgen" --label="$1" --target=127.0.0.1:$GW_PORT --method="/collab.cases.v1.CaseService/$2" \
    --requests_file="$3" --callers="$4" --duration="$DURATION" --warmup="$WARMUP" \
    --token="$CASE_WORKER" 2>>"$WORK/loadgen.log"
}
pg_run() {  # script clients [-D var=value...]
  local script=$1 clients=$2
  shift 2
  "${PIN[@]}" "$PGBIN/pgbench" -n -M prepared -c "$clients" -j "$(nproc)" -T "${DURATION%s}" -f "$ROOT/bench/cases/$script" \
    "$@" "$DB_URL" 2>>"$WORK/pgbench.log"
}
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$1" | head -n1 | awk '{printf "%d", $1}'; }
latency_us() { sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$1" | awk '{printf "%d", $1 * 1000}'; }

# CPU time (user + system, clock ticks) of every process by name, to split a run's CPU between
# loadgen, the gateway, the services and PostgreSQL (all share the two cores).
# A process may end between the glob and the read, hence `|| true`; a name may hold spaces, so
# fields are counted after its closing parenthesis.
cpu_ticks() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } |
  awk '{o = index($0, "("); e = 0; for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") {e = i; break}
        c = substr($0, o + 1, e - o - 1); gsub(/ /, "_", c); split(substr($0, e + 2), f, " ")
        t[c] += f[12] + f[13]} END {for (c in t) print c, t[c]}'; }
# µs of CPU per call for each process name that used any: before-file after-file calls
cpu_per_call() {
  awk -v calls="$3" -v hz="$(getconf CLK_TCK)" '
    NR == FNR {b[$1] = $2; next}
    $1 ~ /^(loadgen|collab-|postgres$|pgbench$)/ {d = $2 - b[$1]; if (d > 0) used[$1] = d}
    END {total = 0; for (c in used) {us = used[c] * 1e6 / hz / calls; total += us
           out = out sprintf(" %s=%d", c, us)} printf "total=%d%s\n", total, out}' "$1" "$2"
}
# Runs "$@" in the background and samples CPU over its measured window only (after the warm-up):
# sets RUN_OUT (its stdout) and RUN_CPU (before/after files).
measure() {  # warmup-seconds duration-seconds command...
  local warm=$1 dur=$2
  shift 2
  "$@" >"$WORK/run.out" &
  local pid=$!
  sleep "$warm"
  cpu_ticks >"$WORK/cpu.before"
  sleep "$dur"
  cpu_ticks >"$WORK/cpu.after"
  wait "$pid"
  RUN_OUT=$(cat "$WORK/run.out")
}

echo
echo "### cases: CreateCase and GetCase through the gateway vs pgbench doing the same SQL"
echo
echo "| callers | method | gateway req/s | p50 µs | p99 µs | errors | pgbench tps | pgbench mean µs | gateway/pgbench |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
: >"$WORK/cpu.txt"
run_pair() {  # method requests-file pgbench-script callers [-D var=value...]
  local method=$1 requests=$2 script=$3 c=$4
  shift 4
  measure "${WARMUP%s}" "${DURATION%s}" case_run "$method" "$method" "$requests" "$c"
  local service=$RUN_OUT
  local calls=$(( $(field ok "$service") ))
  echo "$c $method service $(cpu_per_call "$WORK/cpu.before" "$WORK/cpu.after" "$calls")" >>"$WORK/cpu.txt"
  measure 1 "$(( ${DURATION%s} - 2 ))" pg_run "$script" "$c" "$@"
  local floor=$RUN_OUT
  local txs
  txs=$(awk -v t="$(tps "$floor")" -v d="$(( ${DURATION%s} - 2 ))" 'BEGIN{printf "%d", t * d}')
  echo "$c $method pgbench $(cpu_per_call "$WORK/cpu.before" "$WORK/cpu.after" "$txs")" >>"$WORK/cpu.txt"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$method" "$(field rps "$service")" \
    "$(field p50_us "$service")" "$(field p99_us "$service")" "$(field errors "$service")" \
    "$(tps "$floor")" "$(latency_us "$floor")" \
    "$(awk -v a="$(field rps "$service")" -v b="$(tps "$floor")" 'BEGIN{printf "%.2f", a/b}')"
}
for c in $CASE_CALLERS; do
  run_pair CreateCase "$WORK/create_case.jsonl" create_case.pgbench "$c" -D employer="$EMPLOYER_ID"
done
# GetCase over the first 200 cases the service created (pgbench reads the same 200).
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$DB_URL" -c \
  "CREATE TABLE bench_cases AS SELECT row_number() OVER (ORDER BY id) AS k, id FROM cases.cases
   WHERE assigned_case_worker = 'bench-CASE_WORKER' ORDER BY id LIMIT 200;
   ALTER TABLE bench_cases ADD PRIMARY KEY (k)"
"$PGBIN/psql" -X -q -At "$DB_URL" -c \
  "SELECT json_build_object('name', 'cases/' || id) FROM bench_cases ORDER BY k" >"$WORK/get_case.jsonl"
for c in $CASE_CALLERS; do
  run_pair GetCase "$WORK/get_case.jsonl" get_case.pgbench "$c" -D ncases=200
done
echo
echo "cases: --db_pool_size=$DB_POOL; every call encrypts/decrypts, appends an audit row to the"
echo "case's hash chain and (CreateCase) an outbox row, in one transaction; pgbench -j $(nproc)"
echo
echo "CPU per call (µs, user + system, by process name, over the measured window; pgbench rows:"
echo "per transaction, sampled over its middle $(( ${DURATION%s} - 2 )) s):"
echo
echo '```'
cat "$WORK/cpu.txt"
echo '```'
if [[ -s $WORK/loadgen.log ]]; then
  echo
  echo "loadgen reported:"
  sort "$WORK/loadgen.log" | uniq -c | sort -rn | head -n 5
fi
