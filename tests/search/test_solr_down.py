"""With Solr unreachable, search degrades clearly and dataset pages still render (they read
PostgreSQL). The outage is real: the portal is pointed at a port where nothing listens."""
import pytest
from ckan.common import config

from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture
def solr_down(monkeypatch):
    def down():
        monkeypatch.setitem(config, "solr_url", "http://127.0.0.1:9/solr/ckan_test")
    return down


@pytest.fixture
def bus(solr_down):
    org = factories.department(title="市交通运输局")
    ds = factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息")
    solr_down()
    return ds


def test_api_search_returns_a_json_error(app, bus):
    res = app.get("/api/3/action/package_search", query_string={"q": "公交"}, status=500)
    body = res.json
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Connection Error"


def test_search_page_shows_a_clear_error(app, bus):
    res = app.get("/dataset/", query_string={"q": "公交"})
    assert res.status_code == 503
    assert "检索服务暂时不可用" in res.body
    assert "Search is temporarily unavailable" in res.body


def test_dataset_page_still_renders(app, bus):
    assert "绍兴市区公交线路信息" in app.get("/dataset/bus-routes").body


def test_home_page_explains_the_outage(app, bus):
    res = app.get("/")
    assert res.status_code == 503 and "检索服务暂时不可用" in res.body
