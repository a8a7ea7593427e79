"""Fixtures shared by every suite. Tests talk to the real PostgreSQL, Solr and Redis that
`make test` starts (test database `shaoxing_test`, Solr core `ckan_test`, Redis db 1)."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("SHAOXING_TEST_PORT", "15000"))

PLUGINS = "scheming_datasets scheming_organizations shaoxing shaoxing_contest datastore image_view datatables_view"


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's clean_db drops every table, ours included, and re-runs only core migrations.
    Our Redis keys (pending counters, cached figures) go too."""
    from ckan.lib.redis import connect_to_redis
    reset_db()
    migrate_db_for("shaoxing")
    migrate_db_for("shaoxing_contest")
    redis = connect_to_redis()
    for key in redis.scan_iter("shaoxing:*"):
        redis.delete(key)


def pytest_collection_modifyitems(items):
    # Tests that restart the whole stack (make stop && make run) go last.
    items.sort(key=lambda item: item.get_closest_marker("restarts_stack") is not None)


def pytest_configure(config):
    config.addinivalue_line("markers", "restarts_stack: stops and restarts the services; runs last")


@pytest.fixture(scope="session")
def portal():
    """Base URL of a real portal: gunicorn with 2 worker processes serving test.ini."""
    base = f"http://localhost:{PORT}"
    log = open(ROOT / ".devstack" / "logs" / "e2e-portal.log", "ab")
    env = dict(os.environ, CKAN_INI=str(ROOT / "test.ini"))
    proc = subprocess.Popen(
        [str(pathlib.Path(sys.executable).with_name("gunicorn")), "--chdir", str(ROOT / "devstack"),
         "wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--timeout", "120"],
        env=env, stdout=log, stderr=log)
    try:
        for _ in range(240):
            try:
                if requests.get(base + "/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"the test portal exited; see {log.name}")
            time.sleep(0.5)
        else:
            pytest.fail(f"the test portal did not answer on {base}; see {log.name}")
        yield base
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


