"""Teams: registration only while it is open, one team per user per contest, size limit,
invitations, who sees a team."""
import ckan.plugins.toolkit as tk
import pytest

from tests.conftest import PLUGINS
from tests.contest.conftest import at, call

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


def register(world, user="leader", **extra):
    data = {"contest_id": "sx-2030", "name": f"{user}队", "track": "transport", "entrant_type": "enterprise",
            "organization_name": f"{user}科技有限公司", **extra}
    return call("contest_team_register", world[user], **data)


@pytest.mark.parametrize("moment, open_", [("before", False), ("registration", True), ("preliminary", False),
                                           ("after", False)])
def test_registration_only_while_open(world, moment, open_):
    with at(moment):
        if open_:
            assert register(world)["members"][0]["role"] == "leader"
        else:
            with pytest.raises(tk.ValidationError) as e:
                register(world)
            assert "contest_id" in e.value.error_dict


def test_anonymous_cannot_register(world):
    with at("registration"), pytest.raises(tk.NotAuthorized):
        call("contest_team_register", None, contest_id="sx-2030", name="x", track="transport",
             entrant_type="individual")


def test_one_team_per_user_per_contest(world):
    with at("registration"):
        register(world)
        with pytest.raises(tk.ValidationError):
            register(world, name="第二队")


def test_members_are_invited_and_accept_or_decline(world):
    with at("registration"):
        team = register(world, members=[{"name": "队友", "email": "mate@example.com"}, "other"])
        # Invited by address: the team sees the address it typed, not the account, until answered.
        assert {m["user"] or m["invited_as"]: m["status"] for m in team["members"]} == {
            "leader": "accepted", "mate@example.com": "invited", "other": "invited"}
        assert call("contest_my_team", world["mate"], id="sx-2030")["invitations"][0]["id"] == team["id"]
        call("contest_invitation_respond", world["mate"], team_id=team["id"], accept=True)
        call("contest_invitation_respond", world["other"], team_id=team["id"], accept="false")
        members = {m["user"]: m["status"] for m in call("contest_team_show", world["mate"], team_id=team["id"])["members"]}
    assert members == {"leader": "accepted", "mate": "accepted", "other": "declined"}


def test_a_member_of_one_team_cannot_accept_another(world):
    with at("registration"):
        first = register(world, members=["mate"])
        call("contest_invitation_respond", world["mate"], team_id=first["id"], accept=True)
        second = register(world, "other")
        with pytest.raises(tk.ValidationError):
            call("contest_team_invite", world["other"], team_id=second["id"], members=["mate"])


def test_size_at_most_max(world):
    call("contest_update", world["sysadmin"], id="sx-2030", max_team_size=2)
    with at("registration"):
        with pytest.raises(tk.ValidationError) as e:
            register(world, members=["mate", "other"])
        assert "members" in e.value.error_dict
        team = register(world, members=["mate"])
        with pytest.raises(tk.ValidationError):
            call("contest_team_invite", world["leader"], team_id=team["id"], members=["other"])


def test_member_names_need_accounts_and_tracks_must_exist(world):
    # (An e-mail address is invited whether or not it has an account: tests/security/test_personal_data.py.)
    with at("registration"):
        with pytest.raises(tk.ValidationError) as e:
            register(world, members=["nobody-x"])
        assert "members" in e.value.error_dict
        with pytest.raises(tk.ValidationError) as e:
            register(world, track="space")
        assert "track" in e.value.error_dict
        with pytest.raises(tk.ValidationError) as e:
            register(world, entrant_type="alien", members="not-a-list-of-dicts-[")
        assert "entrant_type" in e.value.error_dict


def test_a_nul_in_a_member_and_an_answer_to_no_team_are_field_errors(world):
    with at("registration"):
        for members in (["\x00"], [{"email": "a\x00@example.com"}], [{"user": "mate", "name": "队\x00友"}]):
            with pytest.raises(tk.ValidationError) as e:
                register(world, members=members)
            assert e.value.error_dict["members"] == ["不能含空字符（NUL）/ must not contain NUL characters"], members
        with pytest.raises(tk.ValidationError) as e:
            call("contest_invitation_respond", world["mate"], team_id="no-such-team", accept=True)
        assert e.value.error_dict["team_id"] == ["没有待处理的邀请 / no pending invitation"]


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("leader", True), ("other", False),
                                           ("judge", False), ("admin", True), ("sysadmin", True)])
def test_who_sees_a_team(world, role, allowed):
    with at("registration"):
        team = register(world)
        register(world, "other")
    user = None if role == "anonymous" else world[role]
    if allowed:
        assert call("contest_team_show", user, team_id=team["id"])["name"] == "leader队"
    else:
        with pytest.raises(tk.NotAuthorized):
            call("contest_team_show", user, team_id=team["id"])


def test_only_the_leader_invites(world):
    with at("registration"):
        team = register(world, members=["mate"])
        call("contest_invitation_respond", world["mate"], team_id=team["id"], accept=True)
        with pytest.raises(tk.NotAuthorized):
            call("contest_team_invite", world["mate"], team_id=team["id"], members=["other"])
