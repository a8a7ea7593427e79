"""The bureau opens the targets dashboard, reads progress and downloads the workbook."""
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ckanext.shaoxing import clock
from tests import factories
from tests.conftest import PLUGINS
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_dashboard_journey(portal, page, tmp_path):
    org = factories.department(name="sx-transport", title="市交通运输局")
    year = clock.today().year - 1                    # a finished year, whatever today's date
    factories.entry(org, issued=f"{year}-01-05")
    factories.entry(org, issued=f"{year}-04-05")

    page.goto(portal + f"/targets?year={year}")
    expect(page.locator("h1")).to_contain_text("指标看板")
    expect(page.locator(".metric-open_datasets .actual")).to_have_text("2")
    expect(page.locator(".metric-open_datasets .percent")).to_have_text("2%")
    expect(page.locator("figure[data-shaoxing-chart]").first).to_have_attribute("data-drawn", "")   # ECharts
    expect(page.locator(".by-organization")).to_contain_text("市交通运输局")
    page.locator("select[name=period]").select_option("year")
    page.get_by_role("button", name="查看").last.click()
    page.wait_for_url("**period=year**")
    expect(page.locator(".department-ranking")).to_contain_text("市交通运输局")
    expect(page.get_by_text(f"{year}-01-01 – {year}-12-31")).to_be_visible()     # the year shown, not today's
    shot(page, "department-targets", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载（.xlsx）").click()
    saved = tmp_path / "targets.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert book.sheetnames[1] == "by_organization"
    # The workbook holds the year's figures the page shows.
    targets = {row[0]: row[1:] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert targets["open_datasets"] == (100, 2)
    header, *orgs = book["by_organization"].iter_rows(values_only=True)
    assert [dict(zip(header, row)) for row in orgs][0] | {"governance_rate": None, "score": None} == {
        "rank": 1, "name": "sx-transport", "title": "市交通运输局", "open_datasets": 2, "open_apis": 0,
        "shared_apis": 0, "governance_rate": None, "score": None}
    assert sum(row[1] for row in book["monthly"].iter_rows(min_row=2, values_only=True)) == 2
