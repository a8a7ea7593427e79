"""An editor changes an entry through the form; anyone reads who changed what on its history page
and the field-by-field changes, in Chinese, and axe-core finds no violation there; a conditional
entry's history is refused to the public."""
from __future__ import annotations

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e import conftest as e2e
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "e2e-History-Pass-1"


def _violations(page) -> list[str]:
    return a11y.summary(a11y.violations(page))


def test_an_edit_by_the_form_is_on_the_public_history_page(portal, browser, page):
    from ckan import model
    org = factories.department(name="sx-transport", title="市交通运输局")
    ckan_factories.User(name="hist-editor", fullname="王编辑", password=PASSWORD, email="hist-editor@example.com")
    helpers.call_action("organization_member_create", id=org["id"], username="hist-editor", role="editor")
    factories.entry(org, name="bus-lines", title="公交线路")
    conditional = factories.entry(org, name="bus-permits", title="公交经营许可", open_level="conditional",
                                  open_condition="须签署数据安全承诺书")
    model.Session.commit()

    editor = e2e.login(browser, portal, "hist-editor", PASSWORD)
    editor.goto(portal + "/dataset/edit/bus-lines")
    editor.locator("#field-notes").fill("新的摘要：市区公交线路")
    editor.locator("button.btn-primary[name=save]").click()
    editor.wait_for_url("**/dataset/bus-lines")

    page.goto(portal + "/dataset/activity/bus-lines")
    item = page.locator("li.changed-package").first
    expect(item).to_contain_text("王编辑")
    expect(item).to_contain_text("更新了")
    expect(page.locator("body")).not_to_contain_text("hist-editor@example.com")
    violations = _violations(page)
    assert not violations, "\n".join(violations)
    shot(page, "history-activity")
    item.get_by_role("link", name="变更").click()
    page.wait_for_url("**/dataset/changes/**")
    expect(page.locator("body")).to_contain_text("新的摘要：市区公交线路")
    violations = _violations(page)
    assert not violations, "\n".join(violations)
    shot(page, "history-changes", full_page=True)

    refused = page.goto(portal + f"/dataset/activity/{conditional['name']}")
    assert refused.status == 403
