# Shared settings of the development stack; sourced by every devstack script.
# Ports are not the services' defaults so that the stack never collides with system services.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEVSTACK=${SHAOXING_DEVSTACK:-$ROOT/.devstack}
VENV=$ROOT/.venv
LOGS=$DEVSTACK/logs
# Exported: the tests that stop a service tell the project's own servers by these ports.
export SHAOXING_PG_PORT=${SHAOXING_PG_PORT:-15432} SHAOXING_REDIS_PORT=${SHAOXING_REDIS_PORT:-16379} \
       SHAOXING_SOLR_PORT=${SHAOXING_SOLR_PORT:-18983}
PG_PORT=$SHAOXING_PG_PORT
REDIS_PORT=$SHAOXING_REDIS_PORT
SOLR_PORT=$SHAOXING_SOLR_PORT
CKAN_PORT=${SHAOXING_CKAN_PORT:-5000}
CKAN_WORKERS=${SHAOXING_CKAN_WORKERS:-3}
PG_BIN=${SHAOXING_PG_BIN:-/usr/lib/postgresql/15/bin}
PGDATA=$DEVSTACK/pg
# The cluster may live elsewhere behind a link (see services.sh): PostgreSQL gets the real path.
[ -L "$PGDATA" ] && PGDATA=$(readlink -f "$PGDATA")
SOLR_HOME=$DEVSTACK/solr
SOLR_LIB=$DEVSTACK/solr-lib
SECRETS=$DEVSTACK/secrets.env
CKAN_INI=$DEVSTACK/ckan.ini
mkdir -p "$LOGS"
# The one list of CKAN plugins (devstack/plugins.txt): the portal's ckan.ini is written with it
# (portal.sh) and test.ini reads it from this variable (CKAN's config loader offers every
# CKAN_* variable to the ini for interpolation); the tests read the file (tests/conftest.py).
export CKAN_PLUGINS
CKAN_PLUGINS=$(cat "$ROOT/devstack/plugins.txt")

say() { printf '%s\n' "==> $*"; }
# One clear line, then stop: callers never leave a traceback wall.
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# PostgreSQL refuses to run as root: as root the cluster belongs to Debian's `postgres` user.
pg_owner() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_super() { as_pg "$PG_BIN/psql" -h "$PGDATA" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

load_secrets() { [ -f "$SECRETS" ] && . "$SECRETS"; return 0; }

# Environment variables CKAN reads itself; set before calling devstack scripts to use existing
# servers instead of the project's own.
ckan_env() {
  load_secrets
  local db=$1
  export CKAN_SQLALCHEMY_URL=${CKAN_SQLALCHEMY_URL:-postgresql://ckan_default:${PG_CKAN_PASSWORD}@127.0.0.1:$PG_PORT/$db}
  export CKAN_DATASTORE_WRITE_URL=${CKAN_DATASTORE_WRITE_URL:-postgresql://ckan_default:${PG_CKAN_PASSWORD}@127.0.0.1:$PG_PORT/${db}_datastore}
  export CKAN_DATASTORE_READ_URL=${CKAN_DATASTORE_READ_URL:-postgresql://datastore_default:${PG_DATASTORE_PASSWORD}@127.0.0.1:$PG_PORT/${db}_datastore}
}

# The test profile (make test, make test-install): the test database, the test Solr core and
# Redis db 1 on the project's ports (SHAOXING_*_PORT) unless existing servers are named, and the
# portal the real-browser tests start. CKAN reads these variables over test.ini's values.
ckan_test_env() {
  ckan_env shaoxing_test
  export CKAN_SOLR_URL=${CKAN_SOLR_URL:-http://127.0.0.1:$SOLR_PORT/solr/ckan_test}
  export CKAN_REDIS_URL=${CKAN_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/1}
  export SHAOXING_TEST_PORT=${SHAOXING_TEST_PORT:-15000}
  export CKAN_SITE_URL=${CKAN_SITE_URL:-http://localhost:$SHAOXING_TEST_PORT}
}
