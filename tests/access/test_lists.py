"""The access lists are read in sets: a page of applications or grants costs the same number of
PostgreSQL statements and Redis commands whatever its length (the entries' and companies' names
in one query each, the grants' calls counted today in one MGET); and the calls made with app keys
are selected by day in SQL and in the pending counts alike."""
from __future__ import annotations

import contextlib
import datetime as dt

import ckan.model as model
import pytest
import sqlalchemy as sa
import time_machine
from ckan.tests import helpers

from ckanext.shaoxing.access import counting, quota
from tests import factories
from tests.access.conftest import PLUGINS, key_header

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _redis_commands() -> int:
    stats = quota._limiter(quota.redis_url()).storage.get_connection().info("commandstats")
    return sum(v["calls"] for k, v in stats.items() if k != "cmdstat_info")


@contextlib.contextmanager
def counted():
    """Statements sent to CKAN's database and commands to the limits' Redis inside the block."""
    seen = {"sql": 0}

    def count(*args):
        seen["sql"] += 1

    sa.event.listen(model.meta.engine, "before_cursor_execute", count)
    before = _redis_commands()
    try:
        yield seen
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", count)
        seen["redis"] = _redis_commands() - before


def grant_on_new_entry(world) -> None:
    entry = factories.entry(world.org, open_level="conditional", open_condition="签订数据使用协议")
    world.approve(world.apply(package_id=entry["id"])["id"])


def cost(action: str, user: str) -> tuple[dict, int]:
    model.Session.remove()      # nothing cached in the session from the set-up
    with counted() as seen:
        rows = helpers.call_action(action, {"user": user})
    return seen, len(rows)


@pytest.mark.parametrize("action", ["shaoxing_grant_list", "shaoxing_access_request_list"])
def test_a_longer_list_costs_no_more_queries(world, action):
    grant_on_new_entry(world)
    small, n_small = cost(action, world.users["sysadmin"])
    for _ in range(3):
        grant_on_new_entry(world)
    large, n_large = cost(action, world.users["sysadmin"])
    assert (n_small, n_large) == (1, 4)
    assert large == small
    assert small["redis"] == (1 if action == "shaoxing_grant_list" else 0)


def test_the_grants_calls_today_are_each_grants_own(app, world):
    key = world.granted_key()
    other = factories.entry(world.org, open_level="conditional", open_condition="签订数据使用协议")
    world.approve(world.apply(package_id=other["id"])["id"])
    for _ in range(2):
        assert app.post("/api/3/action/datastore_search", json={"resource_id": world.entry["table"]["id"]},
                        headers=key_header(key)).status_code == 200
    grants = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})
    assert {g["package_id"]: g["used_today"] for g in grants} == {world.entry["id"]: 2, other["id"]: 0}


def test_usage_between_two_days_counts_flushed_and_pending_calls_alike(app, world):
    table = {"resource_id": world.entry["table"]["id"]}
    days = [dt.datetime(2031, 3, d, 2, tzinfo=dt.timezone.utc) for d in (2, 3, 4)]   # 10:00 in Shaoxing
    with time_machine.travel(days[0], tick=False):
        key = world.granted_key()
    for n, at in enumerate(days, 1):
        with time_machine.travel(at, tick=False):
            for _ in range(n):
                assert app.post("/api/3/action/datastore_search", json=table, headers=key_header(key)).status_code == 200
        if n < 3:
            counting.flush()              # 2 and 3 March in PostgreSQL, 4 March still in Redis

    def usage(**dates) -> dict:
        result = helpers.call_action("shaoxing_api_usage", {"user": world.users["applicant"]}, **dates)
        return {r["day"]: r["calls"] for r in result["rows"]}

    assert usage() == {"2031-03-02": 1, "2031-03-03": 2, "2031-03-04": 3}
    assert usage(date_from="2031-03-03") == {"2031-03-03": 2, "2031-03-04": 3}
    assert usage(date_to="2031-03-03") == {"2031-03-02": 1, "2031-03-03": 2}
    assert usage(date_from="2031-03-03", date_to="2031-03-03") == {"2031-03-03": 2}
    assert usage(date_from="2031-03-04", date_to="2031-03-04") == {"2031-03-04": 3}
