"""Counting is exact under concurrency: 8 clients × 100 downloads against the portal's 2 worker
processes, flushed again and again while they download, give exactly 800.

What could lose or double a count is an increment racing another process's increment, or landing
while a flush takes the pending hash away (RENAME): both happen from the first requests on, with
8 clients on 2 processes and a flusher that never pauses. More requests repeat the same
interleavings (4,000 took minutes on a 2-core machine); the exact count is asserted either way."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from ckan import model
from ckan.tests import helpers

from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

CLIENTS, DOWNLOADS = 8, 100


def test_parallel_downloads_are_counted_exactly(portal):
    org = factories.department()
    ds = factories.entry(org, name="hot", resources=[{"url": "https://example.org/hot.csv"}])
    url = f"{portal}/dataset/{ds['id']}/resource/{ds['resources'][0]['id']}/download"
    flush(reindex=False)
    before = helpers.call_action("shaoxing_usage_show", package_id="hot")["downloads"]

    def client(_):
        with requests.Session() as s:
            return sum(s.get(url, allow_redirects=False).status_code == 302 for _ in range(DOWNLOADS))

    done, flushed = threading.Event(), []

    def flusher():
        try:
            while not done.wait(0.05):          # a flush every 50 ms, not a busy loop on 2 cores
                flushed.append(flush(reindex=False))
        finally:
            model.Session.remove()

    background = threading.Thread(target=flusher)
    background.start()
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            assert sum(pool.map(client, range(CLIENTS))) == CLIENTS * DOWNLOADS
    finally:
        done.set()
        background.join()
    assert sum(flushed) + flush() == CLIENTS * DOWNLOADS
    assert helpers.call_action("shaoxing_usage_show", package_id="hot")["downloads"] - before == CLIENTS * DOWNLOADS
    assert flush() == 0
