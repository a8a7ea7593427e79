"""A citizen types in the header's search box, moves through the suggestions with the keyboard
and opens one; on a phone in 长辈版 the phone box suggests too; a search that finds nothing
offers what to try. axe on each page changed, in both languages; the bureau's two pages too."""
import pytest
from ckan.tests import factories as ckan_factories
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

PASSWORD = "Journey-pass-2026"


def test_typing_and_picking_a_suggestion_with_the_keyboard(portal, browser, page):
    org = factories.department(title="市交通运输局")
    factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息", tags=[{"name": "公交"}])
    factories.entry(org, name="bus-stops", title="诸暨市公交站点信息")
    factories.entry(org, name="secret-bus", title="公交内部调度信息", private=True)
    ckan_factories.Sysadmin(name="bureau", password=PASSWORD)

    page.goto(portal + "/dataset/?q=" + "绍兴")
    box = page.locator("#field-sitewide-search")
    expect(box).to_have_attribute("role", "combobox")
    box.fill("")
    box.press_sequentially("公交")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(3)                    # the keyword, then the two public titles
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("listbox")).not_to_contain_text("内部")
    a11y.assert_clean(page)
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "field-sitewide-search-suggestions-1")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    shot(page, "search-suggestions")
    box.press("Escape")                                 # closes the list, keeps the text
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("公交")
    box.press("ArrowDown")                              # opens it again, on the first
    box.press("ArrowDown")
    chosen = options.nth(1).inner_text().split("\n")[0]
    box.press("Enter")
    page.wait_for_url("**/dataset/bus-*")
    expect(page.locator("h1")).to_contain_text(chosen)

    # Pinyin, as citizens type it: the two public bus titles, one picked with the keyboard.
    box = page.locator("#field-sitewide-search")
    box.fill("")
    box.press_sequentially("gongjiao")
    expect(options).to_have_count(2)
    expect(page.get_by_role("listbox")).to_contain_text("公交线路")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/dataset/bus-*")

    # A phone, in 长辈版: the phone box suggests, and nothing scrolls sideways.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 800})
    phone.add_cookies([{"name": "shaoxing_care", "value": "1", "url": portal}])
    small = phone.new_page()
    small.goto(portal + "/about")
    small.locator("#field-phone-search").press_sequentially("诸暨")
    expect(small.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    assert small.evaluate("document.documentElement.scrollWidth") <= 360
    a11y.assert_clean(small)
    phone.close()

    # Nothing found: the nearest terms and a way to ask, in both languages, no empty filters.
    for prefix in ("", "/en"):
        page.goto(portal + prefix + "/dataset/?q=" + "公郊")
        help_block = page.locator(".shaoxing-zero-help")
        expect(help_block.get_by_role("link", name="公交")).to_be_visible()
        expect(page.locator(".nav-facet")).to_have_count(0)
        a11y.assert_clean(page)

    bureau = login(browser, portal, "bureau", PASSWORD)
    for prefix in ("", "/en"):
        for path in ("/ckan-admin/search-terms", "/ckan-admin/zero-results"):
            bureau.goto(portal + prefix + path)
            expect(bureau.locator("h1")).to_be_visible()
            a11y.assert_clean(bureau)
    bureau.context.close()
