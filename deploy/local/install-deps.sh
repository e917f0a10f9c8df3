#!/usr/bin/env bash
# Installs the Debian packages the suite builds and runs with, only those that are missing, so a
# second call installs nothing (the package list is the verified recipe in ../shared/toolchain.md).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libpqxx-dev libpq-dev postgresql postgresql-client libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev libspdlog-dev libcpp-httplib-dev nlohmann-json3-dev grpc-proto libgoogle-perftools-dev
  nodejs npm curl openssl
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node may come from outside Debian (the machine image ships Node 20 and npm); accept it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing missing Debian packages: ${missing[*]}" >&2
SUDO=
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
