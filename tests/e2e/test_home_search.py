"""A citizen opens the home page, searches 公交 and sees the bus routes dataset."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_search_from_home_page_finds_dataset(portal, page):
    org = factories.department(title="市交通运输局")
    factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息")
    factories.entry(org, name="parking", title="柯桥区公共停车场泊位信息")

    page.goto(portal + "/")
    expect(page.locator("h1")).to_contain_text("绍兴市公共数据开放平台")
    box = page.locator("#home-search")      # the page's own box (the header has one too)
    box.fill("公交")
    box.press("Enter")
    page.wait_for_url("**/dataset/**")
    items = page.locator(".dataset-list .dataset-item")
    expect(items).to_have_count(1)
    expect(items).to_contain_text("绍兴市区公交线路信息")
    shot(page, "citizen-search")
    # The hit leads to the entry's page.
    items.get_by_role("link", name="绍兴市区公交线路信息").click()
    page.wait_for_url("**/dataset/bus-routes")
    expect(page.locator("h1")).to_contain_text("绍兴市区公交线路信息")
