#!/usr/bin/env bash
# Installs what is missing: Debian packages, the Python virtual environment, Solr's jars.
# Each step is skipped when its result is already there, so a second run takes seconds.
# Usage: install.sh [--browser|--nginx]   (--browser adds Chromium for the real-browser tests, and
# nginx for the production layout's tests; --nginx adds nginx alone, for `make serve-prod`)
. "$(dirname "$0")/env.sh"

want_browser=0 want_nginx=0
[ "${1:-}" = --browser ] && want_browser=1 want_nginx=1
[ "${1:-}" = --nginx ] && want_nginx=1

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
[ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
have redis-server || missing+=(redis-server)
have java || missing+=(openjdk-17-jdk-headless)
have mvn || missing+=(maven)
have pg_config || missing+=(libpq-dev)
[ -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 ] || ldconfig -p | grep -q libmagic.so.1 || missing+=(libmagic1)
[ -x /usr/bin/python3 ] || missing+=(python3)
/usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
# psycopg2 (pinned by CKAN) builds from source: it needs Python's headers.
/usr/bin/python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(sysconfig.get_paths()["include"] + "/Python.h"))' \
  || missing+=(python3-dev)
have gcc || missing+=(build-essential)
have curl || missing+=(curl)
[ $want_browser = 1 ] && { have chromium || missing+=(chromium); }
[ $want_browser = 1 ] && { have npm || missing+=(npm); }
# nginx: the production layout's tests (tests/ops/test_nginx.py) and `make serve-prod`.
[ $want_nginx = 1 ] && { [ -x /usr/sbin/nginx ] || missing+=(nginx); }
# Chinese glyphs for the browser tests' screenshots (a headless Debian has no CJK font).
[ $want_browser = 1 ] && { [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei); }
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -q >"$LOGS/apt.log" 2>&1 || die "apt-get update failed (log: $LOGS/apt.log)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    >>"$LOGS/apt.log" 2>&1 || die "could not install ${missing[*]} (log: $LOGS/apt.log)"
fi

# Python: reinstall only when a requirements file or setup.py changed.
stamp=$(cat "$ROOT"/requirements*.txt "$ROOT/setup.py" | sha256sum | cut -c1-16)
if [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "installing Python packages into .venv (log: $LOGS/pip.log)"
  [ -x "$VENV/bin/python" ] || /usr/bin/python3 -m venv "$VENV" >"$LOGS/pip.log" 2>&1 \
    || die "could not create $VENV (log: $LOGS/pip.log)"
  {
    "$VENV/bin/pip" install -q -U pip setuptools wheel &&
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt" &&
    "$VENV/bin/pip" install -q -r "$ROOT/requirements-datastore.txt" &&
    "$VENV/bin/pip" install -q --no-deps -e "$ROOT"
  } >>"$LOGS/pip.log" 2>&1 || die "pip install failed (log: $LOGS/pip.log)"
  echo "$stamp" >"$VENV/.stamp"
fi

# axe-core (the accessibility rules the real-browser tests run, tests/e2e/a11y.py), pinned, from
# npm into the git-ignored tools folder; npm checks the package against its published integrity.
AXE_VERSION=4.14.1
if [ $want_browser = 1 ] && { [ ! -f "$DEVSTACK/tools/node_modules/axe-core/axe.min.js" ] ||
     [ "$(cat "$DEVSTACK/tools/.axe-stamp" 2>/dev/null)" != "$AXE_VERSION" ]; }; then
  say "installing axe-core $AXE_VERSION from npm (log: $LOGS/npm.log)"
  mkdir -p "$DEVSTACK/tools"
  npm install --prefix "$DEVSTACK/tools" --no-save --no-audit --no-fund --ignore-scripts "axe-core@$AXE_VERSION" \
    >"$LOGS/npm.log" 2>&1 || die "could not install axe-core from npm (log: $LOGS/npm.log)"
  echo "$AXE_VERSION" >"$DEVSTACK/tools/.axe-stamp"
fi

# Solr: the genuine server's jars from Maven Central, as a plain classpath.
stamp=$(sha256sum "$ROOT/devstack/solr/pom.xml" | cut -c1-16)
if [ "$(cat "$SOLR_LIB/.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "fetching Apache Solr jars from Maven Central (log: $LOGS/maven.log)"
  rm -rf "$SOLR_LIB"
  mvn -B -q -f "$ROOT/devstack/solr/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$SOLR_LIB" >"$LOGS/maven.log" 2>&1 \
    || die "could not fetch Solr from Maven Central (log: $LOGS/maven.log)"
  echo "$stamp" >"$SOLR_LIB/.stamp"
fi
