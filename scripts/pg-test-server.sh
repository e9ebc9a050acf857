#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests (Debian's postgresql package): a fresh cluster in a temp dir on a free
# port, tuned for speed over durability. Prints its URL on stdout; the cluster's dir goes to stderr.
#   URL=$(scripts/pg-test-server.sh)                 # start
#   KEYBS_TEST_DATABASE_URL=$URL npx vitest run core/test/postgres core/test/api
#   scripts/pg-test-server.sh stop "$DIR"            # stop and delete (DIR as printed at start)
#   scripts/pg-test-server.sh pause "$DIR"           # shut the server down (fast), keeping its data
#   scripts/pg-test-server.sh resume "$DIR"          # start it again on the same port
set -euo pipefail

bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/initdb" ] || { echo "no PostgreSQL found: apt-get install -y postgresql (or set PG_BIN)" >&2; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = stop ]; then
  dir=${2:?usage: pg-test-server.sh stop DIR}
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if [ "${1:-start}" = pause ]; then
  as_owner "$bin/pg_ctl" -D "${2:?usage: pg-test-server.sh pause DIR}/data" -m fast -w stop >/dev/null
  exit 0
fi

if [ "${1:-start}" = resume ]; then
  dir=${2:?usage: pg-test-server.sh resume DIR}
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$(cat "$dir/options")" start >/dev/null
  exit 0
fi

dir=$(mktemp -d /tmp/keybs-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
port=${PG_PORT:-$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}

as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
# Tests trade durability for speed; PG_DURABLE=1 (benchmarks) keeps fsync and full pages, and commits without
# waiting for the WAL flush, as SQLite's synchronous=NORMAL does: safe against a crash of the server process.
if [ "${PG_DURABLE:-0}" = 1 ]; then
  tuning="-c synchronous_commit=off -c shared_buffers=256MB"
else
  tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
echo "-p $port -k $dir -c listen_addresses=127.0.0.1 $tuning -c max_connections=300" >"$dir/options"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$(cat "$dir/options")" start >/dev/null

echo "$dir" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
