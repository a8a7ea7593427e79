"""A company's members edit its contact (shaoxing_company_update): who may, what is refused and
kept unsaved, and no lost update between two members — a save carries the version it was opened
at (`if_match`, the If-Match header) and a save over a newer one is refused (409); on the
company page, the conflict page shows both versions and applies the choice."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.shaoxing.edits.api import Conflict
from tests import factories
from tests.access.conftest import PLUGINS
from tests.edits.forms import client, fields
from tests.row_locks import second_save

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

ROUNDS = 4


def _call(user: str, **data):
    return tk.get_action("shaoxing_company_update")({"user": user}, data)


def _show(world) -> dict:
    model.Session.remove()
    return helpers.call_action("shaoxing_company_show", {"user": world.users["sysadmin"]}, id=world.company["id"])


@pytest.fixture
def people(world) -> dict:
    """The applicant's company (owner: applicant) with an accepted member and an invited account
    that has not answered; the other company's account."""
    owner = world.users["applicant"]
    member, invited = factories.user_in_role("user"), factories.user_in_role("user")
    for user in (member, invited):
        helpers.call_action("shaoxing_company_member_invite", {"user": owner}, username=user)
    helpers.call_action("shaoxing_company_invitation_accept", {"user": member}, company_id=world.company["id"])
    return {"anonymous": "", "other_company": world.users["other_company"], "invited": invited,
            "owner": owner, "member": member, "sysadmin": world.users["sysadmin"]}


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("other_company", False), ("invited", False),
                                           ("owner", True), ("member", True), ("sysadmin", True)])
def test_who_may_edit_the_contact(world, people, role, allowed):
    before = _show(world)
    if not allowed:
        with pytest.raises(tk.NotAuthorized):
            _call(people[role], id=world.company["id"], contact_name="改名人")
        assert _show(world)["contact_name"] == before["contact_name"]
        return
    got = _call(people[role], id=world.company["id"], contact_name="  李四  ", contact_phone="0575-88111222")
    assert (got["contact_name"], got["contact_phone"], got["contact_email"]) == (
        "李四", "0575-88111222", before["contact_email"])      # trimmed as at registration; the rest kept
    assert got["version"] != before["version"] and got["members"]   # presented as shaoxing_company_show does
    events = [e for e in _show(world)["events"] if e["action"] == "profile_updated"]
    assert [(e["user"], e["reason"]) for e in events] == [(people[role], "contact_name, contact_phone")]


def test_a_member_edits_its_own_company_without_naming_it(world, people):
    assert _call(people["member"], contact_email="new@example.org")["id"] == world.company["id"]
    # The other company's account edits its own, never the applicant's.
    assert _call(people["other_company"], contact_email="o@example.org")["id"] == world.other_company["id"]
    assert _show(world)["contact_email"] == "new@example.org"


def test_an_edit_is_announced_on_the_security_signal(world, people):
    heard = []
    signal = tk.signals.ckanext.signal("shaoxing_security_event")

    def listen(sender, **kwargs):
        heard.append((sender, kwargs))
    signal.connect(listen)
    try:
        _call(people["member"], contact_phone="0575-88999999")
    finally:
        signal.disconnect(listen)
    assert [(s, k["actor"], k["object_id"], k["detail"]) for s, k in heard] == [
        ("company.profile_updated", people["member"], world.company["id"], {"fields": ["contact_phone"]})]


@pytest.mark.parametrize("field, value, zh, en", [
    ("contact_phone", "电话", "电话号码格式不正确", "not a telephone number"),
    ("contact_email", "someone@", "电子邮箱格式不正确", "not an e-mail address"),
    ("contact_name", "", "必填", "required"),
    ("contact_name", "张\x00三", "空字符", "NUL"),
    ("contact_name", "长" * 2001, "不能超过 2000 个字符", "at most 2000 characters"),
    ("contact_phone", ["0575"], "应为文本", "must be a string"),
    ("name", "新的企业名称", "企业名称和统一社会信用代码不能在此修改", "cannot be changed here"),
    ("uscc", factories.credit_code(999), "企业名称和统一社会信用代码不能在此修改", "cannot be changed here"),
])
def test_bad_input_is_named_by_field_and_nothing_is_saved(world, people, field, value, zh, en):
    before = _show(world)
    with pytest.raises(tk.ValidationError) as refused:
        _call(people["owner"], **{"contact_name": "王五", field: value})
    text = " ".join(refused.value.error_dict[field])
    assert zh in text and en in text, text
    after = _show(world)
    assert after["version"] == before["version"] and (after["name"], after["uscc"]) == (before["name"], before["uscc"])
    assert not [e for e in after["events"] if e["action"] == "profile_updated"]


def test_a_stale_version_is_refused_a_fresh_or_absent_one_saves(world, people):
    opened = _show(world)["version"]
    first = _call(people["owner"], contact_phone="0575-88000001", if_match=opened)
    assert first["contact_phone"] == "0575-88000001"
    with pytest.raises(Conflict) as refused:
        _call(people["member"], contact_email="late@example.org", if_match=opened)
    assert (refused.value.current, refused.value.sent) == (first["version"], opened)
    assert "if_match" in refused.value.error_dict and " / " in refused.value.error_dict["if_match"][0]
    assert _show(world)["contact_email"] == first["contact_email"]          # nothing saved
    # The version read now saves; so does a save without a precondition (clients that send none).
    assert _call(people["member"], contact_email="m@example.org", if_match=first["version"])["contact_email"] == \
        "m@example.org"
    assert _call(people["owner"], contact_name="赵六")["contact_name"] == "赵六"


def test_the_action_api_answers_an_etag_and_takes_if_match(app, world, people):
    token = helpers.call_action("api_token_create", {"user": people["member"]}, user=people["member"],
                                name="profile")["token"]
    headers = {"Authorization": token}
    shown = app.get("/api/3/action/shaoxing_company_show", headers=headers)
    etag = shown.headers["ETag"]
    assert etag == f'"{shown.json["result"]["version"]}"'
    saved = app.post("/api/3/action/shaoxing_company_update", json={"contact_phone": "0575-88000002"},
                     headers={**headers, "If-Match": etag})
    assert saved.status_code == 200
    stale = app.post("/api/3/action/shaoxing_company_update", json={"contact_phone": "0575-88000003"},
                     headers={**headers, "If-Match": etag})
    assert stale.status_code == 409
    assert stale.json["error"]["current_version"] == [saved.json["result"]["version"]]
    assert _show(world)["contact_phone"] == "0575-88000002"


def test_two_saves_of_one_version_at_the_same_instant_one_wins(world, people):
    users = (people["owner"], people["member"])
    for n in range(ROUNDS):
        opened = _show(world)["version"]
        model.Session.remove()
        barrier = threading.Barrier(2)

        def save(i, n=n, opened=opened, barrier=barrier):
            barrier.wait()
            try:
                _call(users[i], contact_name=f"第{n}轮-{i}", if_match=opened)
                return "saved"
            except Conflict:
                return "refused"
            finally:
                model.Session.remove()

        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(save, range(2)))
        assert sorted(outcomes) == ["refused", "saved"], outcomes
        assert _show(world)["contact_name"] == f"第{n}轮-{outcomes.index('saved')}"


def test_the_second_save_waits_for_the_first_and_is_refused(world, people):
    from ckanext.shaoxing.access import store
    opened = _show(world)["version"]
    model.Session.remove()
    store.locked_company(world.company["id"])     # the first save holds the row lock until it commits
    saved = {}

    def first():
        saved.update(_call(people["owner"], contact_phone="0575-88333333", if_match=opened))

    outcome = second_save(lambda: _call(people["member"], contact_email="second@example.org", if_match=opened),
                          first)
    assert outcome == {"refused": saved["version"]}
    shown = _show(world)
    assert (shown["contact_phone"], shown["contact_email"]) == ("0575-88333333", "c1@example.org")


# The page ---------------------------------------------------------------------------------

FORM = "form.company-profile-form"


def test_the_form_saves_and_names_bad_fields_in_the_page_language(app, world, people):
    browser = client(app, people["member"])
    form = fields(browser.get("/company").get_data(as_text=True), FORM)
    assert form["if_match"] == _show(world)["version"] and form["contact_phone"] == "0575-88000000"
    bad = browser.post("/en/company", data={**form, "contact_phone": "电话"})
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert 'data-field="contact_phone"' in page and "not a telephone number" in page and "电话号码格式" not in page
    bad = browser.post("/company", data={**form, "contact_email": "x@"})
    page = bad.get_data(as_text=True)
    assert 'data-field="contact_email"' in page and "电子邮箱格式不正确" in page and "not an e-mail" not in page
    saved = browser.post("/company", data={**form, "contact_phone": "0575-88777777"}, follow_redirects=False)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/company")
    assert "0575-88777777" in browser.get("/en/company").get_data(as_text=True)
    assert _show(world)["contact_phone"] == "0575-88777777"


def test_the_form_needs_its_csrf_token(app, world, people):
    browser = client(app, people["owner"])
    form = fields(browser.get("/company").get_data(as_text=True), FORM)
    del form["_csrf_token"]
    refused = browser.post("/company", data={**form, "contact_phone": "0575-88666666"})
    assert refused.status_code in (400, 403)
    assert _show(world)["contact_phone"] == "0575-88000000"


def test_a_stale_form_shows_both_versions_and_the_choice_is_applied(app, world, people):
    owner, member = client(app, people["owner"]), client(app, people["member"])
    owners = fields(owner.get("/company").get_data(as_text=True), FORM)
    members = fields(member.get("/company").get_data(as_text=True), FORM)
    assert owner.post("/company", data={**owners, "contact_phone": "0575-88111111"},
                      follow_redirects=False).status_code == 302
    refused = member.post("/company", data={**members, "contact_phone": "0575-88222222",
                                            "contact_email": "member@example.org"}, follow_redirects=False)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "0575-88111111" in page and "0575-88222222" in page
    choice = fields(page, "form.shaoxing-conflict")
    assert choice["field"] == ["contact_phone", "contact_email"]
    assert _show(world)["contact_email"] == "c1@example.org"          # nothing of the refused save kept
    merged = member.post(f"/edits/company/{world.company['id']}/resolve",
                         data={**choice, "choice__contact_email": "mine", "resolve": "merge"},
                         follow_redirects=False)
    assert merged.status_code == 302 and merged.headers["Location"].endswith("/company")
    shown = _show(world)
    assert (shown["contact_phone"], shown["contact_email"]) == ("0575-88111111", "member@example.org")
    # The page's version is the resolve's precondition: stale again, the comparison again.
    again = member.post(f"/edits/company/{world.company['id']}/resolve",
                        data={**choice, "resolve": "mine"}, follow_redirects=False)
    assert again.status_code == 409 and _show(world)["contact_email"] == "member@example.org"
    # Someone of another company may not answer it.
    stranger = client(app, people["other_company"])
    token = fields(stranger.get("/company").get_data(as_text=True), FORM)["_csrf_token"]
    assert stranger.post(f"/edits/company/{world.company['id']}/resolve",
                         data={**choice, "_csrf_token": token, "resolve": "mine"}).status_code == 403
