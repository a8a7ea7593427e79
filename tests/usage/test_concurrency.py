"""Counting is exact under concurrency: 8 clients × 500 downloads against the portal's 2 worker
processes give exactly 4,000, once flushed."""
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from ckan.tests import helpers

from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_parallel_downloads_are_counted_exactly(portal):
    org = factories.department()
    ds = factories.entry(org, name="hot", resources=[{"url": "https://example.org/hot.csv"}])
    url = f"{portal}/dataset/{ds['id']}/resource/{ds['resources'][0]['id']}/download"
    flush(reindex=False)
    before = helpers.call_action("shaoxing_usage_show", package_id="hot")["downloads"]

    def client(_):
        with requests.Session() as s:
            return sum(s.get(url, allow_redirects=False).status_code == 302 for _ in range(500))

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(client, range(8))) == 4000
    flush()
    assert helpers.call_action("shaoxing_usage_show", package_id="hot")["downloads"] - before == 4000
    assert flush() == 0
