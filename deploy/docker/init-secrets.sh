#!/usr/bin/env bash
# Makes the files compose.yaml mounts as secrets, once (existing files are kept):
# internal key, PostgreSQL passwords, and a JWKS (+ dev-key.pem to mint tokens with
# `collabctl token --key=deploy/docker/secrets/dev-key.pem ...`).
set -euo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets
ROOT=$(cd "$DIR/../../.." && pwd)
BIN=${COLLAB_BIN_DIR:-$ROOT/build/bin}
mkdir -p "$DIR" && chmod 0700 "$DIR"
# 0644 files inside a 0700 directory: private on the host, readable by the containers' user.
for f in internal.key postgres-password db-role-password; do
  [[ -s $DIR/$f ]] || (umask 022 && openssl rand -hex 32 >"$DIR/$f")
done
if [[ ! -s $DIR/jwks.json ]]; then
  if [[ -x $BIN/collabctl ]]; then
    "$BIN/collabctl" keygen --out_dir="$DIR" >/dev/null
    chmod 0644 "$DIR/jwks.json"
  else
    echo "no $BIN/collabctl: build it (make build), or after 'docker compose build' run:" >&2
    echo "  docker run --rm -u $(id -u) -v $DIR:/out collab:dev collabctl keygen --out_dir=/out" >&2
    exit 1
  fi
fi
echo "secrets ready in $DIR"
