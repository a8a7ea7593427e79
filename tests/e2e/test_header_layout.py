"""The header as a person sees it at desktop widths and on a phone, in both languages: the site's
name on one line in the page's language, the search box shown, nothing wider than the screen."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.mark.parametrize("prefix, name", [("", "绍兴市公共数据开放平台"), ("/en", "Shaoxing Public Data Open Platform")])
def test_the_header_keeps_its_shape_at_every_width(portal, browser, prefix, name):
    factories.department(name="sx-transport", title="市交通运输局")
    page = browser.new_page()
    for width in (1024, 1366, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{portal}{prefix}/dataset/")
        title = page.locator(".shaoxing-site-title")
        expect(title).to_have_text(name)
        shot(page, f"header{prefix.replace('/', '-')}-{width}")
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.shaoxing-site-title')).lineHeight)")
        assert title.bounding_box()["height"] < 1.5 * line, (width, "the name wraps")
        assert page.locator("header.masthead, .masthead").first.bounding_box()["height"] < 160, width
        assert page.locator(".site-search input, #field-sitewide-search").first.is_visible(), width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
