"""A citizen files a data request through the prefilled form; the bureau routes it; the department
accepts, then fulfils it with a dataset, whose page then says it answers one request. axe-core
finds no violation on the new pages, in Chinese and in English."""
from __future__ import annotations

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.shaoxing.feedback import workdays
from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "e2e-Feedback-Pass-1"


def _clean(page) -> None:
    found = a11y.summary(a11y.violations(page))
    assert not found, page.url + "\n" + "\n".join(found)


def test_a_request_from_the_form_to_the_dataset_that_answers_it(portal, browser):
    from ckan import model
    workdays.load()
    org = factories.department(name="sx-transport", title="市交通运输局")
    for name in ("fb-citizen", "fb-editor"):
        ckan_factories.User(name=name, password=PASSWORD, email=f"{name}@example.com")
    ckan_factories.Sysadmin(name="fb-bureau", password=PASSWORD, email="fb-bureau@example.com")
    helpers.call_action("organization_member_create", id=org["id"], username="fb-editor", role="editor")
    factories.entry(org, name="bus-stops", title="公交站点")
    model.Session.commit()

    citizen = e2e.login(browser, portal, "fb-citizen", PASSWORD)
    citizen.goto(portal + "/requests/new?title=" + "公交到站时间")
    expect(citizen.locator("#field-title")).to_have_value("公交到站时间")
    _clean(citizen)
    citizen.locator("#field-description").fill("希望开放各站点实时到站时间")
    citizen.locator("#field-domain").select_option("transport")
    citizen.locator("form.feedback-form button[type=submit]").click()
    citizen.wait_for_url("**/requests/*")
    expect(citizen.locator(".feedback-state")).to_have_text("已提交")
    request_url = citizen.url

    bureau = e2e.login(browser, portal, "fb-bureau", PASSWORD)
    bureau.goto(request_url)
    bureau.locator("#route-org").select_option(label="市交通运输局")
    bureau.locator("#route-reply").fill("转市交通运输局办理")
    bureau.get_by_role("button", name="分派", exact=True).click()
    expect(bureau.locator(".feedback-state")).to_have_text("已分派")
    bureau.goto(portal + "/requests/bureau")
    _clean(bureau)

    editor = e2e.login(browser, portal, "fb-editor", PASSWORD)
    editor.goto(request_url)
    editor.locator("#answer-state").select_option("accepted")
    editor.locator("#answer-planned").fill("2099-01-31")
    editor.locator("#answer-reply").fill("已列入开放计划")
    editor.get_by_role("button", name="提交答复").click()
    expect(editor.locator(".feedback-state")).to_have_text("已受理")
    editor.locator("#answer-state").select_option("fulfilled")
    editor.locator("#answer-package").fill("bus-stops")
    editor.locator("#answer-reply").fill("已开放")
    editor.get_by_role("button", name="提交答复").click()
    expect(editor.locator(".feedback-state")).to_have_text("已办结")
    _clean(editor)

    citizen.goto(request_url)
    expect(citizen.locator(".feedback-history li")).to_have_count(4)
    citizen.goto(portal + "/dataset/bus-stops")
    expect(citizen.locator(".feedback-answers")).to_contain_text("回应了 1 条数据需求")
    citizen.goto(portal + "/requests")
    _clean(citizen)
    citizen.goto(portal + "/en" + request_url.split(portal, 1)[1])
    expect(citizen.locator(".feedback-state")).to_have_text("Fulfilled")
    _clean(citizen)
    citizen.context.close()
    bureau.context.close()
    editor.context.close()
