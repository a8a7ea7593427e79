"""Rate limits and quotas (Redis): 429 with a JSON error and Retry-After per key per second,
per company per entry per day (reset at midnight Asia/Shanghai — the clock moved, never
waited for), per anonymous address per second; Redis down fails closed for conditional data
and open, with a logged warning, for unconditional data (a key's calls then counted all the same)."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import PLUGINS, key_header
from tests.request_end import database_gone_at_the_end

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

OPEN = "/api/open/SX-JT-2024-0001/1"
# 23:59:58 in Shanghai on 10 June 2026 (15:59:58 UTC).
BEFORE_MIDNIGHT = dt.datetime(2026, 6, 10, 15, 59, 58, tzinfo=dt.timezone.utc)


@pytest.mark.ckan_config("ckanext.shaoxing.access.key_per_second", "3")
def test_per_key_requests_per_second(app, world):
    with time_machine.travel(dt.datetime(2026, 6, 10, 2, tzinfo=dt.timezone.utc), tick=False):
        key = world.granted_key()
        assert [app.get(OPEN, headers=key_header(key)).status_code for _ in range(4)] == [200, 200, 200, 429]
        r = app.get(OPEN, headers=key_header(key))
        assert r.status_code == 429 and r.headers["Retry-After"] == "1"
        assert r.json["error"]["__type"] == "Too Many Requests" and "频繁" in r.json["error"]["message_zh"]
    with time_machine.travel(dt.datetime(2026, 6, 10, 2, 0, 1, tzinfo=dt.timezone.utc), tick=False):
        assert app.get(OPEN, headers=key_header(key)).status_code == 200


@pytest.mark.ckan_config("ckanext.shaoxing.access.daily_quota", "5")
def test_daily_quota_per_company_resets_at_shanghai_midnight(app, world):
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False):
        key = world.granted_key()
        second = world.key(label="另一把")["key"]       # the quota is the company's, not the key's
        got = [app.get(OPEN, headers=key_header(k)).status_code for k in (key, second, key, second, key, second)]
        assert got == [200] * 5 + [429]
        r = app.get(OPEN, headers=key_header(key))
        assert r.status_code == 429 and r.headers["Retry-After"] == "2" and "配额" in r.json["error"]["message_zh"]
        grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})[0]
        assert grant["daily_quota"] == 5 and grant["used_today"] == 7
    with time_machine.travel(BEFORE_MIDNIGHT + dt.timedelta(seconds=3), tick=False):
        assert app.get(OPEN, headers=key_header(key)).status_code == 200


def test_a_grant_may_carry_its_own_daily_quota(app, world):
    with time_machine.travel(dt.datetime(2026, 6, 11, 3, tzinfo=dt.timezone.utc), tick=False):
        req = world.apply()
        helpers.call_action("shaoxing_access_request_decide", {"user": world.users["owner_editor"]}, id=req["id"],
                            decision="approve", daily_quota=2)
        key = world.key()["key"]
        assert [app.get(OPEN, headers=key_header(key)).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.ckan_config("ckanext.shaoxing.access.anonymous_per_second", "2")
def test_anonymous_requests_per_second_per_address(app, world):
    pkg = factories.entry(world.org, name="open-one", resources=[{"url": "https://example.org/a.csv", "name": "a"}])
    url = f"/dataset/{pkg['id']}/resource/{pkg['resources'][0]['id']}/download"
    with time_machine.travel(dt.datetime(2026, 6, 10, 2, tzinfo=dt.timezone.utc), tick=False):
        got = [app.get(url, follow_redirects=False).status_code for _ in range(3)]
        assert got == [302, 302, 429]
        # Another address has its own window; a logged-in account is not limited per address.
        assert app.get(url, follow_redirects=False, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


@pytest.mark.ckan_config("ckanext.shaoxing.access.redis_url", "redis://127.0.0.1:1/0")
def test_redis_down_closes_conditional_and_leaves_unconditional_open(app, world, caplog):
    key = world.granted_key()
    caplog.set_level(logging.WARNING, logger="ckanext.shaoxing.access.gate")
    # CKAN's test set-up applies test.ini's logging after this module's logger exists.
    logging.getLogger("ckanext.shaoxing.access.gate").disabled = False
    r = app.get(OPEN, headers=key_header(key))
    assert r.status_code == 503 and "限流服务" in r.json["error"]["message_zh"] and r.headers["Retry-After"]
    assert "conditional data refused" in caplog.text
    pkg = factories.entry(world.org, name="open-one", resources=[{"url": "https://example.org/a.csv", "name": "a"}])
    url = f"/dataset/{pkg['id']}/resource/{pkg['resources'][0]['id']}/download"
    caplog.clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(__import__("ckan.plugins.toolkit", fromlist=["config"]).config,
                   "ckanext.shaoxing.access.anonymous_per_second", 10)
        assert app.get(url, follow_redirects=False).status_code == 302
        assert app.get(url, headers=key_header(key), follow_redirects=False).status_code == 302
    assert "unconditional data served unlimited" in caplog.text
    assert key not in caplog.text
    # The refused conditional call owes no count (nor a quota debit); the key's call to open data
    # served during the outage waited in PostgreSQL's spool and is counted once.
    from ckanext.shaoxing.access import counting
    assert counting.flush() == 1 and counting.flush() == 0
    assert helpers.call_action("shaoxing_api_usage", {"user": world.users["applicant"]})["total"] == 1


def test_a_call_whose_answer_fails_at_its_end_is_not_counted(app, world, monkeypatch):
    """PostgreSQL gone as CKAN ends the request's session (its own after_request hook): the answer
    becomes a 503, and the call the key never got is not counted (the soak counted two)."""
    from ckanext.shaoxing.access import counting
    key = world.granted_key()
    assert app.get(OPEN, headers=key_header(key)).status_code == 200
    database_gone_at_the_end(monkeypatch, app)
    assert app.get(OPEN, headers=key_header(key)).status_code == 503
    monkeypatch.undo()
    counting.flush()
    assert helpers.call_action("shaoxing_api_usage", {"user": world.users["applicant"]})["total"] == 1
