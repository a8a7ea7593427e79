"""A citizen on a table's resource page in a real browser: the preview loads every file it asks
for (no 404), Chinese typed into its search box narrows the rows to those holding it, and the
download links name the file after the resource, the one for reading with Chinese headers."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e.conftest import record
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_the_preview_finds_chinese_and_loads_everything_it_asks_for(portal, browser):
    org = factories.department(name="transport", title="市交通运输局")
    pkg = interface_entry(org)
    from ckan import model
    model.Session.commit()
    table = pkg["table"]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    failed = []
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page = context.new_page()
    page.goto(f"{portal}/dataset/{pkg['name']}/resource/{table['id']}")
    preview = page.frame_locator("iframe").first
    expect(preview.locator("#dtprv tbody tr")).to_have_count(2)
    search = preview.locator("input[type=search]:not(.fhead)")     # the table's box, not a column's
    search.fill("越城")
    search.press("Enter")                       # the view searches on Enter
    expect(preview.locator("#dtprv tbody tr")).to_have_count(1)
    expect(preview.locator("#dtprv tbody tr").first).to_contain_text("越城区公交站")
    record(page, "table-preview-chinese-search")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（中文表头）").click()
    assert download.value.suggested_filename == "stations.csv"
    assert failed == []
    context.close()
