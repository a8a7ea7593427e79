"""Suggestions, the query log, 热门搜索 and the zero-result help, through real Solr, PostgreSQL and
Redis: nothing private or draft is ever suggested; searches on two portal processes are counted
once each; a hidden term leaves 热门搜索; the bureau's report is the sysadmins' alone."""
import datetime as dt
import io

import pytest
import requests
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from openpyxl import load_workbook

from ckanext.shaoxing import clock
from ckanext.shaoxing.suggest import querylog
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _build():
    org = factories.department(title="市交通运输局")
    factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息", tags=[{"name": "公交"}])
    factories.entry(org, name="bus-stops", title="诸暨市公交站点信息", tags=[{"name": "公交"}, {"name": "站点"}])
    factories.entry(org, name="air", title="空气质量监测数据", domain="environment", tags=[{"name": "空气质量"}])
    factories.entry(org, name="secret-bus", title="公交内部调度信息", private=True, tags=[{"name": "公交调度"}])
    factories.entry(org, name="draft-bus", title="公交草稿线路", state="draft")
    return org


@pytest.fixture
def world(worlds):
    return worlds("suggest", _build)


def _labels(q):
    return [s["label"] for s in helpers.call_action("shaoxing_suggest_list", {"user": ""}, q=q)["suggestions"]]


def test_suggestions_prefix_chinese_and_never_private_or_draft(world, app):
    found = _labels("公交")
    assert found[0] == "公交"                                   # the keyword first
    assert {"绍兴市区公交线路信息", "诸暨市公交站点信息"} <= set(found)
    assert not any("内部" in s or "草稿" in s or s == "公交调度" for s in found)
    assert _labels("空气") == ["空气质量", "空气质量监测数据"]
    assert _labels("公") and _labels("地铁") == []
    # A sysadmin typing sees the same: suggestions are the public catalogue's.
    admin = ckan_factories.Sysadmin()["name"]
    assert "公交内部调度信息" not in [s["label"] for s in helpers.call_action(
        "shaoxing_suggest_list", {"user": admin}, q="调度")["suggestions"]]
    # The JSON the boxes read; bad input is a field error, never a 500.
    res = app.get("/api/suggest", query_string={"q": "诸暨"})
    assert res.status_code == 200 and res.json["result"]["suggestions"][0]["url"] == "/dataset/bus-stops"
    for bad in ({"q": "公" * 5000}, {"q": "a\x00b"}, [("q", "a"), ("q", "b")]):
        res = app.get("/api/suggest", query_string=bad)
        assert res.status_code == 409 and "q" in res.json["error"]


@pytest.mark.ckan_config("ckanext.shaoxing.suggest.hot_min_searches", "2")
class _From(requests.adapters.HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def searcher(n: int) -> requests.Session:
    """A citizen of their own: a session from loopback address 127.0.0.(10 + n)."""
    session = requests.Session()
    session.mount("http://", _From(f"127.0.0.{10 + n}"))
    return session


def test_searches_counted_on_two_processes_then_hot_and_hidden(world, portal, app):
    # The portal's processes file searches under their own (real) date: dates built from it.
    querylog.flush()
    for n in range(6):        # six citizens; the portal's two worker processes share the count
        assert searcher(n).get(f"{portal}/dataset/", params={"q": "公交" if n % 2 else " 公交 "}).ok
    for _ in range(5):        # one person repeating a query is one search of it today
        assert searcher(0).get(f"{portal}/dataset/", params={"q": "公交"}).ok
    assert searcher(0).get(f"{portal}/dataset/", params={"q": "空气质量"}).ok
    assert searcher(1).get(f"{portal}/dataset/", params={"q": "空气质量", "page": "2"}).ok   # a page turned
    searcher(0).get(f"{portal}/dataset/", params={"q": "火星殖民地"})
    searcher(1).get(f"{portal}/dataset/", params={"q": "火星殖民地"})
    searcher(0).get(f"{portal}/dataset/", params={"q": "身份证 330602199001011234"})     # personal: not kept
    searcher(0).get(f"{portal}/api/3/action/package_search", params={"q": "接口检索"})    # not the page
    assert querylog.flush() == 9
    assert querylog.flush() == 0
    hot = helpers.call_action("shaoxing_suggest_hot", {"user": ""})["terms"]
    assert hot == [{"query": "公交", "searches": 6}]          # 空气质量 once; 火星殖民地 found nothing
    home = app.get("/")
    chips = home.body.split('class="shaoxing-suggested')[1].split("</p>")[0]
    assert chips.index("公交") < chips.index("空气质量")       # the log's first, filled up from the fixed list
    en = app.get("/en/").body.split('class="shaoxing-suggested')[1].split("</p>")[0]
    assert ">Buses<" in en and "公交" not in en.split('">', 1)[1]

    admin = ckan_factories.Sysadmin()["name"]
    env = {"Authorization": helpers.call_action("api_token_create", user=admin, name="t")["token"]}
    page = app.get("/ckan-admin/search-terms", headers=env)
    assert page.status_code == 200 and "公交" in page.body
    assert app.post("/ckan-admin/search-terms/hide", data={"query": "公交"}, headers=env,
                    follow_redirects=False).status_code == 302
    assert helpers.call_action("shaoxing_suggest_hot", {"user": ""})["terms"] == []
    assert "公交" not in app.get("/").body.split('class="shaoxing-suggested')[1].split("</p>")[0]
    helpers.call_action("shaoxing_suggest_unhide", {"user": admin}, query="公交")
    assert helpers.call_action("shaoxing_suggest_hot", {"user": ""})["terms"][0]["query"] == "公交"

    today = clock.today()
    report = helpers.call_action("shaoxing_suggest_zero_results", {"user": admin})
    assert report["month"] == today.strftime("%Y-%m")
    assert report["queries"] == [{"query": "火星殖民地", "zero_results": 2, "searches": 2,
                                  "last_day": today.isoformat()}]
    earlier = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    assert helpers.call_action("shaoxing_suggest_zero_results", {"user": admin}, month=earlier)["queries"] == []


@pytest.mark.parametrize("role", ["anonymous", "user", "editor", "sysadmin"])
def test_report_and_hiding_are_the_bureaus(world, role, app):
    user = factories.user_in_role(role, world)
    for action in ("shaoxing_suggest_zero_results", "shaoxing_suggest_hide", "shaoxing_suggest_unhide"):
        assert factories.allowed(action, user, {"query": "公交"}) is (role == "sysadmin")
    for action in ("shaoxing_suggest_list", "shaoxing_suggest_hot"):
        assert factories.allowed(action, user, {})
    headers = {"Authorization": helpers.call_action("api_token_create", user=user, name="t")["token"]} if user else {}
    page = app.get("/ckan-admin/zero-results", headers=headers, follow_redirects=False)
    assert page.status_code == {"anonymous": 302, "sysadmin": 200}.get(role, 403)
    if role == "sysadmin":
        hide = app.post("/ckan-admin/search-terms/hide", data={"query": "a\x00"}, headers=headers)
        assert hide.status_code == 200 and "公交" not in [t["query"] for t in querylog.hidden()]
        assert app.get("/ckan-admin/zero-results", query_string={"month": "2026-13"}, headers=headers).status_code == 400


def test_zero_result_page_offers_nearest_terms_domains_and_a_request(world, app):
    querylog.record("=cmd|' /C calc'!A0", False)
    querylog.flush()
    page = app.get("/dataset/", query_string={"q": "公郊"})        # a typo of 公交
    help_block = page.body.split('class="shaoxing-zero-help"')[1].split("</section>")[0]
    assert "公交" in help_block and "domain=" in help_block
    assert "/requests/new?title=%E5%85%AC%E9%83%8A" in help_block      # the data-request form, prefilled
    typed = app.get("/dataset/", query_string={"q": "gongjaio"})     # a pinyin typo of 公交
    assert "公交" in typed.body.split('class="shaoxing-did-you-mean"')[1].split("</ul>")[0]
    assert 'class="filters"' in page.body and "nav-facet" not in page.body    # no empty facet boxes
    found = app.get("/dataset/", query_string={"q": "公交"})
    assert "shaoxing-zero-help" not in found.body and "nav-facet" in found.body
    # The report's workbook keeps a typed formula as text.
    admin = ckan_factories.Sysadmin()["name"]
    env = {"Authorization": helpers.call_action("api_token_create", user=admin, name="t")["token"]}
    xlsx = app.get("/ckan-admin/zero-results.xlsx", headers=env)
    cells = [c for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows() for c in row]
    typed = [c for c in cells if c.value == "=cmd|' /c calc'!a0"]
    assert typed and typed[0].data_type == "s"


def test_pinyin_being_typed_is_read_as_syllables_and_the_start_of_the_next():
    from ckanext.shaoxing.search.api import typed_pinyin
    assert typed_pinyin("gongjiao") == (["gong", "jiao"], "")
    assert typed_pinyin("gongj") == (["gong"], "j")
    assert typed_pinyin("Zhuji") == (["zhu", "ji"], "")
    for not_pinyin in ("g", "gongjaio", "abc", "公交", "12", ""):
        assert typed_pinyin(not_pinyin) is None, not_pinyin
