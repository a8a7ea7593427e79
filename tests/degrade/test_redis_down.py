"""Redis down (the session's Redis URL pointed at a port where nothing listens): pages keep
working, a signed-in user stays signed in (the session is CKAN's signed cookie; only the idle
timeout's clock lives in Redis and is not applied meanwhile), and a resource saved while the
jobs queue is down is saved: its load waits, recorded pending and unqueued, and is queued when
the worker starts again (`ckan shaoxing datastore resume`)."""
import io

import pytest
from ckan.common import config
from ckan.lib import jobs as ckan_jobs
from ckan.lib import redis as ckan_redis
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS
from tests.test_bad_input import signed_in

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


class Outage:
    """`down()` takes Redis away, `up()` gives the real one back (and the test's end does)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def down(self):
        self.monkeypatch.setitem(config, "ckan.redis.url", "redis://127.0.0.1:9/1")
        self.monkeypatch.setattr(ckan_redis, "_connection_pool", None)
        self.monkeypatch.setattr(ckan_jobs, "_queues", {})     # the queues keep their connection

    def up(self):
        self.monkeypatch.undo()


@pytest.fixture
def redis_down(monkeypatch):
    return Outage(monkeypatch)


def test_pages_answer_and_a_signed_in_user_stays_signed_in(app, redis_down):
    org = factories.department(title="市交通运输局")
    factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息")
    user = ckan_factories.Sysadmin()
    client, _ = signed_in(app, user["name"])
    redis_down.down()
    for url in ("/", "/dataset/", "/dataset/bus-routes", "/organization/", "/targets"):
        res = client.get(url)
        assert res.status_code == 200, url
    page = client.get("/dashboard/datasets").get_data(as_text=True)
    assert "/user/_logout" in page, "the signed-in user was signed out by the outage"
    assert app.get("/api/3/action/package_search").json["result"]["count"] == 1


def test_a_resource_saved_while_the_queue_is_down_is_loaded_later(app, redis_down):
    from ckan.lib.jobs import get_queue

    from ckanext.shaoxing.interfaces import jobs
    org = factories.department()
    pkg = factories.entry(org, name="stations")
    sysadmin = ckan_factories.Sysadmin()
    token = helpers.call_action("api_token_create", {"user": sysadmin["name"]}, user=sysadmin["name"], name="t")["token"]
    redis_down.down()
    res = app.post("/api/3/action/resource_create", headers={"Authorization": token},
                   data={"package_id": pkg["id"], "name": "stations.csv", "url": "stations.csv", "format": "CSV",
                         "upload": (io.BytesIO("name,seats\n越城区公交站,32\n".encode()), "stations.csv")})
    assert res.status_code == 200, res.body
    resource_id = res.json["result"]["id"]
    waiting = jobs.current(resource_id)
    assert waiting["state"] == "pending" and waiting["value"]["queued"] is False
    assert jobs.abandoned() == [resource_id]
    # Redis back: the worker's start queues the load, once.
    redis_down.up()
    assert jobs.resume() == [resource_id]
    assert jobs.current(resource_id)["state"] == "pending" and jobs.abandoned() == []
    assert [job.args[0] for job in get_queue().jobs if job.func_name.endswith("interfaces.jobs.job")] == [resource_id]
