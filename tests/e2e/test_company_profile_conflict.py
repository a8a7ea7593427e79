"""Two members of a company open its contact form; the owner saves a new e-mail, then the member's
save of a new phone meets the conflict page, merges (keeps the owner's e-mail, takes its own
phone), and lands on the company page with both. axe-core finds no violation on the page."""
from __future__ import annotations

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "Company-pass-2026"


def _company() -> dict:
    for name in ("co-owner", "co-member"):
        ckan_factories.User(name=name, password=PASSWORD, email=f"{name}@example.com")
    comp = helpers.call_action("shaoxing_company_register", {"user": "co-owner"}, name="绍兴某科技有限公司",
                               uscc=factories.credit_code(4242), contact_name="张三",
                               contact_phone="0575-88000000", contact_email="old@example.org")
    helpers.call_action("shaoxing_company_member_invite", {"user": "co-owner"}, username="co-member")
    helpers.call_action("shaoxing_company_invitation_accept", {"user": "co-member"}, company_id=comp["id"])
    return comp


def _open_form(page, portal: str) -> None:
    page.goto(f"{portal}/company")
    page.locator("details.company-profile summary").click()


def test_a_member_merges_over_the_owners_save(portal, browser):
    from ckan import model
    comp = _company()
    model.Session.commit()
    owner = e2e.login(browser, portal, "co-owner", PASSWORD)
    member = e2e.login(browser, portal, "co-member", PASSWORD)
    _open_form(owner, portal)
    _open_form(member, portal)

    owner.locator("#field-contact_email").fill("owner@example.org")
    owner.get_by_role("button", name="保存联系人信息").click()
    expect(owner.locator(".alert-success")).to_contain_text("企业资料已保存")

    member.locator("#field-contact_phone").fill("0575-88666666")
    member.get_by_role("button", name="保存联系人信息").click()
    expect(member.locator("h1")).to_have_text("您打开之后已被他人修改")
    phone, email = member.locator("#conflict-contact_phone"), member.locator("#conflict-contact_email")
    expect(phone.locator("pre").nth(1)).to_have_text("0575-88666666")
    expect(email.locator("pre").nth(0)).to_have_text("owner@example.org")
    a11y.assert_clean(member)

    phone.get_by_label("使用我的").check()
    member.get_by_role("button", name="按我的选择保存").click()
    member.wait_for_url("**/company")
    expect(member.locator(".alert-success")).to_contain_text("已保存")
    model.Session.remove()
    shown = helpers.call_action("shaoxing_company_show", {"user": "co-owner"}, id=comp["id"])
    assert (shown["contact_phone"], shown["contact_email"]) == ("0575-88666666", "owner@example.org")
