#!/usr/bin/env bash
# Runs the test suite against the project's own services, on the test database and Solr core.
. "$(dirname "$0")/env.sh"
ckan_env shaoxing_test
cd "$ROOT"
if [ -d "$PGDATA" ]; then
  "$VENV/bin/ckan" -c test.ini datastore set-permissions 2>"$LOGS/test-datastore.log" \
    | psql_super -d shaoxing_test_datastore >>"$LOGS/test-datastore.log" 2>&1 \
    || die "DataStore permissions of the test database failed (log: $LOGS/test-datastore.log)"
fi
# The test core and Redis database on the project's ports (SHAOXING_SOLR_PORT, SHAOXING_REDIS_PORT),
# unless existing servers are named; CKAN reads these variables over test.ini's values.
export CKAN_SOLR_URL=${CKAN_SOLR_URL:-http://127.0.0.1:$SOLR_PORT/solr/ckan_test}
export CKAN_REDIS_URL=${CKAN_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/1}
# The portal the real-browser tests start (tests/conftest.py) and the links it makes.
export SHAOXING_TEST_PORT=${SHAOXING_TEST_PORT:-15000}
export CKAN_SITE_URL=${CKAN_SITE_URL:-http://localhost:$SHAOXING_TEST_PORT}
exec "$VENV/bin/python" -m pytest --ckan-ini=test.ini -p no:cacheprovider "${@:-tests}"
