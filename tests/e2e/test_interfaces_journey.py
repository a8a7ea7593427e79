"""A developer opens a resource page, sees the preview table with Chinese headers, opens the
interface's documentation page and runs its curl example against this portal."""
import json
import shlex
import subprocess

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e.conftest import shot
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_preview_then_documentation_then_the_example(portal, page):
    org = factories.department(name="transport", title="市交通运输局")
    pkg = interface_entry(org)
    page.goto(f"{portal}/dataset/{pkg['name']}/resource/{pkg['table']['id']}")
    # datatables_view renders inside its iframe, with the data dictionary's Chinese labels; once it
    # scrolls sideways it draws a second (visible) header above the table's own, so take the first
    frame = page.frame_locator("iframe").first
    expect(frame.locator("thead").first).to_contain_text("座位数", timeout=20000)
    expect(frame.locator("tbody")).to_contain_text("越城区公交站", timeout=20000)
    expect(page.locator(".shaoxing-dumps")).to_contain_text("XLSX")
    shot(page, "citizen-preview", full_page=True)

    page.goto(f"{portal}/dataset/{pkg['name']}/resource/{pkg['open_api']['id']}")
    page.locator(".shaoxing-interface-box").get_by_role("link", name="开发者文档").click()
    page.wait_for_url("**/interfaces/open/SX-JT-2024-0001/1")
    expect(page.locator(".shaoxing-dictionary")).to_contain_text("开通日期")
    expect(page.locator(".shaoxing-sample")).to_contain_text("柯桥公交站")      # try it: live rows
    shot(page, "developer-interface-page", full_page=True)
    curl = page.locator(".shaoxing-curl").first.inner_text()
    # the example as shown, run against this portal: it answers with the table
    out = subprocess.run(shlex.split(curl), capture_output=True, text=True, check=True, timeout=30).stdout
    body = json.loads(out)
    assert body["success"] is True
    assert [r["name"] for r in body["result"]["records"]] == ["越城区公交站", "柯桥公交站"]
    # with Chinese in q, as shown (curl -G --data-urlencode): only the matching row
    curl = page.locator(".shaoxing-curl").nth(1).inner_text()
    assert "--data-urlencode 'q=越城'" in curl
    out = subprocess.run(shlex.split(curl), capture_output=True, text=True, check=True, timeout=30).stdout
    assert [r["name"] for r in json.loads(out)["result"]["records"]] == ["越城区公交站"]
    python = page.locator(".shaoxing-python").inner_text()
    run = subprocess.run([".venv/bin/python", "-c", python], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0 and "越城区公交站" in run.stdout
    # the JSON example in Chinese characters, the response shape wrapped, not clipped
    assert "越城区公交站" in page.locator(".shaoxing-json-example").inner_text()
    assert "\\u" not in page.locator(".shaoxing-json-example").inner_text()
    shape = page.locator(".shaoxing-shape")
    assert shape.evaluate("e => e.scrollWidth <= e.clientWidth")
    # a copy button on every code block (served by the portal, no CDN); it answers when clicked
    expect(page.locator(".shaoxing-copy")).to_have_count(page.locator(".shaoxing-api-doc pre > code").count())
    page.locator(".shaoxing-copy").first.click()
    expect(page.locator(".shaoxing-copy").first).not_to_have_text("复制")
