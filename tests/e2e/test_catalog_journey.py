"""A citizen narrows the catalogue by facets, opens an entry and downloads the catalogue."""
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_filter_open_and_download(portal, page, tmp_path):
    org = factories.department(title="市交通运输局")
    factories.entry(org, name="bus", title="绍兴市区公交线路信息", open_level="conditional",
                    open_condition="签署数据安全承诺书",
                    data_items=[{"field_name": "route_no", "field_label": "线路编号", "field_type": "string"}])
    factories.entry(org, name="taxi", title="出租车经营许可信息")
    factories.entry(org, name="air", title="绍兴市空气质量实时监测数据", domain="environment",
                    open_level="conditional", open_condition="签署承诺书")

    page.goto(portal + "/dataset/")
    page.get_by_role("link", name="交通出行").first.click()
    page.wait_for_url("**domain=transport**")
    page.get_by_role("link", name="有条件开放").first.click()
    page.wait_for_url("**open_level=conditional**")
    results = page.locator(".dataset-list")
    expect(results).to_contain_text("绍兴市区公交线路信息")
    expect(results).not_to_contain_text("出租车")
    expect(results).not_to_contain_text("空气质量")

    page.get_by_role("link", name="绍兴市区公交线路信息").click()
    expect(page.locator(".open-level")).to_have_text("有条件开放")
    expect(page.locator(".data-items")).to_contain_text("线路编号")

    page.goto(portal + "/dataset/")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载公共数据开放目录（.xlsx）").click()
    saved = tmp_path / "catalogue.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    codes = [row[1] for row in book["目录"].iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 3

