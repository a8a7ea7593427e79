"""With Solr out, search degrades clearly and dataset pages still render (they read
PostgreSQL): the search page and the search API answer 503 with Retry-After, the home page and
the departments list render without what only search can draw. Two real outages: Solr
unreachable (the portal pointed at a port where nothing listens), and Solr answering but not
serving (the real Solr asked for a core it does not serve: it answers errors, as it answers 503
while a core loads after a start, which reaches CKAN as a SearchError rather than a connection
error)."""
import pytest
from ckan.common import config

from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture(params=["unreachable", "not serving"])
def solr_down(request, monkeypatch):
    def down():
        if request.param == "unreachable":
            monkeypatch.setitem(config, "solr_url", "http://127.0.0.1:9/solr/ckan_test")
        else:
            monkeypatch.setitem(config, "solr_url", config["solr_url"].rstrip("/").rsplit("/", 1)[0] + "/not_served")
    return down


@pytest.fixture
def bus(solr_down):
    org = factories.department(title="市交通运输局")
    ds = factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息")
    solr_down()
    return ds


def test_api_search_answers_503_in_both_languages(app, bus):
    res = app.get("/api/3/action/package_search", query_string={"q": "公交"}, status=503)
    assert res.headers["Retry-After"] == "60"
    body = res.json
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Unavailable"
    assert body["error"]["message"] == "检索服务暂时不可用 / Search is temporarily unavailable"


def test_search_page_shows_a_clear_error_in_its_language(app, bus):
    res = app.get("/dataset/", query_string={"q": "公交"})
    assert res.status_code == 503 and res.headers["Retry-After"] == "60"
    assert "检索服务暂时不可用" in res.body
    res = app.get("/en/dataset/", query_string={"q": "公交"})
    assert res.status_code == 503
    assert "Search is temporarily unavailable" in res.body and "检索服务暂时不可用" not in res.body


def test_dataset_page_still_renders(app, bus):
    assert "绍兴市区公交线路信息" in app.get("/dataset/bus-routes").body


def test_home_page_renders_its_figures_and_says_which_lists_wait(app, bus):
    res = app.get("/")
    assert res.status_code == 200
    assert 'data-figure="open_datasets"' in res.body       # the figures come from the database
    assert res.body.count("shaoxing-search-unavailable") == 4      # domains, latest, popular, departments
    assert "检索服务正在恢复" in res.body
    assert "search service is recovering" in app.get("/en/").body


def test_departments_list_renders_without_counts(app, bus):
    res = app.get("/organization/")
    assert res.status_code == 200
    assert "市交通运输局" in res.body
    assert "shaoxing-search-unavailable" in res.body
    assert "0 个数据集" not in res.body and "0 Datasets" not in res.body


def test_an_api_caller_asking_for_counts_is_told_search_is_down(app, bus):
    res = app.get("/api/3/action/organization_list", query_string={"all_fields": "true",
                                                                   "include_dataset_count": "true"}, status=503)
    assert res.json["error"]["__type"] == "Search Unavailable"
    assert app.get("/api/3/action/organization_list").json["result"] == [bus["organization"]["name"]]


def test_the_published_catalogue_answers_503_not_a_parse_error(app, bus):
    """The DCAT catalogue reads search too: an outage is the portal's 503, not the caller's 409."""
    assert app.get("/catalog.ttl").status_code == 503
    res = app.get("/api/3/action/dcat_catalog_search", status=503)
    assert res.headers["Retry-After"] == "60"
