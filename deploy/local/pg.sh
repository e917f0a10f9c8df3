#!/usr/bin/env bash
# A private PostgreSQL 15 cluster in a directory, reachable only through a
# Unix socket with trust authentication.
#
#   pg.sh start DIR [--ephemeral]   initdb if needed, start, print conninfo
#   pg.sh stop DIR                  fast stop; fine if not running
#   pg.sh url DIR                   print the admin conninfo if running
#
# --ephemeral trades durability for speed (tests); never use it for data you
# want to keep. Works as a normal user and as root (via the postgres user).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SOCKET_NAME=/.s.PGSQL.00000

die() { echo "pg.sh: $*" >&2; exit 1; }
usage() { die "usage: pg.sh start DIR [--ephemeral] | stop DIR | url DIR"; }

# PostgreSQL refuses to run as root: use the postgres system user then.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

socket_dir() {
  if [[ -f "$DIR/socketdir" ]]; then cat "$DIR/socketdir"; else echo "$DIR"; fi
}

is_running() {
  [[ -f "$DIR/data/postmaster.pid" ]] && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

conninfo() {
  echo "host=$(socket_dir) port=$(cat "$DIR/port") user=postgres dbname=postgres"
}

# As root, the postgres user must be able to reach DIR: every parent needs
# search (x) permission for others. Fail clearly rather than chmod-ing
# directories we do not own.
check_reachable() {
  [[ $(id -u) -eq 0 ]] || return 0
  if ! runuser -u postgres -- test -x "$DIR" -a -w "$DIR"; then
    # Report the topmost directory that blocks the way.
    local d="" part
    local -a parts
    IFS=/ read -ra parts <<<"${DIR#/}"
    for part in "${parts[@]}"; do
      d+="/$part"
      if ! runuser -u postgres -- test -x "$d" 2>/dev/null; then
        die "user postgres cannot reach $DIR (no search permission on $d); use a directory under /tmp or chmod o+x $d"
      fi
    done
    die "user postgres cannot write to $DIR"
  fi
}

port_free() {
  # Bind test on the loopback; the server listens on the socket only, but
  # the port number still names the socket file, so avoid known users of it.
  local port=$1
  [[ ! -e "$(socket_dir)/.s.PGSQL.$port" ]] || return 1
  if command -v python3 >/dev/null; then
    python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
PY
  fi
}

start() {
  local ephemeral=0
  if [[ ${1:-} == --ephemeral ]]; then ephemeral=1; elif [[ -n ${1:-} ]]; then usage; fi
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd -P)
  if is_running; then
    conninfo
    return 0
  fi
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$DIR"; fi
  check_reachable

  # Unix socket paths are limited to 107 bytes; keep long DIRs working.
  if (( ${#DIR} + ${#SOCKET_NAME} > 100 )); then
    if [[ ! -f "$DIR/socketdir" ]]; then
      local s
      s=$(mktemp -d /tmp/pgsock.XXXXXX)
      if [[ $(id -u) -eq 0 ]]; then chown postgres "$s"; fi
      echo "$s" >"$DIR/socketdir"
    fi
  fi
  local sock
  sock=$(socket_dir)
  mkdir -p "$sock"

  if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
    local sync=()
    (( ephemeral )) && sync=(--no-sync)
    as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 \
      --locale=C.UTF-8 "${sync[@]}" >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    # Trust is fine only because nothing but the local socket is reachable.
    cat >"$DIR/data/pg_hba.conf" <<'HBA'
local all all trust
HBA
  fi

  local opts="-k $sock -c listen_addresses=''"
  if (( ephemeral )); then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 20000 ))
    port_free "$port" || continue
    if as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $port $opts" \
        -l "$DIR/log" -w -t 30 start >/dev/null; then
      echo "$port" >"$DIR/port"
      conninfo
      return 0
    fi
  done
  tail -n 20 "$DIR/log" >&2 || true
  die "could not start PostgreSQL in $DIR"
}

stop() {
  [[ -d "$DIR/data" ]] || return 0
  if is_running; then
    as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  fi
  # The short socket directory lives outside DIR: don't leak it.
  if [[ -f "$DIR/socketdir" ]]; then
    rmdir "$(cat "$DIR/socketdir")" 2>/dev/null || true
    rm -f "$DIR/socketdir"
  fi
}

url() {
  is_running || die "no PostgreSQL running in $DIR"
  conninfo
}

[[ $# -ge 2 ]] || usage
cmd=$1
DIR=$2
shift 2
case $cmd in
  start) start "$@" ;;
  stop) [[ $# -eq 0 ]] || usage; stop ;;
  url) [[ $# -eq 0 ]] || usage; url ;;
  *) usage ;;
esac
