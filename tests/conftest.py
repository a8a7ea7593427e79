"""Fixtures shared by every suite. Tests talk to the real PostgreSQL, Solr and Redis that
`make test` starts (test database `shaoxing_test`, Solr core `ckan_test`, Redis db 1)."""
from __future__ import annotations

import copy
import os
import pathlib
import socket

import pytest

from tests import snapshot

pytest_plugins = ["tests.timing"]

ROOT = pathlib.Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("SHAOXING_TEST_PORT", "15000"))

# The portal's plugins. test.ini reads them from CKAN_PLUGINS (exported by devstack/env.sh);
# set here too for a pytest started by hand (this module loads before the session reads test.ini).
PLUGINS = " ".join((ROOT / "devstack" / "plugins.txt").read_text(encoding="utf-8").split())
os.environ.setdefault("CKAN_PLUGINS", PLUGINS)


CHROMIUM = os.environ.get("SHAOXING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One real Chromium for the whole session (Debian's: Playwright's own download cannot work
    here). Defined once, here: a second session fixture would start a second Playwright, which
    its sync API refuses inside the first one's event loop."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# ---- The database, plugins and test app: built once, reset cheaply ------------------------------
# Rebuilding these per test cost about two seconds a test (alembic for two plugins, every plugin's
# update_config, a new Flask app). The schema is migrated once a session; a test's clean_db empties
# the tables; plugins are loaded again, and the app built again, only when the configuration they
# are built from differs from the last build (a ckan_config mark, an extra plugin).

@pytest.fixture(scope="session")
def _schema(reset_db, migrate_db_for):
    """Core tables and both plugins' migrations, once; then the FK-ordered list of tables to empty."""
    import ckan.plugins
    import sqlalchemy as sa
    from ckan.model import meta
    ckan.plugins.load_all()     # a plugin's migrations are found through the loaded plugin
    reset_db()
    snapshot.forget_all()
    migrate_db_for("activity")
    migrate_db_for("shaoxing")
    migrate_db_for("shaoxing_contest")
    reflected = sa.MetaData()
    reflected.reflect(meta.engine)
    # The alembic version tables say what is migrated; the audit trail is append-only (its trigger
    # allows one kind of reset, erase_for_test_reset).
    keep = {"shaoxing_audit"}
    return [t.name for t in reversed(reflected.sorted_tables)
            if not t.name.endswith("alembic_version") and t.name not in keep]


def _empty_tables(tables: list[str]) -> None:
    import sqlalchemy as sa
    from ckan import model
    from sqlalchemy.orm import close_all_sessions
    close_all_sessions()
    model.Session.remove()
    # DELETE in foreign-key order: TRUNCATE of fifty tables costs ten times more on tables this small.
    with model.meta.engine.begin() as conn:
        for name in tables:
            conn.execute(sa.text(f'DELETE FROM "{name}"'))


@pytest.fixture
def clean_db(_schema):
    """An empty database (schema kept), our Redis keys (pending counters, cached figures) gone and
    no queued jobs. Replaces CKAN's clean_db, which drops data and re-runs migrations."""
    _reset(_schema)


# The portal's keys, and its rate limits' and quotas' counters (the `limits` library's prefix):
# a world's company and entry keep their ids from test to test, so their counters must go too.
REDIS_KEYS = ("shaoxing:*", "LIMITS:LIMITER/shaoxing:*")


def _reset(tables: list[str]) -> None:
    from ckan.lib.jobs import get_queue
    from ckan.lib.redis import connect_to_redis
    from ckan.tests import factories as ckan_factories

    from ckanext.shaoxing.audit.model import erase_for_test_reset
    _empty_tables(tables)
    erase_for_test_reset()
    ckan_factories.fake.unique.clear()
    redis = connect_to_redis()
    for pattern in REDIS_KEYS:
        for key in redis.scan_iter(pattern):
            redis.delete(key)
    get_queue().empty()


@pytest.fixture
def clean_index(request, reset_index):
    """An empty search index; for a test with a world (`worlds`), one holding the world's datasets
    alone, which the world's restore sees to."""
    if "worlds" not in request.fixturenames:
        reset_index()


@pytest.fixture
def worlds(_schema, clean_db, with_plugins):
    """`worlds(name, build)`: the world `build()` makes, built at its first use and restored from a
    copy for every later test (tests/snapshot.py): a world costs seconds to build, a restore a
    fraction of one."""
    return snapshot.Worlds(lambda: _reset(_schema), _schema, REDIS_KEYS)


class _Built:
    """What was built from which configuration: `before` is the configuration the build started
    from, `changes` what the build wrote into it (plugins' update_config, make_app)."""

    def __init__(self):
        self.before: dict | None = None
        self.changes: dict = {}
        self.value = None

    def matches(self) -> bool:
        from ckan.common import config
        return self.before is not None and self.before == dict(config)

    def record(self, before: dict, value=None) -> None:
        from ckan.common import config
        self.before, self.value = before, value
        self.changes = {k: v for k, v in dict(config).items() if before.get(k, _Built) != v}

    def restore(self) -> None:
        from ckan.common import config
        config.update(copy.deepcopy(self.changes))


_PLUGINS_BUILT = _Built()
_APP_BUILT = _Built()


@pytest.fixture
def with_plugins(ckan_config, monkeypatch, request):
    """CKAN's with_plugins (the ckan.plugins option plus `with_plugins` marks' names), loading the
    plugins again only when the configuration differs from the last load. Plugins stay loaded
    after the test: the next one most likely needs the same."""
    import ckan.plugins

    names = [n for mark in request.node.iter_markers("with_plugins") for n in mark.args]
    assert all(isinstance(n, str) for n in names), "with_plugins marks take plugin names here"
    current = ckan_config["ckan.plugins"]
    current = current.split() if isinstance(current, str) else list(current)
    monkeypatch.setitem(ckan_config, "ckan.plugins", current + names)
    if _PLUGINS_BUILT.matches():
        _PLUGINS_BUILT.restore()
    else:
        before = copy.deepcopy(dict(ckan_config))
        ckan.plugins.load_all()
        _PLUGINS_BUILT.record(before)
        _APP_BUILT.before = None      # the app's blueprints and middleware come from the plugins
    yield


@pytest.fixture
def app(make_app):
    """A test client of its own (no cookies of another test) around a Flask app built again only
    when the configuration differs from the last build."""
    from ckan.common import config
    from ckan.tests.helpers import CKANTestApp
    if _APP_BUILT.matches():
        _APP_BUILT.restore()
    else:
        before = copy.deepcopy(dict(config))
        _APP_BUILT.record(before, make_app().app)
    return CKANTestApp(_APP_BUILT.value)


def pytest_collection_modifyitems(items):
    # Tests that restart the whole stack (make stop && make run) go last.
    items.sort(key=lambda item: item.get_closest_marker("restarts_stack") is not None)


def pytest_configure(config):
    config.addinivalue_line("markers", "restarts_stack: stops and restarts the services; runs last")


@pytest.fixture(scope="session")
def portal():
    """Base URL of a real portal: gunicorn with 2 worker processes serving test.ini."""
    from devstack.serve import gunicorn
    try:
        with gunicorn(PORT, ROOT / "test.ini", ROOT / ".devstack/logs/e2e-portal.log", host="localhost") as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))


# The second real portal: the limits the tests of limits need, which the journeys on `portal` must
# not meet. One portal for all of them (each start costs a CKAN load); none of these options
# touches what another of its tests does (idle sessions and logins, anonymous and per-account data
# reads, app keys).
LIMITS = {
    # tests/security/test_login.py: sessions end after 4 idle seconds; short lockout windows.
    "ckanext.shaoxing.security.idle_timeout": "4",
    "ckanext.shaoxing.security.login_account_limits": "3/6 seconds",
    "ckanext.shaoxing.security.login_address_limits": "6/6 seconds",
    # tests/security/test_rate_limits.py: per-second limits, and 127.0.0.1 is a trusted proxy (a
    # client connecting from 127.0.0.2 is a direct, untrusted peer).
    "ckanext.shaoxing.access.anonymous_per_second": "2",
    "ckanext.shaoxing.access.user_per_second": "3",
    "ckanext.shaoxing.trusted_proxies": "127.0.0.1 10.0.0.0/8",
    # tests/access/test_concurrency.py: eight clients share one key; the test is about the day.
    "ckanext.shaoxing.access.key_per_second": "0",
}


@pytest.fixture(scope="session")
def limits_portal(tmp_path_factory):
    """Base URL of the second real portal (gunicorn, 2 worker processes): test.ini with LIMITS."""
    from devstack.serve import gunicorn
    ini = tmp_path_factory.mktemp("limits") / "limits.ini"
    # A copy of test.ini (gunicorn's worker reads its logging sections too); its own lines for
    # these options give way.
    text = (ROOT / "test.ini").read_text(encoding="utf-8").replace("%(here)s", str(ROOT))
    text = "".join(line for line in text.splitlines(keepends=True) if line.split("=")[0].strip() not in LIMITS)
    ini.write_text(text.replace("[app:main]\n", "[app:main]\n" + "".join(f"{k} = {v}\n" for k, v in LIMITS.items()), 1),
                   encoding="utf-8")
    # A port free now, not a fixed one: the fixed ports near SHAOXING_TEST_PORT can lie in the
    # range outgoing connections take their local ports from, and one of them held the port.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        with gunicorn(port, ini, ROOT / ".devstack/logs/limits-portal.log", host="localhost") as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))
