"""Finding 11: company membership is an invitation the invited account accepts. Before, an owner
enrolled any account at once: it could then make the company's keys, and a department editor so
enrolled lost that company's applications from the review queue."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import pytest

from tests import factories
from tests.access import conftest as access_world
from tests.access.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

world = access_world.world     # two departments, two verified companies, a sysadmin


def _call(action: str, user: str, **data):
    return tk.get_action(action)({"user": user}, data)


_allowed = factories.allowed


@pytest.fixture
def events():
    """What the actions announce on the security signal."""
    heard = []

    def listen(sender, **kwargs):
        heard.append((sender, kwargs))
    signal = tk.signals.ckanext.signal("shaoxing_security_event")
    signal.connect(listen)
    yield heard
    signal.disconnect(listen)


@pytest.fixture
def invited(world):
    """The applicant's company (owner: applicant) invites a plain account."""
    user = factories.user_in_role("user")
    _call("shaoxing_company_member_invite", world.users["applicant"], username=user)
    return user


def test_an_invitation_is_not_a_membership(world, invited):
    # Not a member until accepted: no keys, no applications, no company page in its name.
    for action in ("shaoxing_app_key_create", "shaoxing_access_request_create", "shaoxing_app_key_list"):
        assert not _allowed(action, invited, {}), action
    with pytest.raises(tk.NotAuthorized):
        _call("shaoxing_app_key_create", invited, label="mine")
    assert not _allowed("shaoxing_company_show", invited, {"id": world.company["id"]})
    members = _call("shaoxing_company_show", world.users["applicant"])["members"]
    assert {"name": invited, "role": "member", "state": "invited"} in members


def test_accept_makes_a_member_and_is_announced(world, invited, events):
    assert [i["company_id"] for i in _call("shaoxing_company_invitation_list", invited)] == [world.company["id"]]
    out = _call("shaoxing_company_invitation_accept", invited, company_id=world.company["id"])
    assert out["state"] == "accepted"
    assert _call("shaoxing_app_key_create", invited, label="mine")["key"]
    assert _call("shaoxing_company_invitation_list", invited) == []
    assert [(s, k["actor"], k["object_id"], k["result"]) for s, k in events if s.startswith("company.member")] == [
        ("company.member_accepted", invited, world.company["id"], "success")]


def test_decline_leaves_no_membership_and_is_announced(world, invited, events):
    _call("shaoxing_company_invitation_decline", invited, company_id=world.company["id"])
    assert not _allowed("shaoxing_app_key_create", invited, {})
    with pytest.raises(tk.ValidationError) as e:      # answered already
        _call("shaoxing_company_invitation_accept", invited, company_id=world.company["id"])
    assert "company_id" in e.value.error_dict
    assert [s for s, _ in events] == ["company.member_declined"]
    # The owner may invite again after a decline.
    _call("shaoxing_company_member_invite", world.users["applicant"], username=invited)
    assert len(_call("shaoxing_company_invitation_list", invited)) == 1


def test_invite_is_announced(world, events):
    user = factories.user_in_role("user")
    _call("shaoxing_company_member_invite", world.users["applicant"], username=user)
    assert [(s, k["actor"], k["object_type"], k["object_id"], k["detail"]) for s, k in events] == [
        ("company.member_invited", world.users["applicant"], "company", world.company["id"], {"member": user})]


def test_who_may_invite_and_answer(world, invited):
    cid = world.company["id"]
    wrong = factories.user_in_role("user")
    # Inviting: anonymous no, an account without a company no, the owner yes, a sysadmin passes auth
    # but has no company to invite to.
    assert not _allowed("shaoxing_company_member_invite", "", {"username": wrong})
    assert not _allowed("shaoxing_company_member_invite", wrong, {"username": wrong})
    assert not _allowed("shaoxing_company_member_invite", invited, {"username": wrong})
    assert _allowed("shaoxing_company_member_invite", world.users["applicant"], {"username": wrong})
    with pytest.raises(tk.NotAuthorized):
        _call("shaoxing_company_member_invite", world.users["sysadmin"], username=wrong)
    # Answering: anonymous may not; a wrong user, the owner and a sysadmin find no invitation of theirs.
    for action in ("shaoxing_company_invitation_accept", "shaoxing_company_invitation_decline",
                   "shaoxing_company_invitation_list"):
        assert not _allowed(action, "", {"company_id": cid})
    for user in (wrong, world.users["applicant"], world.users["sysadmin"]):
        with pytest.raises(tk.ValidationError) as e:
            _call("shaoxing_company_invitation_accept", user, company_id=cid)
        assert "company_id" in e.value.error_dict
        assert _call("shaoxing_company_invitation_list", user) == []
    # The invitation stays the invited account's; nobody else's call touched it.
    assert [i["company_id"] for i in _call("shaoxing_company_invitation_list", invited)] == [cid]


def test_bad_input_names_the_field(world):
    with pytest.raises(tk.ValidationError) as e:
        _call("shaoxing_company_invitation_accept", world.users["other_company"], company_id=["x"])
    assert "company_id" in e.value.error_dict
    with pytest.raises(tk.ValidationError) as e:
        _call("shaoxing_company_member_invite", world.users["applicant"], username="no-such-account")
    assert "username" in e.value.error_dict


def test_a_member_of_another_company_cannot_accept(world):
    _call("shaoxing_company_member_invite", world.users["applicant"], username=world.users["other_company"])
    with pytest.raises(tk.ValidationError) as e:
        _call("shaoxing_company_invitation_accept", world.users["other_company"], company_id=world.company["id"])
    assert "company_id" in e.value.error_dict
    assert _call("shaoxing_company_show", world.users["other_company"])["id"] == world.other_company["id"]


def test_an_invited_editor_keeps_the_company_in_the_review_queue(app, world):
    """The regression: enrolling a department editor hid the company's applications from their queue."""
    req = world.apply()
    editor = world.users["owner_editor"]
    _call("shaoxing_company_member_invite", world.users["applicant"], username=editor)
    app.set_session_user(editor)
    page = app.get("/access/review").body
    assert req["id"] in page
    assert _call("shaoxing_access_request_decide", editor, id=req["id"], decision="approve")["state"] == "approved"


def test_the_invited_user_accepts_on_a_page_with_csrf(app, world, invited):
    app.set_session_user(invited)
    r = app.get("/company", follow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/company/invitations")
    page = app.get("/company/invitations").body
    assert world.company["name"] in page
    url = f"/company/invitations/{world.company['id']}/accept"
    assert app.post(url, data={}).status_code in (400, 403)       # no token, no change
    assert not _allowed("shaoxing_app_key_create", invited, {})
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)
    r = app.post(url, data={"_csrf_token": token}, follow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/company")
    assert _allowed("shaoxing_app_key_create", invited, {})


def test_anonymous_is_sent_to_log_in(app):
    r = app.get("/company/invitations", follow_redirects=False)
    assert r.status_code == 302 and "/user/login" in r.headers["Location"]


@pytest.mark.parametrize("role", ["other_company", "owner_editor", "sysadmin"])
def test_the_page_answers_nobody_elses_invitation(app, world, invited, role):
    """A wrong user, an editor and a sysadmin open the page and find nothing to answer; posting to
    the invited account's invitation changes nothing."""
    app.set_session_user(world.users[role])
    page = app.get("/company/invitations").body
    assert world.company["name"] not in page
    token = re.search(r'name="_csrf_token" (?:value|content)="([^"]+)"', page).group(1)   # the page's meta tag
    r = app.post(f"/company/invitations/{world.company['id']}/accept", data={"_csrf_token": token},
                 follow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/company/invitations")
    members = _call("shaoxing_company_show", world.users["applicant"])["members"]
    assert {"name": invited, "role": "member", "state": "invited"} in members
    assert [m["name"] for m in members if m["state"] == "accepted"] == [world.users["applicant"]]
