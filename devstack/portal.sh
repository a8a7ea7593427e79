#!/usr/bin/env bash
# The CKAN side of the stack: configuration, database and seed, gunicorn and the jobs worker.
# Usage: portal.sh configure|init|start|stop|status
. "$(dirname "$0")/env.sh"
CKAN="$VENV/bin/ckan -c $CKAN_INI"

configure() {
  "$ROOT/devstack/secrets.sh"
  load_secrets
  umask 077
  [ -f "$CKAN_INI" ] || "$VENV/bin/ckan" generate config "$CKAN_INI" >/dev/null
  ckan_env shaoxing
  # Settings are (re)applied on every run, so a changed script updates an existing config.
  "$VENV/bin/ckan" config-tool "$CKAN_INI" \
    "SECRET_KEY=$CKAN_SECRET_KEY" \
    "ckanext.shaoxing.access.key_secret=$ACCESS_KEY_SECRET" \
    "sqlalchemy.url=$CKAN_SQLALCHEMY_URL" \
    "ckan.datastore.write_url=$CKAN_DATASTORE_WRITE_URL" \
    "ckan.datastore.read_url=$CKAN_DATASTORE_READ_URL" \
    "solr_url=${CKAN_SOLR_URL:-http://127.0.0.1:$SOLR_PORT/solr/ckan}" \
    "ckan.redis.url=${CKAN_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/0}" \
    "ckan.site_url=${SHAOXING_SITE_URL:-http://127.0.0.1:$CKAN_PORT}" \
    "ckanext.shaoxing.trusted_proxies=${SHAOXING_TRUSTED_PROXIES:-}" \
    "ckan.site_id=shaoxing" \
    "ckan.site_title=绍兴市公共数据开放平台" \
    "ckan.site_description=绍兴市公共数据开放目录 · Shaoxing public data open catalogue" \
    "ckan.plugins=$CKAN_PLUGINS" \
    "ckan.locale_default=zh_Hans_CN" \
    "ckan.locales_offered=zh_Hans_CN en" \
    "ckan.display_timezone=Asia/Shanghai" \
    "ckan.storage_path=$DEVSTACK/storage" \
    "ckan.auth.create_user_via_web=true" \
    "ckan.auth.public_user_details=false" \
    "scheming.dataset_schemas=ckanext.shaoxing:schemas/dataset.yaml" \
    "scheming.organization_schemas=ckanext.shaoxing:schemas/organization.yaml" \
    "scheming.presets=ckanext.scheming:presets.json" \
    "ckanext.xloader.jobs_db.uri=$CKAN_SQLALCHEMY_URL" \
    "ckanext.xloader.formats=csv xlsx json" \
    "ckanext.xloader.unidecode_headers=false" \
    "ckan.views.default_views=image_view datatables_view shaoxing_map shaoxing_region shaoxing_chart" \
    "ckan.datatables.data_dictionary_labels=true" \
    "ckanext.dcat.rdf.profiles=euro_dcat_ap_3 shaoxing" \
    "ckanext.dcat.structured_data.profiles=schemaorg shaoxing_schemaorg" \
    >"$LOGS/config-tool.log" 2>&1 || die "could not write $CKAN_INI (log: $LOGS/config-tool.log)"
  mkdir -p "$DEVSTACK/storage"
}

# What init writes depends on the code of both plugins, the pinned requirements, the seed and the
# database itself (its cluster's and its own identity). None of them changed since the last
# complete init: the steps that would write the same again are skipped. Empty (a database this
# stack does not run): nothing is skipped.
# digest PATH...: the contents of these files and folders (caches left out) and of what is
# read on standard input, as 16 hex characters. PATHs are relative to the project and may be
# patterns, expanded there (hence unquoted; none holds a space).
digest() {
  # shellcheck disable=SC2048,SC2086
  { (cd "$ROOT" && find $* -type f -not -path "*/__pycache__/*" -not -path "*.egg-info/*" -print0 \
      | sort -z | xargs -0 sha256sum); cat; } | sha256sum | cut -c1-16
}

init_inputs() {
  [ -z "${SHAOXING_EXTERNAL_PG:-}" ] && [ -d "$PGDATA" ] || return 0
  local database
  database=$(psql_super -d shaoxing -c "SELECT system_identifier FROM pg_control_system()" \
                                     -c "SELECT oid FROM pg_database WHERE datname = current_database()") || return 0
  echo "$CKAN_SQLALCHEMY_URL $database" | digest ckanext-shaoxing contest catalog_seed devstack/plugins.txt "requirements*.txt"
}

init() {
  load_secrets
  ckan_env shaoxing
  local inputs unchanged=""
  inputs=$(init_inputs)
  [ -n "$inputs" ] && [ "$(cat "$DEVSTACK/init.stamp" 2>/dev/null)" = "$inputs" ] && unchanged=1
  if [ -n "$unchanged" ]; then
    say "code, seed and database as at the last run: migrations and seeds skipped"
  else
    rm -f "$DEVSTACK/init.stamp"
    $CKAN db upgrade >"$LOGS/db-upgrade.log" 2>&1 || die "database migration failed (log: $LOGS/db-upgrade.log)"
    if [ -z "${SHAOXING_EXTERNAL_PG:-}" ] && [ -d "$PGDATA" ]; then
      $CKAN datastore set-permissions 2>"$LOGS/datastore.log" | psql_super -d shaoxing_datastore \
        >>"$LOGS/datastore.log" 2>&1 || die "DataStore permissions failed (log: $LOGS/datastore.log)"
    fi
    # The seed reloads only when catalog_seed/ changed since the last load.
    local stamp; stamp=$(digest catalog_seed </dev/null)
    if [ "$(cat "$DEVSTACK/seed.stamp" 2>/dev/null)" != "$stamp" ]; then
      say "loading the seed catalogue (log: $LOGS/seed.log)"
      DEMO_SYSADMIN_PASSWORD=$DEMO_SYSADMIN_PASSWORD DEMO_EDITOR_PASSWORD=$DEMO_EDITOR_PASSWORD \
      DEMO_USER_PASSWORD=$DEMO_USER_PASSWORD \
        $CKAN shaoxing seed --departments "$ROOT/catalog_seed/departments.csv" >"$LOGS/seed.log" 2>&1 \
        || die "seeding failed (log: $LOGS/seed.log)"
      # The seed is the demo portal's source: resources a changed seed no longer names go (listed in the log).
      $CKAN shaoxing catalog import --allow-resource-removal "$ROOT/catalog_seed/catalog.xlsx" >>"$LOGS/seed.log" 2>&1 \
        || die "importing the seed catalogue failed (log: $LOGS/seed.log)"
      echo "$stamp" >"$DEVSTACK/seed.stamp"
    fi
    $CKAN shaoxing-contest seed >>"$LOGS/seed.log" 2>&1 || die "seeding the contests failed (log: $LOGS/seed.log)"
    # The search's initial synonym list, into an empty list only (the bureau's edits stay).
    $CKAN shaoxing synonyms import --if-empty >>"$LOGS/seed.log" 2>&1 \
      || die "loading the synonym list failed (log: $LOGS/seed.log)"
    # The demo company with one grant (idempotent; after the catalogue, whose entry it is granted).
    DEMO_COMPANY_PASSWORD=$DEMO_COMPANY_PASSWORD $CKAN shaoxing access demo >>"$LOGS/seed.log" 2>&1 \
      || die "seeding the demo company failed (log: $LOGS/seed.log)"
    # Demo data requests and an error report in different states (idempotent), with the holiday calendar.
    $CKAN shaoxing feedback demo >>"$LOGS/seed.log" 2>&1 || die "seeding the demo requests failed (log: $LOGS/seed.log)"
  fi
  # No ckanext.xloader.api_token: loads read uploads from the storage and links through the
  # outbound module, never with a credential (docs/security/fetch.md).
  # Every seed table into the DataStore before the portal opens (parallel, checked loads);
  # what is already loaded, or failed with a recorded reason, is not loaded again. Run every
  # time: it takes up again the loads a stopped worker left.
  $CKAN shaoxing datastore load-all --missing >>"$LOGS/datastore.log" 2>&1 \
    || die "loading the DataStore failed (log: $LOGS/datastore.log)"
  say "DataStore: $(tail -1 "$LOGS/datastore.log")"
  # The seed's faulty entries, then the quality checks of what was never checked (cron runs
  # `ckan shaoxing quality run-all` nightly; see docs/operator/index.md).
  if [ -z "$unchanged" ]; then
    $CKAN shaoxing seed-faults "$ROOT/catalog_seed/faults" >>"$LOGS/seed.log" 2>&1 \
      || die "loading the faulty seed entries failed (log: $LOGS/seed.log)"
  fi
  $CKAN shaoxing quality run-all --missing >"$LOGS/quality.log" 2>&1 \
    || die "the quality checks failed (log: $LOGS/quality.log)"
  say "quality: $(tail -1 "$LOGS/quality.log")"
  [ -z "$inputs" ] || echo "$inputs" >"$DEVSTACK/init.stamp"
}

start() {
  ckan_env shaoxing
  if ! pid_alive "$DEVSTACK/gunicorn.pid"; then
    port_busy "$CKAN_PORT" && die "port $CKAN_PORT (portal) is already in use by another program; set SHAOXING_CKAN_PORT"
    CKAN_INI=$CKAN_INI "$VENV/bin/gunicorn" --config "$ROOT/devstack/gunicorn.conf.py" --chdir "$ROOT/devstack" wsgi:application \
      --workers "$CKAN_WORKERS" --bind "127.0.0.1:$CKAN_PORT" --timeout 120 --daemon --capture-output \
      --pid "$DEVSTACK/gunicorn.pid" --control-socket "$DEVSTACK/gunicorn.ctl" \
      --access-logfile "$LOGS/access.log" --error-logfile "$LOGS/ckan.log" \
      || die "gunicorn did not start (log: $LOGS/ckan.log)"
  fi
  if ! pid_alive "$DEVSTACK/worker.pid"; then
    # Loads a killed worker left running, or a jobs-queue outage left unqueued, are queued again.
    $CKAN shaoxing datastore resume >"$LOGS/worker.log" 2>&1 || die "resuming the DataStore loads failed (log: $LOGS/worker.log)"
    # Supervised as systemd's Restart=always would: rq's worker exits when it loses Redis, and
    # comes back (resuming first) once Redis answers again. Its own process group: stop ends both.
    setsid bash -c 'while :; do "$@" jobs worker; sleep 5; "$@" shaoxing datastore resume; done' worker $CKAN \
      >>"$LOGS/worker.log" 2>&1 &
    echo $! >"$DEVSTACK/worker.pid"
  fi
  # Requests' and reports' deadlines: reminders on the due day, escalation when overdue, every
  # ckanext.shaoxing.feedback.remind_interval seconds (cron runs `ckan shaoxing feedback remind` in production).
  if ! pid_alive "$DEVSTACK/reminder.pid"; then
    setsid $CKAN shaoxing feedback remind --loop >"$LOGS/reminder.log" 2>&1 &
    echo $! >"$DEVSTACK/reminder.pid"
  fi
  # Usage counters: Redis → PostgreSQL every ckanext.shaoxing.usage.flush_interval seconds.
  if ! pid_alive "$DEVSTACK/flusher.pid"; then
    setsid $CKAN shaoxing usage flush --loop >"$LOGS/flusher.log" 2>&1 &
    echo $! >"$DEVSTACK/flusher.pid"
  fi
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$CKAN_PORT/api/3/action/status_show" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  stop
  die "the portal did not answer on port $CKAN_PORT (log: $LOGS/ckan.log)"
}

stop() {
  local f pid pids=()
  # All three are told to stop first, then awaited: each takes seconds to leave.
  for f in gunicorn worker flusher reminder; do
    pid_alive "$DEVSTACK/$f.pid" || continue
    # The worker and the flusher lead their own process group (setsid): the group is told.
    pid=$(cat "$DEVSTACK/$f.pid"); kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 40); do kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  done
  for f in gunicorn worker flusher reminder; do rm -f "$DEVSTACK/$f.pid"; done
}

case "${1:-}" in
  configure) configure ;;
  init) init ;;
  start) start ;;
  stop) stop ;;
  status) pid_alive "$DEVSTACK/gunicorn.pid" && echo "portal: running on http://127.0.0.1:$CKAN_PORT" || echo "portal: stopped" ;;
  *) die "usage: portal.sh configure|init|start|stop|status" ;;
esac
