#!/usr/bin/env bash
# `pip install .` (not editable) must give working plugins: install into a separate virtual
# environment and use the plugins from there against the test database and Solr core.
. "$(dirname "$0")/env.sh"
ckan_test_env
CHECK=$DEVSTACK/install-check
rm -rf "$CHECK/build"; mkdir -p "$CHECK"
[ -x "$CHECK/venv/bin/python" ] || /usr/bin/python3 -m venv "$CHECK/venv"
{
  "$CHECK/venv/bin/pip" install -q -r "$ROOT/requirements.txt" &&
  "$CHECK/venv/bin/pip" install -q -r "$ROOT/requirements-datastore.txt" &&
  "$CHECK/venv/bin/pip" install -q --force-reinstall --no-deps "$ROOT"
} >"$LOGS/install-check.log" 2>&1 || die "pip install . failed (log: $LOGS/install-check.log)"
cd "$CHECK"   # away from the source tree, so nothing is imported from it
for plugin in shaoxing shaoxing_contest; do
  "$CHECK/venv/bin/ckan" -c "$ROOT/test.ini" db upgrade -p "$plugin" >>"$LOGS/install-check.log" 2>&1 \
    || die "migrations of the installed $plugin plugin failed (log: $LOGS/install-check.log)"
done
"$CHECK/venv/bin/python" "$ROOT/devstack/check_install.py" "$ROOT/test.ini"
