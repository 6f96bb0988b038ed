#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the database tests and prints its URL.
#   scripts/test-postgres.sh start [DIR] [PORT]   → prints postgresql://modelgate:modelgate@127.0.0.1:PORT/postgres
#   scripts/test-postgres.sh stop  [DIR]
# Uses Debian's postgresql packages (apt-get install postgresql). As root, the server runs as user postgres.
set -euo pipefail
cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/modelgate-test-pg}
port=${3:-54329}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; fi
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      pwfile=$(mktemp); echo modelgate > "$pwfile"; [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
      run "$bindir/initdb" -D "$dir" -U modelgate --pwfile="$pwfile" -A scram-sha-256 >/dev/null
      rm -f "$pwfile"
    fi
    if ! run "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $port -h 127.0.0.1 -k $dir -c fsync=off -c max_connections=200" start >/dev/null
    fi
    echo "postgresql://modelgate:modelgate@127.0.0.1:$port/postgres"
    ;;
  stop)
    run "$bindir/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
