#!/usr/bin/env bash
# A streaming replica (hot standby) of the project's PostgreSQL, for the scale-out layout: the
# DataStore's read_url can point at it (docs/operator/scale-out.md). Made afresh from the primary
# by pg_basebackup at each start; port SHAOXING_PG_REPLICA_PORT (the primary's + 1).
# Usage: replica.sh start|stop
. "$(dirname "$0")/env.sh"
REPLICA=$DEVSTACK/pg-replica
REPLICA_PORT=${SHAOXING_PG_REPLICA_PORT:-$((PG_PORT + 1))}

case "${1:-}" in
  start)
    as_pg "$PG_BIN/pg_ctl" -D "$REPLICA" status >/dev/null 2>&1 && exit 0
    port_busy "$REPLICA_PORT" && die "port $REPLICA_PORT (the replica) is in use; set SHAOXING_PG_REPLICA_PORT"
    rm -rf "$REPLICA"; mkdir -p "$REPLICA"; chmod 700 "$REPLICA"
    [ "$(id -u)" = 0 ] && chown postgres "$REPLICA"
    # -R: the replica's recovery settings (primary_conninfo, standby.signal) written with the copy.
    as_pg "$PG_BIN/pg_basebackup" -h "$PGDATA" -p "$PG_PORT" -U postgres -D "$REPLICA" -R -X stream -c fast \
      >"$LOGS/replica.log" 2>&1 || die "pg_basebackup failed (log: $LOGS/replica.log)"
    as_pg "$PG_BIN/pg_ctl" -D "$REPLICA" -l "$REPLICA/postgres.log" -w -t 60 \
      -o "-p $REPLICA_PORT -k $REPLICA -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200" \
      start >>"$LOGS/replica.log" 2>&1 || die "the replica did not start (log: $REPLICA/postgres.log)"
    say "PostgreSQL replica (hot standby) on port $REPLICA_PORT" ;;
  stop)
    [ -f "$REPLICA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$REPLICA" -m fast -w stop >/dev/null 2>&1
    true ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
