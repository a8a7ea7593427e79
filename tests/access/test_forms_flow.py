"""The access forms as a user meets them: every successful post answers with a redirect (reloading
the page it lands on does nothing twice), the application says when to expect the answer (the
`review_days` setting, the one the overdue mark uses), the decisions that cannot be undone ask
first (a page that works without JavaScript), required fields are marked and every input of the
company page has a label."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests.access.conftest import PLUGINS
from tests.access.test_pages import csrf

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

APPLICATION = {"purpose": "规划", "scenario": "查询", "app_name": "App", "security_measures": "加密",
               "period_days": "30", "accept_commitment": "true"}


def requests_of(world) -> list[dict]:
    return helpers.call_action("shaoxing_access_request_list", {"user": world.users["sysadmin"]}, state="")


def post_then_reload(app, url: str, data: dict) -> str:
    """The post's redirect, followed twice (a reload): the landing page's body."""
    r = app.post(url, data=data, follow_redirects=False)
    assert r.status_code == 302, r.body[:500]
    app.get(r.headers["Location"])
    return app.get(r.headers["Location"]).body


@pytest.mark.ckan_config("ckanext.shaoxing.access.review_days", "7")
@pytest.mark.parametrize("prefix, next_step", [("", "7 个工作日"), ("/en", "within 7 working days")])
def test_applying_redirects_says_what_happens_next_and_reloading_applies_once(app, world, prefix, next_step):
    app.set_session_user(world.users["applicant"])
    form = app.get(f"{prefix}/dataset/{world.entry['name']}/apply").body
    assert next_step in form                                  # said before sending, too
    page = post_then_reload(app, f"{prefix}/dataset/{world.entry['name']}/apply", {**csrf(form), **APPLICATION})
    assert len(requests_of(world)) == 1
    r = app.post(f"{prefix}/dataset/{world.entry['name']}/apply", data={**csrf(form), **APPLICATION},
                 follow_redirects=False)
    assert r.status_code in (302, 400)          # a second application is refused, never a duplicate
    assert len(requests_of(world)) == 1
    # the flash was shown on the first landing, not on the reload
    assert next_step not in page
    app.set_session_user(world.users["owner_editor"])
    assert next_step in app.get(f"{prefix}/access/review").body     # the queue's note: the same setting


def test_decisions_ask_first_change_nothing_until_confirmed_then_redirect(app, world):
    req = world.apply()
    app.set_session_user(world.users["owner_editor"])
    page = app.get("/access/review").body
    form = {**csrf(page), "id": req["id"], "decision": "approve", "subject": "测试企业1 → 目录"}
    step = app.post("/access/review", data=form)
    soup = BeautifulSoup(step.body, "html.parser")
    assert "确认" in soup.select_one("h1").get_text() and "测试企业1 → 目录" in soup.select_one(".confirm-question").get_text()
    assert soup.select_one('.confirm-step a[href="/access/review"]') is not None      # cancel: back to the queue
    assert requests_of(world)[0]["state"] == "pending"
    landing = post_then_reload(app, "/access/review", {**form, "confirmed": "yes"})
    assert requests_of(world)[0]["state"] == "approved" and "已通过" in landing
    grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["owner_editor"]})[0]
    step = app.post("/access/review", data={**csrf(page), "op": "revoke", "id": grant["id"], "reason": "到期前终止"})
    assert 'name="confirmed" value="yes"' in step.body and "到期前终止" in step.body
    assert helpers.call_action("shaoxing_grant_list", {"user": world.users["owner_editor"]})[0]["state"] == "active"
    post_then_reload(app, "/access/review", {**csrf(page), "op": "revoke", "id": grant["id"], "reason": "到期前终止",
                                             "confirmed": "yes"})
    assert helpers.call_action("shaoxing_grant_list", {"user": world.users["owner_editor"]})[0]["state"] == "revoked"


def test_a_confirmation_cannot_be_taken_by_the_wrong_user(app, world):
    req = world.apply()
    app.set_session_user(world.users["other_editor"])
    page = app.get("/access/review").body
    r = app.post("/access/review", data={**csrf(page), "id": req["id"], "decision": "approve", "confirmed": "yes"})
    assert r.status_code == 403 and requests_of(world)[0]["state"] == "pending"
    app.set_session_user(world.users["sysadmin"])              # the bureau may decide for any department
    page = app.get("/access/review").body
    post_then_reload(app, "/access/review", {**csrf(page), "id": req["id"], "decision": "approve", "confirmed": "yes"})
    assert requests_of(world)[0]["state"] == "approved"


def test_company_profile_invite_and_renewal_redirect_and_are_labelled(app, world):
    world.approve(world.apply()["id"])
    app.set_session_user(world.users["applicant"])
    page = app.get("/company").body
    soup = BeautifulSoup(page, "html.parser")
    for field in soup.select("main input:not([type=hidden]), main textarea, [role=main] input:not([type=hidden])"):
        assert soup.select_one(f'label[for="{field.get("id")}"]') is not None, field
    renew = soup.select_one("form[action$='/renew']")
    for name in ("period_days", "purpose"):
        field = renew.select_one(f'[name="{name}"]')
        assert field.has_attr("required") and field["aria-required"] == "true"
        assert "*" in soup.select_one(f'label[for="{field["id"]}"]').get_text()
    assert soup.select_one(".form-legend") is not None and "*" in soup.select_one(".form-legend").get_text()

    version = soup.select_one('input[name="if_match"]')["value"]
    landing = post_then_reload(app, "/company", {**csrf(page), "op": "profile", "if_match": version,
                                                 "contact_name": "钱七", "contact_phone": "0575-88000000",
                                                 "contact_email": "q@example.org"})
    assert "钱七" in landing
    grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})[0]
    post_then_reload(app, f"/company/grants/{grant['id']}/renew",
                     {**csrf(page), "period_days": "60", "purpose": "续期", "accept_commitment": "true"})
    renewals = [r for r in requests_of(world) if r.get("renews")]
    assert len(renewals) == 1


@pytest.mark.parametrize("url", ["/company/register", "/dataset/{entry}/apply"])
def test_required_fields_are_marked_with_a_legend(app, world, url):
    app.set_session_user(world.users["other_editor"] if "register" in url else world.users["applicant"])
    soup = BeautifulSoup(app.get(url.format(entry=world.entry["name"])).body, "html.parser")
    form = soup.select_one("form.company-register" if "register" in url else "form.access-apply")
    fields = form.select("input:not([type=hidden]), textarea")
    assert fields and all(f.has_attr("required") and f.get("aria-required") == "true" for f in fields)
    assert all("*" in soup.select_one(f'label[for="{f["id"]}"]').get_text() for f in fields)
    assert "*" in form.select_one(".form-legend").get_text()
