"""Each role's journey in a real browser, at desktop and phone width: log in, land on what the role
has, open the account menu (labelled items, all on the screen) and reach its pages (each of them
at desktop width, one on a phone); axe-core finds no violation in the menu nor on the pages' own
content."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import PLUGINS
from tests.e2e.conftest import shot
from tests.roles.conftest import PASSWORD, cast  # noqa: F401  (the fixture)
from tests.roles.test_menu import ALWAYS, ITEMS, LANDS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Findings on pages this journey passes through but does not draw: CKAN's own sysadmin table on
# the admin overview (its unlabelled button column), reworded with the rest of the admin pages.
ELSEWHERE = {"/ckan-admin/": {"empty-table-header"}}


def _violations(page, context: str) -> list[str]:
    known = ELSEWHERE.get(urlsplit(page.url).path, set())
    found = [v for v in Axe().run(page, context=context).response["violations"] if v["id"] not in known]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found]


def _log_in(browser, portal: str, user: str, viewport: dict):
    """The login form posted (CKAN redirects to ckan.site_url, maybe another port: the redirect's
    path is followed on this portal), then the page it leads to."""
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', context.request.get(portal + "/user/login").text()).group(1)
    res = context.request.post(portal + "/user/login", max_redirects=0,
                               form={"login": user, "password": PASSWORD, "_csrf_token": token})
    assert res.status == 302, res.status
    page = context.new_page()
    page.goto(portal + urlsplit(res.headers["location"]).path)
    return page


def _path(page) -> str:
    return urlsplit(page.url).path


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", list(ITEMS))
def test_each_role_logs_in_lands_and_reaches_its_pages(portal, browser, cast, role, width):  # noqa: F811
    from ckan import model
    model.Session.commit()
    page = _log_in(browser, portal, cast[role], WIDTHS[width])
    page.set_default_timeout(10_000)
    assert _path(page) == LANDS[role]
    assert "你还未创建任何数据集" not in page.content()
    shot(page, f"roles-{role}-{width}-landing")
    toggle = page.locator("#shaoxing-account-toggle")
    toggle.click()
    menu = page.locator(".shaoxing-account-items")
    expect(menu).to_be_visible()
    keys = set(menu.locator("[data-menu-item]").evaluate_all("els => els.map(e => e.dataset.menuItem)"))
    assert keys == ITEMS[role] | ALWAYS
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"], box      # all of it on the screen
    if width == "desktop":
        assert _violations(page, ".account-masthead") == []
    toggle.click()                                          # closed again
    expect(menu).to_be_hidden()
    # On a phone every item is shown on the screen (above) and one is followed: the pages behind the
    # others are the desktop's, followed there (the suite's time budget).
    for key in sorted(ITEMS[role]) if width == "desktop" else sorted(ITEMS[role])[:1]:
        page.locator("#shaoxing-account-toggle").click()
        item = page.locator(f'.shaoxing-account-items [data-menu-item="{key}"]')
        label = item.inner_text().strip()
        assert label and not re.search(r"[A-Za-z]{4,}", label), label       # a Chinese label, not an icon
        with page.expect_navigation() as nav:
            item.click()
        assert nav.value.status == 200, (key, page.url)
        if width == "desktop":
            assert _violations(page, "[role=main], main, #content") == [], (key, page.url)
    shot(page, f"roles-{role}-{width}-last")
