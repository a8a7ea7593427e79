"""The daily quota is exact under concurrency across worker processes: 8 parallel clients × 500
calls against a daily quota of 3,000, on a real gunicorn with 2 workers, give exactly 3,000
answers and 1,000 × 429; the flushed key counters say 3,000."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from ckan.tests import helpers

from tests.access.conftest import PLUGINS
from tests.conftest import ROOT

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

PORT = int(os.environ.get("SHAOXING_TEST_PORT", "15000")) + 2
OVERRIDES = {"ckanext.shaoxing.access.daily_quota": "3000",
             # Eight clients share one key's per-second window otherwise; this test is about the day.
             "ckanext.shaoxing.access.key_per_second": "0"}


@pytest.fixture(scope="module")
def quota_portal():
    """test.ini with the overrides above, served by gunicorn with 2 workers."""
    from devstack.serve import gunicorn
    text = (ROOT / "test.ini").read_text(encoding="utf-8").replace("%(here)s", str(ROOT))
    text = text.replace("[app:main]\n", "[app:main]\n" + "".join(f"{k} = {v}\n" for k, v in OVERRIDES.items()), 1)
    ini = ROOT / ".devstack" / "test-access-quota.ini"
    ini.write_text(text, encoding="utf-8")
    with gunicorn(PORT, ini, ROOT / ".devstack/logs/test-access-quota.log", host="localhost", workers=2) as base:
        yield base


def test_eight_clients_against_a_quota_of_3000(quota_portal, world):
    from ckanext.shaoxing.access import counting
    key = world.granted_key()
    url = f"{quota_portal}/api/open/SX-JT-2024-0001/1"

    def client(_):
        codes = []
        with requests.Session() as s:
            s.headers["X-App-Key"] = key
            for _ in range(500):
                codes.append(s.get(url, params={"limit": 1}).status_code)
        return codes

    with ThreadPoolExecutor(8) as pool:
        codes = [c for chunk in pool.map(client, range(8)) for c in chunk]
    assert codes.count(200) == 3000 and codes.count(429) == 1000
    counting.flush()
    assert helpers.call_action("shaoxing_api_usage", {"user": world.users["applicant"]})["total"] == 3000
