"""The daily quota is exact under concurrency across worker processes: 8 parallel clients × 100
calls against its grant's daily quota of 600, on a real gunicorn with 2 workers
(`limits_portal`: no per-second limit per key), give exactly 600 answers and 200 × 429; the
flushed key counters say 600.

What could let a call too many through is two processes reading the same count before either
adds to it: 8 clients on 2 processes race from the first calls on, and the quota's end is
crossed while all of them are calling. More calls repeat the same races (8 × 500 took minutes on
a 2-core machine)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from ckan.tests import helpers

from tests.access.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

CLIENTS, CALLS, QUOTA = 8, 100, 600


def test_eight_clients_against_a_daily_quota(limits_portal, world):
    from ckanext.shaoxing.access import counting
    request = world.apply()
    helpers.call_action("shaoxing_access_request_decide", {"user": world.users["owner_editor"]},
                        id=request["id"], decision="approve", daily_quota=QUOTA)
    key = world.key()["key"]
    url = f"{limits_portal}/api/open/SX-JT-2024-0001/1"

    def client(_):
        codes = []
        with requests.Session() as s:
            s.headers["X-App-Key"] = key
            for _ in range(CALLS):
                codes.append(s.get(url, params={"limit": 1}).status_code)
        return codes

    with ThreadPoolExecutor(CLIENTS) as pool:
        codes = [c for chunk in pool.map(client, range(CLIENTS)) for c in chunk]
    assert codes.count(200) == QUOTA and codes.count(429) == CLIENTS * CALLS - QUOTA
    counting.flush()
    assert helpers.call_action("shaoxing_api_usage", {"user": world.users["applicant"]})["total"] == QUOTA
