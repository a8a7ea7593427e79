"""Counts are exact through a Redis outage: page views, downloads and API calls made with an app
key before, during and after the session's real Redis is stopped (and started again mid-way) are
all counted once the flusher has run, on a real gunicorn portal whose workers keep their Redis
connections across the restart. While Redis is down the counts wait in PostgreSQL's spool, and
4 clients × 50 parallel downloads, flushed all the while, are counted exactly there too; the
Redis that comes back still holds what was counted before it stopped (a clean SHUTDOWN writes its
append-only file). One outage for the module: Redis is stopped and started once."""
from __future__ import annotations

import contextlib
import subprocess
import time

import pytest
import requests
import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.tests import helpers

from ckanext.shaoxing.access import counting
from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.access.conftest import company
from tests.conftest import PLUGINS
from tests.interfaces.conftest import interface_entry, transport
from tests.usage.parallel import downloads_while_flushing

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db")]

ROUNDS = 4     # downloads and calls per phase (under the per-key limit of one second), after one view
EVENTS = 1 + 2 * ROUNDS
CLIENTS, DOWNLOADS = 4, 50     # the parallel downloads during the outage


def _answers(r) -> bool:
    try:
        return bool(r.ping())
    except Exception:
        return False


@contextlib.contextmanager
def redis_stopped():
    """The session's real Redis stopped (SHUTDOWN: its append-only file written, as the devstack
    stops it) and started again, as it ran, on leaving, whatever happened."""
    redis = connect_to_redis()
    conf = redis.config_get("*")
    args = ["redis-server", "--daemonize", "yes"]
    for name in ("port", "bind", "dir", "appendonly", "appendfsync", "appenddirname", "save", "pidfile",
                 "logfile", "dbfilename"):
        if name in conf:
            args += [f"--{name}", conf[name]]
    try:
        redis.shutdown()
    except Exception:   # the connection closes as it stops
        pass
    try:
        yield
    finally:
        subprocess.run(args, check=True, capture_output=True, timeout=30)
        deadline = time.monotonic() + 30
        while not _answers(redis) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _answers(redis), "Redis did not start again"


def spooled() -> tuple[int, int]:
    """Counts waiting in the spools now: (usage events, key calls)."""
    with model.meta.engine.connect() as conn:
        return (conn.execute(sa.text("SELECT coalesce(sum(count), 0) FROM shaoxing_usage_spool")).scalar(),
                conn.execute(sa.text("SELECT coalesce(sum(calls), 0) FROM shaoxing_key_calls_spool")).scalar())


def parallel_downloads(url: str) -> int:
    """CLIENTS × DOWNLOADS parallel downloads of `url`, flushed every 50 ms all the while: what
    the flushes wrote, a last flush included."""
    flushed = downloads_while_flushing(url, CLIENTS, DOWNLOADS, 200)
    assert len([n for n in flushed if n]) > 1       # the flushes did meet the downloads
    return sum(flushed) + flush(reindex=False)


def test_views_downloads_and_api_calls_before_during_and_after_an_outage_are_counted(portal, worlds):
    entry = worlds("stations", lambda: interface_entry(transport()))
    user = factories.user_in_role("user")
    company(user, 1)
    key = helpers.call_action("shaoxing_app_key_create", {"user": user}, label="生产")["key"]
    page = f"{portal}/dataset/{entry['name']}"
    download = f"{portal}/dataset/{entry['id']}/resource/{entry['table']['id']}/download"
    api = f"{portal}/api/open/SX-JT-2024-0001/1"

    def phase() -> None:
        with requests.Session() as s:
            assert s.get(page).status_code == 200
            for _ in range(ROUNDS):
                assert s.get(download, allow_redirects=False).status_code == 200
                assert s.get(api, params={"limit": 1}, headers={"X-App-Key": key}).status_code == 200

    phase()                                   # before: in Redis
    with redis_stopped():
        phase()                               # during: in the spool
        assert spooled() == (EVENTS, ROUNDS)
        # The flusher keeps merging the spool while Redis is down, here while the portal's two
        # workers add to the very rows each flush deletes.
        assert parallel_downloads(download) == EVENTS + CLIENTS * DOWNLOADS
        assert counting.flush() == ROUNDS
        phase()
    phase()                                   # after: in Redis again, beside what it kept
    assert spooled() == (EVENTS, ROUNDS)
    downloads = 4 * ROUNDS + CLIENTS * DOWNLOADS
    report = helpers.call_action("shaoxing_usage_show", package_id=entry["id"])
    assert (report["views"], report["downloads"], report["api_calls"]) == (4, downloads, 4 * ROUNDS)   # unflushed too
    assert helpers.call_action("shaoxing_api_usage", {"user": user})["total"] == 4 * ROUNDS
    assert flush(reindex=False) == 3 * EVENTS and counting.flush() == 3 * ROUNDS
    assert flush(reindex=False) == 0 and counting.flush() == 0 and spooled() == (0, 0)
    report = helpers.call_action("shaoxing_usage_show", package_id=entry["id"])
    assert (report["views"], report["downloads"], report["api_calls"]) == (4, downloads, 4 * ROUNDS)
    assert helpers.call_action("shaoxing_api_usage", {"user": user})["total"] == 4 * ROUNDS
