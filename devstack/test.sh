#!/usr/bin/env bash
# Runs the test suite against the project's own services, on the test database and Solr core.
. "$(dirname "$0")/env.sh"
ckan_test_env
cd "$ROOT"
if [ -d "$PGDATA" ]; then
  "$VENV/bin/ckan" -c test.ini datastore set-permissions 2>"$LOGS/test-datastore.log" \
    | psql_super -d shaoxing_test_datastore >>"$LOGS/test-datastore.log" 2>&1 \
    || die "DataStore permissions of the test database failed (log: $LOGS/test-datastore.log)"
fi
exec "$VENV/bin/python" -m pytest --ckan-ini=test.ini -p no:cacheprovider "${@:-tests}"
