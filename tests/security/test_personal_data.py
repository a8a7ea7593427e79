"""Finding 7: personal data in answers. A contest invitation by e-mail answered with the invitee's
address and told whether the address had an account; anonymous user_list listed every account and
user_show told who is a sysadmin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests.conftest import PLUGINS
from tests.contest import conftest as contest_world
from tests.contest.conftest import at, call

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]

world = contest_world.world     # a contest in registration on a fixed calendar, people in every role


def _register(world, members):
    return call("contest_team_register", world["leader"], contest_id="sx-2030", name="隐私队", track="transport",
                entrant_type="enterprise", organization_name="越城科技", members=members)


def _no_address_but(answer, allowed: set[str]) -> None:
    text = repr(answer)
    for user in ("leader", "mate", "other", "judge", "judge_b", "conflicted", "outsider"):
        if user not in allowed:
            assert f"{user}@example.com" not in text, (user, answer)


def test_an_invitation_answers_alike_whether_the_address_has_an_account(world):
    with at("registration"):
        team = _register(world, [{"email": "mate@example.com"}, {"email": "nobody@example.org"}])
        invited = [m for m in team["members"] if m["role"] == "member"]
        # Both look the same: the address the team typed, no account, "invited".
        assert [(m["user"], m["invited_as"], m["status"]) for m in invited] == [
            (None, "mate@example.com", "invited"), (None, "nobody@example.org", "invited")]
        assert all("email" not in m for m in team["members"])
        # The account holder finds and accepts the invitation; then the team sees the account, not the address.
        assert [i["id"] for i in call("contest_my_team", world["mate"], id="sx-2030")["invitations"]] == [team["id"]]
        call("contest_invitation_respond", world["mate"], team_id=team["id"], accept=True)
        shown = call("contest_team_show", world["leader"], team_id=team["id"])
        assert {"mate", None} == {m["user"] for m in shown["members"] if m["role"] == "member"}
        _no_address_but(shown, set())
        _no_address_but(call("contest_team_list", world["admin"], id="sx-2030"), set())
        assert "nobody@example.org" not in repr(call("contest_audit_list", world["admin"], id="sx-2030"))


def test_inviting_an_address_twice_is_refused_by_the_team_alone(world):
    with at("registration"):
        team = _register(world, [{"email": "nobody@example.org"}])
        with pytest.raises(tk.ValidationError) as e:
            call("contest_team_invite", world["leader"], team_id=team["id"], members=["NOBODY@example.org"])
        assert "members" in e.value.error_dict
        with pytest.raises(tk.ValidationError) as e:
            call("contest_team_invite", world["leader"], team_id=team["id"], members=[{"email": "not-an-address@"}])
        assert "members" in e.value.error_dict


def test_the_leader_registered_by_name_leaves_no_address_in_answers(world):
    with at("registration"):
        team = _register(world, ["mate"])
    _no_address_but(team, set())
    _no_address_but(call("contest_my_team", world["leader"], id="sx-2030"), set())


@pytest.fixture
def people(clean_db, with_plugins):
    admin = ckan_factories.Sysadmin(email="root@example.com")["name"]
    alice = ckan_factories.User(email="alice@example.com")["name"]
    bob = ckan_factories.User(email="bob@example.com")["name"]
    return {"sysadmin": admin, "alice": alice, "bob": bob}


def _as(user):
    return {"user": user or "", "ignore_auth": False}


def test_anonymous_lists_and_reads_no_accounts(people):
    for action, data in (("user_list", {}), ("user_show", {"id": people["sysadmin"]}),
                         ("user_show", {"id": people["alice"]})):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(action, _as(None), **data)


def test_another_user_sees_neither_address_nor_sysadmin(people):
    for target in ("sysadmin", "bob"):
        shown = helpers.call_action("user_show", _as(people["alice"]), id=people[target])
        assert "email" not in shown and "sysadmin" not in shown and not shown.get("email_hash")
        assert shown["name"] == people[target]
    listed = helpers.call_action("user_list", _as(people["alice"]))
    others = [u for u in listed if u["name"] != people["alice"]]
    assert others and all("sysadmin" not in u and not u.get("email_hash") for u in others)
    assert "@example.com" not in repr(others)


def test_the_user_and_a_sysadmin_see_the_private_part(people):
    own = helpers.call_action("user_show", _as(people["alice"]), id=people["alice"])
    assert own["email"] == "alice@example.com" and own["sysadmin"] is False
    by_admin = helpers.call_action("user_show", _as(people["sysadmin"]), id=people["bob"])
    assert by_admin["email"] == "bob@example.com" and by_admin["sysadmin"] is False
    admin = helpers.call_action("user_show", _as(people["sysadmin"]), id=people["sysadmin"])
    assert admin["sysadmin"] is True


def test_organization_members_do_not_carry_addresses(people):
    org = ckan_factories.Organization(users=[{"name": people["bob"], "capacity": "editor"},
                                             {"name": people["alice"], "capacity": "member"}])
    shown = helpers.call_action("organization_show", _as(people["alice"]), id=org["id"], include_users=True)
    assert people["bob"] in [u["name"] for u in shown["users"]]
    others = [u for u in shown["users"] if u["name"] != people["alice"]]
    assert "bob@example.com" not in repr(shown)
    assert others and all("sysadmin" not in u and not u["email_hash"] for u in others)


def test_over_http_the_api_answers_the_same(app, people):
    assert app.get("/api/3/action/user_list", status=403)
    token = helpers.call_action("api_token_create", {"user": people["alice"]}, user=people["alice"],
                                name="t")["token"]
    body = app.get(f"/api/3/action/user_show?id={people['sysadmin']}", headers={"Authorization": token}).json
    assert "sysadmin" not in body["result"] and "email" not in body["result"]
