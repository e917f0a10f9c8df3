#!/usr/bin/env bash
# Static checks of the deployment files (no cluster, no container engine, offline):
# renders k8s/base and every k8s/overlays/* with `kubectl kustomize` (any error fails), then
# tools/check_deploy.mjs validates the objects against the Kubernetes schemas and checks
# hardening, wiring, network policies, and deploy/docker (Dockerfile + compose.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kubectl >/dev/null || { echo "check_deploy: kubectl (with kustomize) is required" >&2; exit 1; }
# Pinned validators from package-lock.json, installed only when missing (like tools/lint.sh).
if [[ ! -d node_modules/kubernetes-models || ! -d node_modules/yaml ]]; then
  npm ci --no-audit --no-fund >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for dir in k8s/base k8s/overlays/*/; do
  name=$(basename "$dir")
  if ! kubectl kustomize "$dir" >"$out/$name.yaml" 2>"$out/$name.err"; then
    echo "check_deploy: kubectl kustomize $dir failed:" >&2; cat "$out/$name.err" >&2; exit 1
  fi
done
node tools/check_deploy.mjs "$out"
