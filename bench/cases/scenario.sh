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
  "$BIN/loadgen" --label="$1" --target=127.0.0.1:$GW_PORT --method="/collab.cases.v1.CaseService/$2" \
    --requests_file="$3" --callers="$4" --duration="$DURATION" --warmup="$WARMUP" \
    --token="$CASE_WORKER" 2>>"$WORK/loadgen.log"
}
pg_run() {  # script clients [-D var=value...]
  local script=$1 clients=$2
  shift 2
  "$PGBIN/pgbench" -n -M prepared -c "$clients" -j "$(nproc)" -T "${DURATION%s}" -f "$ROOT/bench/cases/$script" \
    "$@" "$DB_URL" 2>>"$WORK/pgbench.log"
}
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$1" | head -n1; }
latency_us() { sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$1" | awk '{printf "%d", $1 * 1000}'; }

echo
echo "### cases: CreateCase and GetCase through the gateway vs pgbench doing the same SQL"
echo
echo "| callers | method | gateway req/s | p50 µs | p99 µs | errors | pgbench tps | pgbench mean µs | gateway/pgbench |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for c in $CASE_CALLERS; do
  service=$(case_run create CreateCase "$WORK/create_case.jsonl" "$c")
  floor=$(pg_run create_case.pgbench "$c" -D employer="$EMPLOYER_ID")
  printf '| %s | CreateCase | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$(field rps "$service")" \
    "$(field p50_us "$service")" "$(field p99_us "$service")" "$(field errors "$service")" \
    "$(tps "$floor")" "$(latency_us "$floor")" \
    "$(awk -v a="$(field rps "$service")" -v b="$(tps "$floor")" 'BEGIN{printf "%.2f", a/b}')"
done
# GetCase over the first 200 cases the service created (pgbench reads the same 200).
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$DB_URL" -c \
  "CREATE TABLE bench_cases AS SELECT row_number() OVER (ORDER BY id) AS k, id FROM cases.cases
   WHERE assigned_case_worker = 'bench-CASE_WORKER' ORDER BY id LIMIT 200;
   ALTER TABLE bench_cases ADD PRIMARY KEY (k)"
"$PGBIN/psql" -X -q -At "$DB_URL" -c \
  "SELECT json_build_object('name', 'cases/' || id) FROM bench_cases ORDER BY k" >"$WORK/get_case.jsonl"
for c in $CASE_CALLERS; do
  service=$(case_run get GetCase "$WORK/get_case.jsonl" "$c")
  floor=$(pg_run get_case.pgbench "$c" -D ncases=200)
  printf '| %s | GetCase | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$(field rps "$service")" \
    "$(field p50_us "$service")" "$(field p99_us "$service")" "$(field errors "$service")" \
    "$(tps "$floor")" "$(latency_us "$floor")" \
    "$(awk -v a="$(field rps "$service")" -v b="$(tps "$floor")" 'BEGIN{printf "%.2f", a/b}')"
done
echo
echo "cases: --db_pool_size=$DB_POOL; every call encrypts/decrypts, appends an audit row to the"
echo "case's hash chain and (CreateCase) an outbox row, in one transaction; pgbench -j $(nproc)"
if [[ -s $WORK/loadgen.log ]]; then
  echo
  echo "loadgen reported:"
  sort "$WORK/loadgen.log" | uniq -c | sort -rn | head -n 5
fi
