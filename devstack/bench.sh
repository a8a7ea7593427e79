#!/usr/bin/env bash
# Runs benchmarks against the project's own services, on a database (`shaoxing_bench`) and
# throwaway Solr cores of their own: never the portal's or the tests' data.
# Usage: bench.sh [NAME [ARGS...]]   NAME is a bench/NAME.py; without NAME, all of them (not the
# shared modules, nor the soak: `make soak` runs it on the portal of `make run`).
. "$(dirname "$0")/env.sh"
"$ROOT/devstack/services.sh" start shaoxing_bench
ckan_env shaoxing_bench
export CKAN_REDIS_URL=${CKAN_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/2}
cd "$ROOT"
if [ -d "$PGDATA" ]; then
  "$VENV/bin/ckan" -c test.ini datastore set-permissions 2>"$LOGS/bench-datastore.log" \
    | psql_super -d shaoxing_bench_datastore >>"$LOGS/bench-datastore.log" 2>&1 \
    || die "DataStore permissions of the bench database failed (log: $LOGS/bench-datastore.log)"
fi
names=${1:-}; [ $# -gt 0 ] && shift
for name in ${names:-$(ls bench/*.py | xargs -n1 basename | sed 's/\.py$//' | grep -vE '^(__init__|corpus|stack|load|faults|soak|soak_report)$')}; do
  say "bench/$name.py"
  "$VENV/bin/python" "bench/$name.py" "$@" 2> >(grep -vE ' INFO |^$' >&2)
done
