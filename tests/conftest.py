"""Fixtures shared by every suite. Tests talk to the real PostgreSQL, Solr and Redis that
`make test` starts (test database `shaoxing_test`, Solr core `ckan_test`, Redis db 1)."""
from __future__ import annotations

import os
import pathlib

import pytest

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


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's clean_db drops every table, ours included, and re-runs only core migrations.
    Our Redis keys (pending counters, cached figures) and queued jobs (of resources now gone) go too.
    The append-only audit trail is emptied the one way its trigger allows a reset."""
    from ckan.lib.jobs import get_queue
    from ckan.lib.redis import connect_to_redis

    from ckanext.shaoxing.audit.model import erase_for_test_reset
    reset_db()
    migrate_db_for("shaoxing")
    migrate_db_for("shaoxing_contest")
    erase_for_test_reset()
    redis = connect_to_redis()
    for key in redis.scan_iter("shaoxing:*"):
        redis.delete(key)
    get_queue().empty()


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
