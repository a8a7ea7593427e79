"""Catalogue pages: facets labelled in both languages, entry pages, and the sysadmin import
pages (authorization for anonymous, a plain user, a department editor and a sysadmin)."""
import re

import pytest
from bs4 import BeautifulSoup
from ckan.lib import jobs
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture
def entries():
    org = factories.department(name="sx-transport", title="市交通运输局")
    factories.entry(org, name="bus", title="绍兴市区公交线路信息", open_level="conditional",
                    open_condition="签署承诺书", region_code="330602",
                    data_items=[{"field_name": "route_no", "field_label": "线路编号", "field_type": "integer"}])
    factories.entry(org, name="closed", title="内部调度数据", open_level="not_open", domain="public_safety")
    return org


def _page(body: str) -> BeautifulSoup:
    return BeautifulSoup(body, "html.parser")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _facets(body: str) -> dict[str, dict[str, int]]:
    """The search page's facets: heading → {label: count}."""
    return {_text(section.select_one(".module-heading")): {
                _text(item.select_one(".item-label")): int(_text(item.select_one(".item-count")))
                for item in section.select("li.nav-item")}
            for section in _page(body).select("section.module-narrow") if section.select("li.nav-item")}


def _results(body: str) -> list[str]:
    return [a["href"] for a in _page(body).select(".dataset-item .dataset-heading a")]


def test_facets_show_labels_in_each_language(app, entries):
    zh = _facets(app.get("/dataset/").body)
    assert zh == {"数源单位": {"市交通运输局": 2}, "数据领域": {"交通出行": 1, "公共安全": 1},
                  "开放属性": {"有条件开放": 1, "不予开放": 1}, "行政区划": {"越城区": 1, "绍兴市（市本级）": 1},
                  "更新频率": {"每月": 2}}
    en = _facets(app.get("/en/dataset/").body)
    assert en == {"Department": {"市交通运输局": 2}, "Domain": {"Transport": 1, "Public safety": 1},
                  "Open level": {"Open on conditions": 1, "Not open": 1},
                  "District": {"Yuecheng District": 1, "Shaoxing (city level)": 1}, "Update frequency": {"Monthly": 2}}


def test_facet_filter_by_domain_and_open_level(app, entries):
    assert sorted(_results(app.get("/dataset/").body)) == ["/dataset/bus", "/dataset/closed"]
    body = app.get("/dataset/", query_string={"domain": "transport", "open_level": "conditional"}).body
    assert _results(body) == ["/dataset/bus"]
    # The chosen values are the active facet items; the other facets count what is left.
    page = _page(body)
    assert sorted(_text(li.select_one(".item-label")) for li in page.select("li.nav-item.active")) == [
        "交通出行", "有条件开放"]
    assert _facets(body)["行政区划"] == {"越城区": 1}
    assert _results(app.get("/dataset/", query_string={"domain": "public_safety"}).body) == ["/dataset/closed"]


def _additional_info(body: str) -> dict[str, str]:
    table = _page(body).select("table.table-bordered")[0]
    return {_text(row.select_one("th")): _text(row.select_one("td")) for row in table.select("tbody tr")}


def test_entry_page_shows_badge_catalogue_table_and_data_items(app, entries):
    bus = helpers.call_action("package_show", id="bus")
    page = _page(app.get("/dataset/bus").body)
    assert _text(page.select_one(".open-level.open-level-conditional")) == "有条件开放"
    notice = page.select_one(".conditional-notice")
    assert _text(notice) == "有条件开放： 签署承诺书 申请使用"
    assert notice.select_one("a.access-apply-button")["href"].endswith(f"/dataset/{bus['name']}/apply")
    info = _additional_info(str(page))
    assert {k: info[k] for k in ("信息资源代码", "数据领域", "开放属性", "开放条件", "更新频率", "行政区划", "发布日期")} == {
        "信息资源代码": bus["catalog_code"], "数据领域": "交通出行", "开放属性": "有条件开放", "开放条件": "签署承诺书",
        "更新频率": "每月", "行政区划": "越城区", "发布日期": "2024-01-15"}
    rows = [[_text(td) for td in tr.select("td")] for tr in page.select(".data-items tbody tr")]
    assert rows == [["route_no", "线路编号", "整数", ""]]
    assert page.select_one(".not-open-notice") is None

    closed = _page(app.get("/dataset/closed").body)
    assert _text(closed.select_one(".open-level")) == "不予开放"
    assert _text(closed.select_one(".not-open-notice")) == "不予开放：仅公开目录信息，数据本身不开放。"
    assert closed.select_one(".data-items") is None and closed.select_one(".conditional-notice") is None


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("user", 403), ("editor", 403), ("sysadmin", 200)])
def test_import_page_is_for_sysadmins_only(app, entries, who, status):
    if who != "anonymous":
        app.set_session_user(factories.user_in_role(who, entries))
    res = app.get("/ckan-admin/catalog/import", follow_redirects=False)
    assert res.status_code == status
    if who == "anonymous":
        assert "/user/login" in res.headers["Location"]


def _run_jobs():
    """The queued jobs, run by CKAN's worker; in this process (the `with_test_worker` fixture):
    a forked work horse costs a second a job here, and forking is not what these pages test."""
    jobs.Worker().work(burst=True)


def _csrf(page: str) -> dict:
    return {"_csrf_token": re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)}


@pytest.mark.usefixtures("with_test_worker")
def test_sysadmin_uploads_checks_and_confirms_an_import(app, entries, tmp_path):
    admin = ckan_factories.Sysadmin()
    app.set_session_user(admin["name"])
    good = wb.write(tmp_path / "good.xlsx", [wb.entry_row(1, "市交通运输局"), wb.entry_row(2, "市交通运输局")])
    token = _csrf(app.get("/ckan-admin/catalog/import").body)
    with open(good, "rb") as f:
        res = app.post("/ckan-admin/catalog/import", data={"workbook": (f, "good.xlsx"), **token},
                       follow_redirects=False)
    assert res.status_code == 302
    status_url = res.headers["Location"]
    assert "import-pending" in app.get(status_url).body
    _run_jobs()
    page = app.get(status_url).body
    assert "import-report" in page and "确认导入" in page
    assert helpers.call_action("package_search", q="*:*")["count"] == 2     # the dry run wrote nothing
    res = app.post(status_url, data=_csrf(page), follow_redirects=False)
    assert res.status_code == 302
    _run_jobs()
    assert "导入完成" in app.get(res.headers["Location"]).body
    assert helpers.call_action("package_show", id="sx-t-0002")["title"] == "测试目录2"


@pytest.mark.usefixtures("with_test_worker")
def test_problems_of_an_uploaded_workbook_are_shown_as_a_table(app, entries, tmp_path):
    admin = ckan_factories.Sysadmin()
    app.set_session_user(admin["name"])
    bad = wb.write(tmp_path / "bad.xlsx", [wb.entry_row(1, "市不存在局")])
    token = _csrf(app.get("/ckan-admin/catalog/import").body)
    with open(bad, "rb") as f:
        res = app.post("/ckan-admin/catalog/import", data={"workbook": (f, "bad.xlsx"), **token},
                       follow_redirects=False)
    _run_jobs()
    page = app.get(res.headers["Location"]).body
    assert "import-problems" in page and "市不存在局" in page
    assert app.post(res.headers["Location"], data=token, follow_redirects=False).status_code == 409



def test_posts_without_the_forms_csrf_token_are_refused(app, tmp_path):
    # CKAN exempts a view from CSRF checks after any anonymous POST to it; ours check anyway.
    app.post("/ckan-admin/catalog/import", data={"x": "1"}, follow_redirects=False)
    app.set_session_user(ckan_factories.Sysadmin()["name"])
    with open(wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, "市交通运输局")]), "rb") as f:
        res = app.post("/ckan-admin/catalog/import", data={"workbook": (f, "c.xlsx")}, follow_redirects=False)
    assert res.status_code == 400 and "CSRF" in res.body


@pytest.mark.usefixtures("with_test_worker")
def test_the_web_import_names_the_resources_it_would_remove_and_asks_first(app, entries, tmp_path):
    from openpyxl import load_workbook

    from ckanext.shaoxing.catalog import export as exporter
    from ckanext.shaoxing.catalog import layout
    bus = helpers.call_action("package_patch", factories.as_site(), id="bus", resources=[
        {"name": "线路接口", "url": "https://api.example.gov.cn/open/1", "interface_type": "open_api"},
        {"name": "站点接口", "url": "https://api.example.gov.cn/open/2", "interface_type": "open_api"}])
    exporter.write(str(tmp_path / "export.xlsx"))
    book = load_workbook(tmp_path / "export.xlsx")
    book[layout.RESOURCES].delete_rows(3)          # 站点接口
    book.save(tmp_path / "export.xlsx")

    app.set_session_user(ckan_factories.Sysadmin()["name"])
    token = _csrf(app.get("/ckan-admin/catalog/import").body)
    with open(tmp_path / "export.xlsx", "rb") as f:
        status_url = app.post("/ckan-admin/catalog/import", data={"workbook": (f, "export.xlsx"), **token},
                              follow_redirects=False).headers["Location"]
    _run_jobs()
    page = app.get(status_url).body
    removed = re.search(r'<table class="table table-sm table-striped import-removed">(.*?)</table>', page, re.S).group(1)
    assert "站点接口" in removed and bus["resources"][1]["id"] in removed and "线路接口" not in removed
    assert 'name="allow_resource_removal"' in page
    assert app.post(status_url, data=_csrf(page), follow_redirects=False).status_code == 409
    assert len(helpers.call_action("package_show", id="bus")["resources"]) == 2

    res = app.post(status_url, data={**_csrf(page), "allow_resource_removal": "yes"}, follow_redirects=False)
    _run_jobs()
    assert "导入完成" in app.get(res.headers["Location"]).body
    assert [r["id"] for r in helpers.call_action("package_show", id="bus")["resources"]] == [bus["resources"][0]["id"]]
