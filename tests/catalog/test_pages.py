"""Catalogue pages: facets labelled in both languages, entry pages, and the sysadmin import
pages (authorization for anonymous, a plain user, a department editor and a sysadmin)."""
import re

import pytest
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


def test_facets_show_labels_in_each_language(app, entries):
    zh = app.get("/dataset/").body
    for label in ("数源单位", "数据领域", "开放属性", "行政区划", "更新频率",
                  "交通出行", "有条件开放", "不予开放", "越城区", "每月", "市交通运输局"):
        assert label in zh, label
    en = app.get("/en/dataset/").body
    for label in ("Department", "Domain", "Open level", "District", "Update frequency",
                  "Transport", "Open on conditions", "Not open", "Yuecheng District", "Monthly"):
        assert label in en, label


def test_facet_filter_by_domain_and_open_level(app, entries):
    body = app.get("/dataset/", query_string={"domain": "transport", "open_level": "conditional"}).body
    assert "绍兴市区公交线路信息" in body and "内部调度数据" not in body


def test_entry_page_shows_badge_catalogue_table_and_data_items(app, entries):
    body = app.get("/dataset/bus").body
    assert re.search(r'open-level-conditional">有条件开放<', body)
    assert "签署承诺书" in body and "信息资源代码" in body and "数据领域" in body
    assert "<code>route_no</code>" in body and "线路编号" in body and "整数" in body
    assert "仅" in app.get("/dataset/closed").body   # not-open notice


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("user", 403), ("editor", 403), ("sysadmin", 200)])
def test_import_page_is_for_sysadmins_only(app, entries, who, status):
    if who != "anonymous":
        app.set_session_user(factories.user_in_role(who, entries))
    res = app.get("/ckan-admin/catalog/import", follow_redirects=False)
    assert res.status_code == status
    if who == "anonymous":
        assert "/user/login" in res.headers["Location"]


def _run_jobs():
    jobs.Worker().work(burst=True)


def _csrf(page: str) -> dict:
    return {"_csrf_token": re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)}


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


def test_the_web_import_names_the_resources_it_would_remove_and_asks_first(app, entries, tmp_path):
    from openpyxl import load_workbook
    from ckanext.shaoxing.catalog import export as exporter, layout
    bus = helpers.call_action("package_patch", id="bus", resources=[
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
