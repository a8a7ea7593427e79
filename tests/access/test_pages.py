"""The access pages in both languages, CSRF on every form: the company's register, state,
applications with their audit trail, grants, keys (the new key shown once, with a copy button),
usage chart; the department's queue with pending age and overdue mark, decisions and grants;
the bureau's companies."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def csrf(page: str) -> dict:
    return {"_csrf_token": re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)}


def every_form_has_csrf(page: str) -> None:
    forms = re.findall(r'<form[^>]*method="post".*?</form>', page, re.S)
    for form in forms:
        assert "_csrf_token" in form, form[:200]


@pytest.mark.parametrize("prefix, words", [("", ("统一社会信用代码校验位不正确", "注册企业")),
                                           ("/en", ("check character", "Register your company"))])
def test_register_page_names_bad_fields(app, prefix, words):
    user = factories.user_in_role("user")
    app.set_session_user(user)
    page = app.get(f"{prefix}/company/register").body
    every_form_has_csrf(page)
    code = factories.credit_code(5)
    bad = code[:17] + ("1" if code[17] != "1" else "2")
    r = app.post(f"{prefix}/company/register", data={**csrf(page), "name": "绍兴某科技有限公司", "uscc": bad,
                                                     "contact_name": "王五", "contact_phone": "0575-88123456",
                                                     "contact_email": "w@example.org"})
    assert r.status_code == 400
    assert words[0] in r.body and 'data-field="uscc"' in r.body and words[1] in r.body
    r = app.post(f"{prefix}/company/register", data={**csrf(page), "name": "绍兴某科技有限公司", "uscc": code,
                                                     "contact_name": "王五", "contact_phone": "0575-88123456",
                                                     "contact_email": "w@example.org"}, follow_redirects=False)
    assert r.status_code == 302
    state = app.get(f"{prefix}/company").body
    assert 'data-state="pending"' in state and code in state


def test_a_post_without_csrf_token_is_refused(app, world):
    app.set_session_user(world.users["applicant"])
    r = app.post("/company/keys", data={"op": "create", "label": "x"})
    assert r.status_code in (400, 403)
    assert helpers.call_action("shaoxing_app_key_list", {"user": world.users["applicant"]}) == []


def test_apply_button_application_and_audit_trail(app, world):
    app.set_session_user(world.users["applicant"])
    entry = app.get(f"/dataset/{world.entry['name']}").body
    assert "申请使用" in entry and f"/dataset/{world.entry['name']}/apply" in entry
    form = app.get(f"/dataset/{world.entry['name']}/apply").body
    every_form_has_csrf(form)
    r = app.post(f"/dataset/{world.entry['name']}/apply", data={**csrf(form), "purpose": "规划", "scenario": "查询",
                                                               "app_name": "App", "security_measures": "加密",
                                                               "period_days": "400"})
    assert r.status_code == 400
    assert 'data-field="period_days"' in r.body and 'data-field="accept_commitment"' in r.body
    r = app.post(f"/dataset/{world.entry['name']}/apply", data={**csrf(form), "purpose": "规划", "scenario": "查询",
                                                               "app_name": "App", "security_measures": "加密",
                                                               "period_days": "30", "accept_commitment": "true"})
    assert r.status_code == 200 and "access-request" in r.body and "待审核" in r.body
    assert "您的申请正在审核" in app.get(f"/dataset/{world.entry['name']}").body


def test_department_queue_shows_age_overdue_and_decides_with_a_reason(app, world):
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, tzinfo=dt.timezone.utc), tick=False):
        req = world.apply()
    with time_machine.travel(dt.datetime(2026, 3, 10, 2, tzinfo=dt.timezone.utc), tick=False):
        app.set_session_user(world.users["other_editor"])
        assert req["id"] not in app.get("/access/review").body
        app.set_session_user(world.users["owner_editor"])
        page = app.get("/access/review").body
        every_form_has_csrf(page)
        assert req["id"] in page and "已超期" in page and "已等待 6 个工作日" in page
        r = app.post("/access/review", data={**csrf(page), "id": req["id"], "decision": "reject", "reason": "",
                                             "confirmed": "yes"})
        assert r.status_code == 400 and "驳回须说明理由" in r.body
        # A confirmation step first (a page, no JavaScript needed), which changes nothing.
        form = {**csrf(page), "id": req["id"], "decision": "reject", "reason": "场景不明确", "subject": "某公司 → 某目录"}
        step = app.post("/access/review", data=form)
        assert step.status_code == 200 and "确认" in step.body and 'name="confirmed" value="yes"' in step.body
        assert "某公司 → 某目录" in step.body and "场景不明确" in step.body
        assert helpers.call_action("shaoxing_access_request_list", {"user": world.users["owner_editor"]},
                                   state="pending")[0]["id"] == req["id"]
        r = app.post("/access/review", data={**form, "confirmed": "yes"}, follow_redirects=False)
        assert r.status_code == 302
        assert "驳回" in app.get(r.headers["Location"]).body
        app.set_session_user(world.users["applicant"])
        mine = app.get("/company/applications").body
        assert "场景不明确" in mine and "已驳回" in mine
        en = app.get("/en/company/applications").body
        assert "Rejected" in en and "application submitted" in en


def test_keys_page_shows_a_new_key_once_with_copy(app, world):
    world.approve(world.apply()["id"])
    app.set_session_user(world.users["applicant"])
    page = app.get("/company/keys").body
    every_form_has_csrf(page)
    # Post/redirect/get: the key crosses the redirect once, to its creator only; reloading shows
    # it no more and creates nothing.
    r = app.post("/company/keys", data={**csrf(page), "op": "create", "label": "生产服务器"}, follow_redirects=False)
    assert r.status_code == 302 and "shown=" in r.headers["Location"]
    app.set_session_user(world.users["other_company"])
    assert "sxk_" not in app.get(r.headers["Location"]).body
    app.set_session_user(world.users["applicant"])
    shown = app.get(r.headers["Location"])
    key = re.search(r'id="new-key" readonly value="([^"]+)"', shown.body).group(1)
    assert key.startswith("sxk_") and 'id="copy-key"' in shown.body and "no-store" in shown.headers["Cache-Control"]
    reloaded = app.get(r.headers["Location"]).body
    assert key not in reloaded and key[:16] in reloaded and "生产服务器" in reloaded
    mine = helpers.call_action("shaoxing_app_key_list", {"user": world.users["applicant"]})
    assert len(mine) == 1
    r = app.post("/company/keys", data={**csrf(reloaded), "op": "rotate", "id": mine[0]["id"]})
    assert 'id="new-key"' in r.body and "轮换" in r.body
    revoke = {**csrf(reloaded), "op": "revoke", "id": mine[0]["id"], "subject": "sxk_x (生产服务器)"}
    step = app.post("/company/keys", data=revoke)        # the confirmation step: nothing revoked yet
    assert 'name="confirmed" value="yes"' in step.body and "sxk_x (生产服务器)" in step.body
    assert app.get("/api/open/SX-JT-2024-0001/1", headers={"X-App-Key": key}).status_code != 403
    r = app.post("/company/keys", data={**revoke, "confirmed": "yes"})
    assert "已撤销" in r.body
    assert app.get("/api/open/SX-JT-2024-0001/1", headers={"X-App-Key": key}).status_code == 403


def test_usage_chart_and_grants(app, world):
    key = world.granted_key()
    for _ in range(3):
        assert app.get("/api/open/SX-JT-2024-0001/1", headers={"X-App-Key": key}).status_code == 200
    app.set_session_user(world.users["applicant"])
    usage = app.get("/company/usage").body
    assert '<svg class="access-usage ' in usage and 'class="usage-total">3<' in usage
    # named, and the day's calls per key as a table too (not by colour alone)
    assert 'aria-label="近 30 天每个密钥每日调用次数"' in usage and "<td>3</td>" in usage.split("<summary>")[1]
    company = app.get("/company").body
    assert world.entry["title"] in company and "3 / 10000" in company
    every_form_has_csrf(company)
    app.set_session_user(world.users["owner_editor"])
    page = app.get("/access/review", query_string={"state": "all"}).body
    grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["owner_editor"]})[0]
    r = app.post("/access/review", data={**csrf(page), "op": "revoke", "id": grant["id"], "reason": "到期前终止",
                                         "confirmed": "yes"},
                 follow_redirects=False)
    assert r.status_code == 302
    assert helpers.call_action("shaoxing_grant_list", {"user": world.users["owner_editor"]})[0]["state"] == "revoked"


def test_bureau_verifies_and_suspends_companies(app, world):
    user = factories.user_in_role("user")
    from tests.access.conftest import company
    pending = company(user, 9, verify=False)
    app.set_session_user(world.users["owner_editor"])
    assert app.get("/ckan-admin/companies").status_code == 403
    app.set_session_user(world.users["sysadmin"])
    page = app.get("/ckan-admin/companies").body
    every_form_has_csrf(page)
    assert pending["uscc"] in page
    r = app.post("/ckan-admin/companies", data={**csrf(page), "id": pending["id"], "decision": "approve",
                                                       "confirmed": "yes"},
                 follow_redirects=False)
    assert r.status_code == 302
    r = app.post("/ckan-admin/companies", data={**csrf(page), "id": pending["id"], "op": "suspend", "reason": "",
                                                       "confirmed": "yes"})
    assert r.status_code == 400 and 'data-field="reason"' in r.body
    r = app.post("/ckan-admin/companies", data={**csrf(page), "id": pending["id"], "op": "suspend", "reason": "违规",
                                                       "confirmed": "yes"},
                 follow_redirects=False)
    assert helpers.call_action("shaoxing_company_show", {"user": user})["state"] == "suspended"
    assert "Companies" in app.get("/en/ckan-admin/companies").body


def test_anonymous_pages_ask_to_log_in(app):
    for url in ("/company", "/company/register", "/company/keys", "/company/usage", "/company/applications",
                "/access/review", "/ckan-admin/companies"):
        r = app.get(url, follow_redirects=False)
        assert r.status_code == 302 and "/user/login" in r.headers["Location"], url
