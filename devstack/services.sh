#!/usr/bin/env bash
# Starts/stops the project's own PostgreSQL cluster, Redis and Apache Solr, all on loopback.
# Usage: services.sh start|stop|status, or services.sh stop-one|start-one pg|redis|solr (one
# service alone: the fault drills and tests/degrade stop one and start it again).
# A service whose URL is given in CKAN_SQLALCHEMY_URL / CKAN_REDIS_URL / CKAN_SOLR_URL is an
# existing server the user points at: it is neither started nor stopped here.
. "$(dirname "$0")/env.sh"

# ---------------------------------------------------------------- PostgreSQL
pg_prepare_dir() {
  [ -e "$PGDATA" ] && return 0
  local owner; owner=$(pg_owner)
  if [ "$(id -u)" = 0 ] && ! runuser -u "$owner" -- test -x "$DEVSTACK"; then
    # The checkout sits where `postgres` cannot reach (e.g. under /root): keep the cluster in
    # postgres's home and link it, so the data still appears under .devstack/.
    local real=/var/lib/postgresql/shaoxing/$(printf %s "$DEVSTACK" | sha256sum | cut -c1-12)
    mkdir -p "$real"; chown "$owner" "$real" /var/lib/postgresql/shaoxing; chmod 700 "$real"
    ln -s "$real" "$PGDATA"
    PGDATA=$real
  else
    mkdir -p "$PGDATA"; chown "$owner" "$PGDATA"; chmod 700 "$PGDATA"
  fi
}

pg_start() {
  [ -n "${CKAN_SQLALCHEMY_URL:-}" ] && return 0
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then return 0; fi
  port_busy "$PG_PORT" && die "port $PG_PORT (PostgreSQL) is already in use by another program; set SHAOXING_PG_PORT"
  pg_prepare_dir
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "creating the PostgreSQL cluster in $PGDATA"
    # The socket lives inside the cluster directory (mode 700), so `trust` there reaches only its owner.
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 \
      || die "initdb failed (log: $LOGS/initdb.log)"
  fi
  STARTED+=(pg)   # from here on a failure must stop it, even half-started
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null 2>&1 \
    || die "PostgreSQL did not start (log: $PGDATA/postgres.log)"
  ln -sf "$PGDATA/postgres.log" "$LOGS/postgres.log"
}

pg_stop() {
  [ -n "${CKAN_SQLALCHEMY_URL:-}" ] && return 0
  [ -f "$PGDATA/postmaster.pid" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
}

# Roles and databases of a profile (`shaoxing` for make run, `shaoxing_test` for make test).
pg_ensure_db() {
  [ -n "${CKAN_SQLALCHEMY_URL:-}" ] && return 0
  local db=$1; load_secrets
  psql_super -d postgres <<SQL
SELECT 'CREATE ROLE ckan_default LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='ckan_default')\gexec
SELECT 'CREATE ROLE datastore_default LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='datastore_default')\gexec
ALTER ROLE ckan_default PASSWORD '$PG_CKAN_PASSWORD';
ALTER ROLE datastore_default PASSWORD '$PG_DATASTORE_PASSWORD';
SELECT 'CREATE DATABASE $db OWNER ckan_default' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='$db')\gexec
SELECT 'CREATE DATABASE ${db}_datastore OWNER ckan_default' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='${db}_datastore')\gexec
SQL
  # The trigram index of the DataStore's Chinese q (interfaces/chinese_q.py); PostgreSQL ships it.
  psql_super -d "${db}_datastore" -c "SET client_min_messages TO warning" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"
}

# ---------------------------------------------------------------- Redis
redis_start() {
  [ -n "${CKAN_REDIS_URL:-}" ] && return 0
  pid_alive "$DEVSTACK/redis.pid" && return 0
  port_busy "$REDIS_PORT" && die "port $REDIS_PORT (Redis) is already in use by another program; set SHAOXING_REDIS_PORT"
  mkdir -p "$DEVSTACK/redis"
  # Append-only file, fsync each second: counters survive a restart of Redis.
  STARTED+=(redis)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$DEVSTACK/redis" \
    --pidfile "$DEVSTACK/redis.pid" --logfile "$LOGS/redis.log" --appendonly yes \
    --appendfsync everysec --save "" >/dev/null || die "Redis did not start (log: $LOGS/redis.log)"
  # PONG, not just an answer: while it loads its append-only file Redis answers LOADING errors.
  for _ in $(seq 300); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done
  die "Redis did not answer on port $REDIS_PORT (log: $LOGS/redis.log)"
}

redis_stop() {
  [ -n "${CKAN_REDIS_URL:-}" ] && return 0
  pid_alive "$DEVSTACK/redis.pid" && redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  rm -f "$DEVSTACK/redis.pid"
}

# ---------------------------------------------------------------- Solr
solr_cores() {
  # One JVM, two cores: `ckan` (make run) and `ckan_test` (make test) never share an index.
  for core in ckan ckan_test; do
    "$VENV/bin/python" "$ROOT/devstack/solr/make_core.py" "$SOLR_HOME" "$core"
  done
}

solr_ready() {
  local core
  for core in ckan ckan_test; do
    curl -sf "http://127.0.0.1:$SOLR_PORT/solr/$core/admin/ping?wt=json" 2>/dev/null | grep -q '"OK"' || return 1
  done
}

solr_start() {
  [ -n "${CKAN_SOLR_URL:-}" ] && return 0
  if pid_alive "$DEVSTACK/solr.pid"; then solr_ready && return 0; fi
  port_busy "$SOLR_PORT" && die "port $SOLR_PORT (Solr) is already in use by another program; set SHAOXING_SOLR_PORT"
  solr_cores
  mkdir -p "$LOGS/solr"
  STARTED+=(solr)
  ( cd "$SOLR_HOME" && exec env -u ZK_HOST -u SOLR_HOME -u SOLR_PORT setsid java -Xms256m -Xmx512m \
      -Dlog4j2.configurationFile="$ROOT/devstack/solr/conf/log4j2.xml" -Dsolr.log.dir="$LOGS/solr" \
      -cp "$SOLR_LIB/*" "$ROOT/devstack/solr/RunSolr.java" "$SOLR_HOME" "$SOLR_PORT" \
      >"$LOGS/solr/console.log" 2>&1 ) &
  echo $! >"$DEVSTACK/solr.pid"
  for _ in $(seq 120); do
    solr_ready && return 0
    pid_alive "$DEVSTACK/solr.pid" || break
    if curl -sf "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=STATUS&wt=json" 2>/dev/null \
        | grep -q '"initFailures":{"'; then break; fi
    sleep 0.5
  done
  solr_stop
  die "Solr did not load its cores (log: $LOGS/solr/solr.log)"
}

solr_stop() {
  [ -n "${CKAN_SOLR_URL:-}" ] && return 0
  if pid_alive "$DEVSTACK/solr.pid"; then
    local pid; pid=$(cat "$DEVSTACK/solr.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$DEVSTACK/solr.pid"
}

# ---------------------------------------------------------------- entry
# Services this call started (not those already running): the only ones a failure stops.
STARTED=()
stop_started() {
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do "${STARTED[i]}_stop"; done
}

case "${1:-}" in
  start)
    "$ROOT/devstack/secrets.sh"
    # Whatever fails, leave no half-started stack behind.
    trap 'rc=$?; [ $rc = 0 ] || stop_started' EXIT
    pg_start; redis_start; solr_start
    for db in ${2:-shaoxing shaoxing_test shaoxing_drill}; do pg_ensure_db "$db"; done ;;
  stop) solr_stop; redis_stop; pg_stop ;;
  status)
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && echo "postgresql: running on $PG_PORT" || echo "postgresql: stopped"
    pid_alive "$DEVSTACK/redis.pid" && echo "redis: running on $REDIS_PORT" || echo "redis: stopped"
    solr_ready && echo "solr: running on $SOLR_PORT" || echo "solr: stopped" ;;
  stop-one|start-one)
    case "${2:-}" in pg|redis|solr) ;; *) die "usage: services.sh $1 pg|redis|solr" ;; esac
    "${2}_${1%-one}" ;;
  *) die "usage: services.sh start|stop|status|stop-one NAME|start-one NAME" ;;
esac
