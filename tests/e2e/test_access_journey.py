"""A company's journey in a real browser: register the company (the bureau verifies it), apply
for a conditional entry from its page, the department approves in its queue, the company
creates a key (shown once) and calls the data API with it from a plain HTTP client. Verifying,
approving and revoking each ask for a confirmation first (a page, no JavaScript needed), where
axe-core finds no violation; after applying, the company is told when to expect the answer."""

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import conftest as e2e
from tests.e2e.conftest import shot
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

PASSWORD = "Journey-pass-2026"


def login(browser, portal, user):
    return e2e.login(browser, portal, user, PASSWORD)


def test_register_apply_approve_key_call(portal, browser):
    org = factories.department(name="transport", title="市交通运输局")
    pkg = interface_entry(org, open_level="conditional")
    for name in ("acme", "clerk", "bureau"):
        ckan_factories.User(name=name, password=PASSWORD, email=f"{name}@example.com", sysadmin=name == "bureau")
    helpers.call_action("organization_member_create", id=org["id"], username="clerk", role="editor")
    api = f"{portal}/api/3/action/datastore_search"
    table = {"resource_id": pkg["table"]["id"]}
    assert requests.post(api, json=table, timeout=30).status_code == 403

    company = login(browser, portal, "acme")
    company.goto(f"{portal}/company/register")
    company.fill("#field-name", "绍兴智行科技有限公司")
    company.fill("#field-uscc", factories.credit_code(4242))
    company.fill("#field-contact_name", "赵六")
    company.fill("#field-contact_phone", "0575-88776655")
    company.fill("#field-contact_email", "zhao@example.com")
    shot(company, "company-register")
    company.get_by_role("button", name="注册").click()
    expect(company.locator(".access-state")).to_have_attribute("data-state", "pending")

    bureau = login(browser, portal, "bureau")
    bureau.goto(f"{portal}/ckan-admin/companies")
    bureau.locator("tr", has_text="绍兴智行科技有限公司").get_by_role("button", name="认证通过").click()
    expect(bureau.locator(".confirm-question")).to_contain_text("绍兴智行科技有限公司")
    bureau.locator(".confirm-step").get_by_role("button", name="认证通过").click()
    expect(bureau.locator("tr", has_text="绍兴智行科技有限公司").locator(".access-state")).to_have_attribute(
        "data-state", "verified")

    company.goto(f"{portal}/dataset/{pkg['name']}")
    company.get_by_role("link", name="申请使用").first.click()
    company.fill("#field-purpose", "公交出行规划")
    company.fill("#field-scenario", "出行 App 实时站点查询")
    company.fill("#field-app_name", "绍兴智行")
    company.fill("#field-security_measures", "专网存储，最小授权")
    company.fill("#field-period_days", "30")
    company.check("#field-accept_commitment")
    shot(company, "company-apply", full_page=True)
    company.get_by_role("button", name="提交申请").click()
    expect(company.locator(".access-request")).to_contain_text("待审核")
    expect(company.locator(".alert-success")).to_contain_text("5 个工作日")
    company.reload()                                              # post/redirect/get: one application
    expect(company.locator(".access-request")).to_have_count(1)

    clerk = login(browser, portal, "clerk")
    clerk.goto(f"{portal}/access/review")
    request = clerk.locator(".access-request", has_text="绍兴智行科技有限公司")
    expect(request.locator(".pending-age")).to_contain_text("0")
    shot(clerk, "department-review")
    request.get_by_role("button", name="通过").click()
    expect(clerk.locator(".confirm-question")).to_contain_text("绍兴智行科技有限公司")
    assert Axe().run(clerk, context="[role=main]").response["violations"] == []
    clerk.locator(".confirm-step").get_by_role("button", name="通过").click()
    expect(clerk.locator(".dept-grants")).to_contain_text("绍兴智行科技有限公司")

    company.goto(f"{portal}/company/applications")
    expect(company.locator(".access-request")).to_contain_text("已通过")
    company.goto(f"{portal}/company/keys")
    company.fill("#field-label", "生产服务器")
    company.get_by_role("button", name="创建密钥").click()
    key = company.locator("#new-key").input_value()
    shot(company, "company-keys")
    assert key.startswith("sxk_")
    company.reload()                                             # post/redirect/get: no second key
    expect(company.locator("#new-key")).to_have_count(0)         # shown once
    expect(company.locator(".app-keys tbody tr")).to_have_count(1)

    r = requests.post(api, json=table, headers={"X-App-Key": key}, timeout=30)
    assert r.status_code == 200 and r.json()["result"]["total"] == 2
    r = requests.get(f"{portal}/api/open/SX-JT-2024-0001/1", headers={"X-App-Key": key}, timeout=30)
    assert [row["name"] for row in r.json()["result"]["records"]] == ["越城区公交站", "柯桥公交站"]
    assert requests.get(api, params={**table, "app_key": key}, timeout=30).status_code == 400
