#!/usr/bin/env bash
# Demo return-to-work cases for `make run`, created through the gateway so that identity numbers
# are encrypted with this run's keys (deploy/local/run.sh calls it after the gateway is up).
# Idempotent: every create carries a fixed request_id, so a re-run replays instead of adding.
# Dates are relative to today, so each case is at the same stage whenever the demo starts:
#   1 Karlstad, vård och omsorg   day 10, 100 %           OPEN; report to FK upcoming
#   2 Karlstad, barn och ungdom   day 46, 100 % then 50 %  PLANNING; report met, plan overdue
#   3 Arvika, socialförvaltningen day 96 with a gap        IN_PROGRESS; day 90 passed and assessed
#   4 Torsby, omsorg              30 days, ended           RETURNED
#   5 Karlstad, vård och omsorg   40 days, a year ago      CLOSED (returned to work)
# and, at Karlstad, three short absence spells of one employee within six months, which open a
# rehab watch (tidiga signaler; "Fånga tidiga tecken" in the seeds' programme).
#
#   deploy/demo/cases.sh GATEWAY_ADDR BIN_DIR ISSUER_KEY
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GATEWAY=$1 BIN=$2 KEY=$3

FK=a1000000-0000-4000-8000-000000000001
FK_KARLSTAD=a2000000-0000-4000-8000-000000000007
ARVIKA=a1000000-0000-4000-8000-000000000003
ARVIKA_SOC=a2000000-0000-4000-8000-000000000003
KARLSTAD=a1000000-0000-4000-8000-000000000006
KARLSTAD_VO=a2000000-0000-4000-8000-000000000001
KARLSTAD_BUF=a2000000-0000-4000-8000-000000000002
TORSBY=a1000000-0000-4000-8000-000000000008
TORSBY_OMS=a2000000-0000-4000-8000-000000000006
OHS=a1000000-0000-4000-8000-000000000020

# The FK case worker of the Karlstad office, and HR at Karlstad (spells are the employer's).
CW=$("$BIN/collabctl" token --key="$KEY" --role=CASE_WORKER --org=$FK --office=$FK_KARLSTAD \
  --sub=demo-handlaggare --ttl=10m)
HR=$("$BIN/collabctl" token --key="$KEY" --role=EMPLOYER_HR --org=$KARLSTAD --sub=demo-hr-karlstad \
  --ttl=10m)
HR_ARVIKA=$("$BIN/collabctl" token --key="$KEY" --role=EMPLOYER_HR --org=$ARVIKA \
  --sub=demo-hr-arvika --ttl=10m)

call() {  # token method json → response JSON on stdout
  node "$ROOT/tools/grpc-call.mjs" "$GATEWAY" "collab.cases.v1.CaseService/$2" "$3" --token "$1"
}
day() {  # offset in days from today → collab.common.v1.Date JSON
  date -d "today $1 days" +'{"year":%Y,"month":%-m,"day":%-d}'
}
pnr() {  # YYYYMMDDNNN → personnummer with its Luhn check digit (domain.md, "Identity numbers")
  local nine=${1:2} sum=0 i d
  for ((i = 0; i < 9; i++)); do
    d=$(( ${nine:i:1} * (i % 2 == 0 ? 2 : 1) ))
    sum=$(( sum + d / 10 + d % 10 ))
  done
  echo "$1$(( (10 - sum % 10) % 10 ))"
}
name_of() { sed -n 's/^  "name": "\(.*\)",\?$/\1/p' | head -n 1; }
rid() { printf 'd3e00000-0000-4000-8000-%012d' "$1"; }  # the demo's fixed request ids

case_() {  # n employer unit pnr name first_day expected diagnosis → case name
  call "$CW" CreateCase "{\"requestId\":\"$(rid "$1")\",\"case\":{
    \"employer\":\"organisations/$2\",\"unit\":\"organisations/$2/units/$3\",
    \"employeeIdentityNumber\":\"$4\",\"employeeDisplayName\":\"$5\",\"firstSickDay\":$(day "$6"),
    \"expectedDurationDays\":$7,\"assignedCaseWorker\":\"demo-handlaggare\",
    \"office\":\"organisations/$FK/units/$FK_KARLSTAD\",
    \"occupationalHealthProvider\":\"organisations/$OHS\",\"diagnosisCategory\":\"$8\"}}" | name_of
}
period() {  # n case from to|- degree
  local end=""
  [[ $4 != - ]] && end=",\"endDate\":$(day "$4")"
  call "$CW" CreateSickLeavePeriod "{\"requestId\":\"$(rid "$1")\",\"parent\":\"$2\",
    \"sickLeavePeriod\":{\"period\":{\"startDate\":$(day "$3")$end},\"degree\":\"$5\",
    \"basis\":\"SICK_LEAVE_BASIS_MEDICAL_CERTIFICATE\"}}" >/dev/null
}
met() {  # n case milestone-id days-ago note
  call "$CW" MarkMilestoneMet "{\"requestId\":\"$(rid "$1")\",\"name\":\"$2/milestones/$3\",
    \"metTime\":{\"seconds\":\"$(date -d "today $4 days 10:00" +%s)\"},\"note\":\"$5\"}" >/dev/null
}
status() {  # n case method extra-json
  call "$CW" "$3" "{\"requestId\":\"$(rid "$1")\",\"name\":\"$2\"$4}" >/dev/null
}
plan() {  # n case token employer goal action → submits a plan with one action (meets its milestone)
  local p
  p=$(call "$3" CreatePlan "{\"requestId\":\"$(rid "$1")\",\"parent\":\"$2\",\"plan\":{
    \"goal\":\"$5\",\"expectedReturnDate\":$(day 60),\"employeeParticipated\":true}}" | name_of)
  call "$3" CreatePlanAction "{\"requestId\":\"$(rid "$(( $1 + 1 ))")\",\"parent\":\"$p\",
    \"action\":{\"kind\":\"PLAN_ACTION_KIND_ADAPTED_HOURS\",\"description\":\"$6\",
    \"ownerOrganisation\":\"organisations/$4\",\"ownerRole\":\"PARTY_ROLE_FIRST_LINE_MANAGER\",
    \"startDate\":$(day 1),\"dueDate\":$(day 30)}}" >/dev/null
  call "$3" SubmitPlan "{\"requestId\":\"$(rid "$(( $1 + 2 ))")\",\"name\":\"$p\"}" >/dev/null
}
spell() {  # n pnr from to
  call "$HR" CreateAbsenceSpell "{\"requestId\":\"$(rid "$1")\",\"absenceSpell\":{
    \"employer\":\"organisations/$KARLSTAD\",\"unit\":\"organisations/$KARLSTAD/units/$KARLSTAD_VO\",
    \"employeeIdentityNumber\":\"$2\",\"period\":{\"startDate\":$(day "$3"),\"endDate\":$(day "$4")}}}" \
    >/dev/null
}

# 1 Early: sick-pay period, the employer's report to FK opens on day 15.
c=$(case_ 101 $KARLSTAD $KARLSTAD_VO "$(pnr 19780312238)" "Maria Lindqvist" -9 21 \
  DIAGNOSIS_CATEGORY_MUSCULOSKELETAL)
period 111 "$c" -9 - SICK_LEAVE_DEGREE_100

# 2 Long expected (≥ 60 days): the plan was due on day 30 (SFB 30 kap. 6 §) and is overdue.
c=$(case_ 201 $KARLSTAD $KARLSTAD_BUF "$(pnr 19850607124)" "Johan Ek" -45 120 \
  DIAGNOSIS_CATEGORY_MENTAL)
period 211 "$c" -45 -16 SICK_LEAVE_DEGREE_100
period 212 "$c" -15 - SICK_LEAVE_DEGREE_50
met 221 "$c" employer-report -28 "Sjukanmälan gjord i FK:s e-tjänst"
status 231 "$c" StartPlanning ""

# 3 Past day 90 (SFB 27 kap. 47 §), with a gap of 10 days (a new spell, summed in the chain).
c=$(case_ 301 $ARVIKA $ARVIKA_SOC "$(pnr 19710921346)" "Eva Holm" -105 180 \
  DIAGNOSIS_CATEGORY_MENTAL)
period 311 "$c" -105 -66 SICK_LEAVE_DEGREE_100
period 312 "$c" -55 - SICK_LEAVE_DEGREE_75
met 321 "$c" employer-report -40 "Sjukanmälan gjord"
plan 322 "$c" "$HR_ARVIKA" $ARVIKA "Tillbaka i ordinarie arbete som undersköterska" \
  "Arbetstid 75 % med förmiddagspass, därefter upptrappning"
met 325 "$c" assessment-day-90 -1 "Arbetsförmågan bedömd mot annat arbete hos arbetsgivaren"
status 331 "$c" StartPlanning ""
status 332 "$c" StartInterventions ""

# 4 Back at work after 30 days.
c=$(case_ 401 $TORSBY $TORSBY_OMS "$(pnr 19900130457)" "Ali Hassan" -40 30 \
  DIAGNOSIS_CATEGORY_INJURIES)
period 411 "$c" -40 -11 SICK_LEAVE_DEGREE_100
met 421 "$c" employer-report -22 "Sjukanmälan gjord"
status 431 "$c" MarkReturned ",\"returnDate\":$(day -10)"

# 5 Closed a year ago: kept for statistics until gallring.
c=$(case_ 501 $KARLSTAD $KARLSTAD_VO "$(pnr 19660415563)" "Karin Sjöberg" -400 40 \
  DIAGNOSIS_CATEGORY_RESPIRATORY)
period 511 "$c" -400 -361 SICK_LEAVE_DEGREE_100
met 521 "$c" employer-report -382 "Sjukanmälan gjord"
status 531 "$c" CloseCase ",\"reason\":\"CASE_CLOSE_REASON_RETURNED_TO_WORK\""

# Early signals: three short spells within six months open a rehab watch.
p=$(pnr 19920818672)
spell 601 "$p" -140 -138
spell 602 "$p" -75 -74
spell 603 "$p" -12 -10
echo "demo cases loaded"
