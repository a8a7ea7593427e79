"""A citizen narrows the catalogue by facets, opens an entry and downloads the catalogue."""
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_filter_open_and_download(portal, page, tmp_path):
    org = factories.department(title="市交通运输局")
    bus = factories.entry(org, name="bus", title="绍兴市区公交线路信息", open_level="conditional",
                          open_condition="签署数据安全承诺书",
                          data_items=[{"field_name": "route_no", "field_label": "线路编号", "field_type": "string"}])
    taxi = factories.entry(org, name="taxi", title="出租车经营许可信息")
    air = factories.entry(org, name="air", title="绍兴市空气质量实时监测数据", domain="environment",
                          open_level="conditional", open_condition="签署承诺书")

    page.goto(portal + "/dataset/")
    items = page.locator(".dataset-list .dataset-item")
    expect(items).to_have_count(3)
    page.get_by_role("link", name="交通出行").first.click()
    page.wait_for_url("**domain=transport**")
    expect(items).to_have_count(2)          # bus and taxi
    expect(page.locator(".dataset-list")).not_to_contain_text("空气质量")
    page.get_by_role("link", name="有条件开放").first.click()
    page.wait_for_url("**open_level=conditional**")
    expect(items).to_have_count(1)
    expect(items).to_contain_text("绍兴市区公交线路信息")
    expect(page.locator("li.nav-item.active")).to_have_count(2)     # both chosen facets can be removed
    shot(page, "citizen-facets")

    page.get_by_role("link", name="绍兴市区公交线路信息").click()
    page.wait_for_url("**/dataset/bus")
    expect(page.locator(".open-level")).to_have_text("有条件开放")
    expect(page.locator(".conditional-notice")).to_contain_text("有条件开放： 签署数据安全承诺书")
    expect(page.locator(".conditional-notice a.access-apply-button")).to_have_text("申请使用")
    code_row = page.locator("table.table-bordered tr", has=page.locator("th", has_text="信息资源代码"))
    expect(code_row.locator("td")).to_have_text(bus["catalog_code"])
    expect(page.locator(".data-items tbody tr td").first).to_have_text("route_no")
    expect(page.locator(".data-items tbody")).to_contain_text("线路编号")
    shot(page, "citizen-conditional-entry", full_page=True)

    page.goto(portal + "/dataset/")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载公共数据开放目录（.xlsx）").click()
    saved = tmp_path / "catalogue.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    rows = {row[1]: row[2] for row in book["目录"].iter_rows(min_row=2, values_only=True)}
    assert rows == {d["catalog_code"]: d["title"] for d in (bus, taxi, air)}
