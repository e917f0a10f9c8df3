#!/usr/bin/env bash
# The JSON (Connect) endpoint with plain curl (issue 3, Tests). Run by tests/node/run.sh, which
# sets COLLAB_GATEWAY_HTTP (http://host:port) and the COLLAB_TOKEN_* dev-issuer tokens.
set -euo pipefail
: "${COLLAB_GATEWAY_HTTP:?run tests/node/run.sh}"
SVC=$COLLAB_GATEWAY_HTTP/collab.organisations.v1.OrganisationService
fail() { echo "curl test: FAIL: $*" >&2; exit 1; }

# post METHOD TOKEN JSON -> prints "HTTP_STATUS BODY"
post() {
  curl -sS -o /tmp/curl_body.$$ -w '%{http_code}' -X POST "$SVC/$1" \
    -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3"
}
trap 'rm -f /tmp/curl_body.$$' EXIT

number=$(python3 -c '
import random
d=[5,random.randint(0,9),random.randint(2,9)]+[random.randint(0,9) for _ in range(6)]
s=sum((x*2)//10+(x*2)%10 if i%2==0 else x for i,x in enumerate(d))
d.append((10-s%10)%10); t="".join(map(str,d)); print(t[:6]+"-"+t[6:])')

status=$(post CreateOrganisation "$COLLAB_TOKEN_ADMIN" \
  "{\"organisation\":{\"displayName\":\"Curl Test AB\",\"kind\":\"ORGANISATION_KIND_EMPLOYER\",\"organisationNumber\":\"$number\",\"sector\":\"SECTOR_PRIVATE\"},\"requestId\":\"$(cat /proc/sys/kernel/random/uuid)\"}")
[[ $status == 200 ]] || fail "create: HTTP $status $(cat /tmp/curl_body.$$)"
name=$(jq -r .name /tmp/curl_body.$$)
[[ $name == organisations/* ]] || fail "create returned no name"

status=$(post GetOrganisation "$COLLAB_TOKEN_CASE_WORKER" "{\"name\":\"$name\"}")
[[ $status == 200 ]] || fail "get: HTTP $status"
[[ $(jq -r .displayName /tmp/curl_body.$$) == "Curl Test AB" ]] || fail "get: wrong organisation"

status=$(post GetOrganisation "$COLLAB_TOKEN_CASE_WORKER" '{"name":"not-a-name"}')
[[ $status == 400 ]] || fail "bad name: expected HTTP 400, got $status"
[[ $(jq -r .code /tmp/curl_body.$$) == invalid_argument ]] || fail "bad name: code"
[[ $(jq -r '.details[0].type' /tmp/curl_body.$$) == google.rpc.BadRequest ]] || fail "bad name: details"

status=$(post ListOrganisations "not-a-token" '{}')
[[ $status == 401 ]] || fail "bad token: expected HTTP 401, got $status"
[[ $(jq -r .code /tmp/curl_body.$$) == unauthenticated ]] || fail "bad token: code"

echo "curl test: OK"
