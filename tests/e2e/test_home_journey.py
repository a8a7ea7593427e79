"""A citizen's journey from the home page: a topic tile, a filter, an entry, a download; and the
home page as a person sees it in each language (screenshots: tests/e2e/conftest.py shot)."""
import pathlib

import pytest
import requests
from playwright.sync_api import expect

from ckanext.shaoxing.catalog.importer import import_workbook
from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture
def catalogue(tmp_path: pathlib.Path):
    factories.department(name="sx-transport", title="市交通运输局")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "stops.csv").write_text("stop_id,name\n1,解放路\n", encoding="utf-8")
    rows = [wb.entry_row(1, "市交通运输局", 数据目录名称="绍兴市区公交站点"),
            wb.entry_row(2, "市交通运输局", 数据目录名称="公交企业信用信息", 开放属性="有条件开放", 开放条件="签署承诺书"),
            wb.entry_row(3, "市交通运输局", 数据目录名称="医院名录", 数据领域="医疗健康")]
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": "站点表", "资源类型": "文件下载", "数据格式": "CSV",
                  "资源地址": "files/stops.csv"}]
    import_workbook(wb.write(tmp_path / "c.xlsx", rows, resources))


def test_from_the_home_page_to_a_downloaded_file(portal, page, catalogue):
    page.goto(portal + "/")
    expect(page.locator(".shaoxing-site-title")).to_have_text("绍兴市公共数据开放平台")
    expect(page.locator('[data-figure="open_datasets"] .figure-value')).to_have_text("3")
    shot(page, "home-zh", full_page=True)

    page.locator('a[data-domain="transport"]').click()
    page.wait_for_url("**/dataset/**domain=transport**")
    results = page.locator(".dataset-list")
    expect(results).to_contain_text("绍兴市区公交站点")
    expect(results).to_contain_text("公交企业信用信息")
    expect(results).not_to_contain_text("医院名录")

    page.locator("a", has_text="无条件开放").first.click()       # the open-level facet
    page.wait_for_url("**open_level=unconditional**")
    expect(results).not_to_contain_text("公交企业信用信息")

    page.locator(".dataset-list a", has_text="绍兴市区公交站点").click()
    expect(page.locator("h1")).to_contain_text("绍兴市区公交站点")
    shot(page, "citizen-entry")
    page.locator(".resource-item a", has_text="站点表").first.click()
    link = page.locator("a.resource-url-analytics").first
    href = link.get_attribute("href")
    assert "/download/stops.csv" in href
    assert requests.get(href if href.startswith("http") else portal + href, timeout=10).content.decode() == \
        "stop_id,name\n1,解放路\n"

    page.goto(portal + "/en/")
    expect(page.locator(".navbar-nav")).to_contain_text("Open catalogue")
    expect(page.locator(".shaoxing-domains h2")).to_have_text("Browse by domain")
    shot(page, "home-en", full_page=True)
