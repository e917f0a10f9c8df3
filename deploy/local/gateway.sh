# Sourced by run.sh: the dev issuer's key, the gateway in front of the services, demo tokens.
ISSUER_DIR=$LOCAL/dev-issuer
TOKENS=$LOCAL/tokens
if [[ ! -s $ISSUER_DIR/dev-key.pem ]]; then
  mkdir -p "$ISSUER_DIR"
  "$BIN/collabctl" keygen --out_dir="$ISSUER_DIR" >/dev/null
fi

start gateway "$BIN/collab-gateway" --listen="$GATEWAY_ADDR" --http_listen="$GATEWAY_HTTP" \
  --organisations_backend="dns:///$ORGANISATIONS_ADDR" --cases_backend="dns:///$CASES_ADDR" \
  --funding_backend="dns:///$FUNDING_ADDR" \
  --jwks_file="$ISSUER_DIR/jwks.json" --jwt_issuer=collab-dev --jwt_audience=collab-gateway
wait_for_port gateway "$GATEWAY_ADDR"
wait_for_port gateway "$GATEWAY_HTTP"

# One demo token per role, each for an organisation of the demo data (deploy/demo/).
FK=a1000000-0000-4000-8000-000000000001
KARLSTAD=a1000000-0000-4000-8000-000000000006
SAMSPELET=a1000000-0000-4000-8000-000000000012
OHS=a1000000-0000-4000-8000-000000000020
mkdir -p "$TOKENS"
mint() {  # role org subject
  "$BIN/collabctl" token --key="$ISSUER_DIR/dev-key.pem" --role="$1" --org="$2" --sub="$3" \
    --ttl=12h > "$TOKENS/$1.jwt"
}
mint ADMIN "$FK" demo-admin
mint CASE_WORKER "$FK" demo-handlaggare
mint EMPLOYER_HR "$KARLSTAD" demo-hr-karlstad
mint EMPLOYER_MANAGER "$KARLSTAD" demo-chef-karlstad
mint OCCUPATIONAL_HEALTH "$OHS" demo-foretagshalsovard
mint PROJECT_MANAGER "$FK" demo-projektledare
mint FUNDER "$SAMSPELET" demo-samspelet
mint ANALYST "$FK" demo-analytiker

print_gateway_usage() {
  cat <<TXT
  gateway        $GATEWAY_ADDR (gRPC)   http://$GATEWAY_HTTP (JSON, Connect protocol)

Demo tokens (12 h), one per role, in .local/tokens/<ROLE>.jwt, e.g.
  TOKEN=\$(cat .local/tokens/CASE_WORKER.jwt)

gRPC (any client; this one needs only node and the contracts in proto/):
  node tools/grpc-call.mjs $GATEWAY_ADDR \\
    collab.organisations.v1.OrganisationService/ListOrganisations '{"pageSize": 5}' --token "\$TOKEN"

JSON over HTTP:
  curl -s -X POST http://$GATEWAY_HTTP/collab.organisations.v1.OrganisationService/ListOrganisations \\
    -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"kind": "ORGANISATION_KIND_COORDINATION_ASSOCIATION"}'

Budget against outcome of the demo project KUPO, as its funder Samspelet sees it:
  node tools/grpc-call.mjs $GATEWAY_ADDR collab.funding.v1.FundingService/GetBudgetStatus \\
    '{"project": "projects/a6000000-0000-4000-8000-000000000001", "asOfDate": {"year": 2017, "month": 1, "day": 31}}' \\
    --token "\$(cat .local/tokens/FUNDER.jwt)"

New tokens: build/bin/collabctl token --key=.local/dev-issuer/dev-key.pem --role=EMPLOYER_HR \\
              --org=$KARLSTAD --sub=anna
TXT
}
