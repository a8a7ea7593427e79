"""The real Redis stopped under the real portal (gunicorn, 2 workers): pages and the API keep
answering, a resource saved meanwhile is saved with its load left pending and unqueued; once
Redis is started again the portal goes on, with no restart."""
import pytest
import requests
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS
from tests.degrade.services import stopped

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_the_portal_works_while_redis_is_stopped_and_after(portal):
    from ckanext.shaoxing.interfaces import jobs
    org = factories.department(title="市交通运输局")
    pkg = factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息")
    sysadmin = ckan_factories.Sysadmin()
    token = helpers.call_action("api_token_create", {"user": sysadmin["name"]}, user=sysadmin["name"], name="t")["token"]
    with stopped("redis"):
        for _ in range(2):      # both gunicorn workers
            for url in ("/", "/dataset/", "/dataset/bus-routes", "/organization/", "/en/dataset/bus-routes"):
                assert requests.get(portal + url, timeout=60).status_code == 200, url
        assert requests.get(portal + "/api/3/action/package_search", timeout=60).json()["result"]["count"] == 1
        saved = requests.post(portal + "/api/3/action/resource_create", headers={"Authorization": token},
                              data={"package_id": pkg["id"], "name": "stations.csv", "url": "stations.csv",
                                    "format": "CSV"},
                              files={"upload": ("stations.csv", "name,seats\n越城区公交站,32\n".encode())}, timeout=60)
        assert saved.status_code == 200, saved.text[:2000]
        resource_id = saved.json()["result"]["id"]
        assert jobs.current(resource_id)["state"] == "pending" and jobs.abandoned() == [resource_id]
    for _ in range(2):
        assert requests.get(portal + "/", timeout=60).status_code == 200
    assert jobs.resume() == [resource_id]
