"""A citizen on a conditional entry's resource page in a real browser: the page offers the
application, not a download that would be refused; following the download address anyway gives
a page in the visitor's language (no raw JSON) with the way to apply. axe-core finds no violation
on either page's own content."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e.conftest import shot
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _violations(page) -> list[str]:
    return a11y.summary(a11y.violations(page))


@pytest.mark.parametrize("prefix, heading, apply", [("", "无权获取此数据", "申请使用"),
                                                    ("/en", "This data is not open to you", "Apply for use")])
def test_a_citizen_is_offered_the_application_not_a_refused_download(portal, browser, prefix, heading, apply):
    org = factories.department(name="transport", title="市交通运输局")
    pkg = interface_entry(org, open_level="conditional")
    from ckan import model
    model.Session.commit()
    table = pkg["table"]
    page = browser.new_page()
    page.goto(f"{portal}{prefix}/dataset/{pkg['name']}/resource/{table['id']}")
    expect(page.locator("a.btn.resource-url-analytics")).to_have_count(0)
    expect(page.locator("a.shaoxing-apply")).to_have_text(apply)
    assert _violations(page) == []

    answer = page.goto(f"{portal}{prefix}/dataset/{pkg['id']}/resource/{table['id']}/download/stations.csv")
    assert answer.status == 403
    expect(page.locator("h1")).to_have_text(heading)
    shot(page, f"refused-download{prefix.replace('/', '-')}")
    assert _violations(page) == []
    page.get_by_role("link", name=apply).click()
    page.wait_for_url("**/user/login**")               # an application needs an account first
    assert "apply" in page.url
