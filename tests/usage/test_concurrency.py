"""Counting is exact under concurrency: 8 clients × 100 downloads against the portal's 2 worker
processes, flushed again and again while they download, give exactly 800.

What could lose or double a count is an increment racing another process's increment, or landing
while a flush takes the pending hash away (RENAME): both happen from the first requests on, with
8 clients on 2 processes and a flusher that never pauses. More requests repeat the same
interleavings (4,000 took minutes on a 2-core machine); the exact count is asserted either way."""
import pytest
from ckan.tests import helpers

from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS
from tests.usage.parallel import downloads_while_flushing

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

CLIENTS, DOWNLOADS = 8, 100


def test_parallel_downloads_are_counted_exactly(portal):
    org = factories.department()
    ds = factories.entry(org, name="hot", resources=[{"url": "https://example.org/hot.csv"}])
    url = f"{portal}/dataset/{ds['id']}/resource/{ds['resources'][0]['id']}/download"
    flush(reindex=False)
    before = helpers.call_action("shaoxing_usage_show", package_id="hot")["downloads"]

    flushed = downloads_while_flushing(url, CLIENTS, DOWNLOADS, 302)
    assert sum(flushed) + flush() == CLIENTS * DOWNLOADS
    assert helpers.call_action("shaoxing_usage_show", package_id="hot")["downloads"] - before == CLIENTS * DOWNLOADS
    assert flush() == 0
