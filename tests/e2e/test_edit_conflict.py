"""Two editors in two browsers open the same entry's edit form; the first saves, the second's save
meets the conflict page (both versions field by field), merges on a phone-width screen, and
lands on the entry with both changes. axe-core finds no violation on the page, in Chinese or
English."""
from __future__ import annotations

import pytest
from ckan.tests import helpers
from playwright.sync_api import expect

from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e import conftest as e2e
from tests.e2e.conftest import shot
from tests.edits.conftest import PASSWORD, desk

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def world(worlds):
    return worlds("edits", desk)


def _violations(page) -> list[str]:
    """axe-core's findings on the whole page."""
    return a11y.summary(a11y.violations(page))


def test_second_editor_merges_on_a_phone(portal, browser, world):
    from ckan import model
    model.Session.commit()
    url = f"{portal}/dataset/edit/{world.entry['name']}"
    first = e2e.login(browser, portal, world.editor, PASSWORD)
    second = e2e.login(browser, portal, world.second_editor, PASSWORD)
    second.set_viewport_size(PHONE)
    first.goto(url)
    second.goto(url)

    first.locator("#field-notes").fill("第一位改了摘要")
    first.locator("button.btn-primary[name=save]").click()
    first.wait_for_url(f"**/dataset/{world.entry['name']}")

    second.locator("#field-title").fill("第二位改了标题")
    second.locator("button.btn-primary[name=save]").click()
    expect(second.locator("h1")).to_have_text("您打开之后已被他人修改")
    title, notes = second.locator("#conflict-title"), second.locator("#conflict-notes")
    expect(title.locator("pre").nth(0)).to_have_text("公交线路")
    expect(title.locator("pre").nth(1)).to_have_text("第二位改了标题")
    expect(notes.locator("pre").nth(0)).to_have_text("第一位改了摘要")
    # On a phone the two versions stack, and nothing of the page's form is wider than the screen
    # (the site's own header and footer rows are every page's).
    widest = second.evaluate("""Math.max(...[...document.querySelectorAll('form.shaoxing-conflict, '
        + 'form.shaoxing-conflict *')].map(e => e.getBoundingClientRect().right))""")
    assert widest <= PHONE["width"]
    theirs, yours = (title.locator("pre").nth(i).bounding_box() for i in (0, 1))
    assert yours["y"] > theirs["y"] + theirs["height"]
    violations = _violations(second)
    assert not violations, "\n".join(violations)
    shot(second, "edit-conflict-phone", full_page=True)

    title.get_by_label("使用我的").check()
    second.get_by_role("button", name="按我的选择保存").click()
    second.wait_for_url(f"**/dataset/{world.entry['name']}")
    expect(second.locator(".alert-success")).to_contain_text("已保存")
    shown = helpers.call_action("package_show", id=world.entry["id"])
    assert (shown["title"], shown["notes"]) == ("第二位改了标题", "第一位改了摘要")


def test_the_conflict_page_in_english_passes_axe(portal, browser, world):
    from ckan import model
    model.Session.commit()
    url = f"{portal}/en/dataset/{world.entry['name']}/resource/{world.resource['id']}/edit"
    first = e2e.login(browser, portal, world.editor, PASSWORD)
    second = e2e.login(browser, portal, world.second_editor, PASSWORD)
    first.goto(url)
    second.goto(url)
    first.locator("#field-name").fill("Lines v2")
    first.locator("button.btn-primary[name=save]").click()
    first.wait_for_url("**/resource/**")
    second.locator("#field-description").fill("mine")
    second.locator("button.btn-primary[name=save]").click()
    expect(second.locator("h1")).to_have_text("Changed since you opened it")
    violations = _violations(second)
    assert not violations, "\n".join(violations)
    second.get_by_role("button", name="Keep theirs, discard mine").click()
    second.wait_for_url("**/resource/**")
    assert helpers.call_action("resource_show", id=world.resource["id"])["name"] == "Lines v2"
