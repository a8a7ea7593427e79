"""Who may call each access action: anonymous, the applicant (a member of the applying company),
another company, an editor of the entry's department, an editor of another department, a
sysadmin. Auth functions are asked directly (every action calls check_access first); where the
answer depends on what the action finds, the action itself is called."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import PLUGINS, ROLES

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

Y, N = True, False
#                                  anon applicant other_co owner_ed other_ed sysadmin
MATRIX = {
    "shaoxing_company_register":      (N, N, N, Y, Y, Y),
    "shaoxing_company_show":          (N, Y, N, N, N, Y),
    "shaoxing_company_update":        (N, Y, N, N, N, Y),   # members of the company (tests/access/test_company_update)
    "shaoxing_company_list":          (N, N, N, N, N, Y),
    "shaoxing_company_decide":        (N, N, N, N, N, Y),
    "shaoxing_company_suspend":       (N, N, N, N, N, Y),
    "shaoxing_company_member_invite": (N, Y, Y, N, N, Y),   # each owner invites to its own company
    "shaoxing_company_invitation_list":    (N, Y, Y, Y, Y, Y),   # each account its own invitations
    "shaoxing_company_invitation_accept":  (N, Y, Y, Y, Y, Y),   # the action finds the caller's invitation
    "shaoxing_company_invitation_decline": (N, Y, Y, Y, Y, Y),
    "shaoxing_access_request_create": (N, Y, Y, N, N, Y),
    "shaoxing_access_request_renew":  (N, Y, Y, N, N, Y),   # the grant's owner is checked by the action
    "shaoxing_access_request_decide": (N, N, N, Y, N, Y),
    "shaoxing_access_request_list":   (N, Y, Y, Y, Y, Y),   # each sees what concerns it (below)
    "shaoxing_grant_list":            (N, Y, Y, Y, Y, Y),
    "shaoxing_grant_revoke":          (N, N, N, Y, N, Y),
    "shaoxing_app_key_create":        (N, Y, Y, N, N, Y),
    "shaoxing_app_key_list":          (N, Y, Y, N, N, Y),
    "shaoxing_app_key_revoke":        (N, Y, N, N, N, Y),
    "shaoxing_app_key_rotate":        (N, Y, N, N, N, Y),
    "shaoxing_api_usage":             (N, Y, N, N, N, Y),
}


_allowed = factories.allowed


@pytest.fixture
def granted(world, worlds) -> dict:
    """The applicant's approved request, its grant and a key: built once on the world, restored
    after."""
    def build():
        req = world.apply()
        world.approve(req["id"])
        key = world.key()
        grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})[0]
        return {"request": req, "key": key, "grant": grant}
    return worlds("access-granted", build)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_authorization_matrix(world, granted, action):
    req, key, grant = granted["request"], granted["key"], granted["grant"]
    data = {"shaoxing_company_show": {"id": world.company["id"]}, "shaoxing_company_update": {"id": world.company["id"]},
            "shaoxing_company_decide": {"id": world.company["id"], "decision": "approve"},
            "shaoxing_company_suspend": {"id": world.company["id"], "reason": "x"},
            "shaoxing_access_request_decide": {"id": req["id"], "decision": "approve"},
            "shaoxing_grant_revoke": {"id": grant["id"], "reason": "x"},
            "shaoxing_app_key_revoke": {"id": key["id"]}, "shaoxing_app_key_rotate": {"id": key["id"]},
            "shaoxing_api_usage": {"company_id": world.company["id"]},
            "shaoxing_access_request_renew": {"grant_id": grant["id"]}}.get(action, {})
    got = tuple(_allowed(action, world.users[role], data) for role in ROLES)
    assert got == MATRIX[action], dict(zip(ROLES, got))


def test_lists_show_each_side_only_its_own(world):
    req = world.apply()
    world.approve(req["id"])
    u = world.users

    def ids(action, user):
        return [r["id"] for r in helpers.call_action(action, {"user": user})]

    assert ids("shaoxing_access_request_list", u["applicant"]) == [req["id"]]
    assert ids("shaoxing_access_request_list", u["owner_editor"]) == [req["id"]]
    assert ids("shaoxing_access_request_list", u["sysadmin"]) == [req["id"]]
    assert ids("shaoxing_access_request_list", u["other_company"]) == []
    assert ids("shaoxing_access_request_list", u["other_editor"]) == []
    assert len(ids("shaoxing_grant_list", u["owner_editor"])) == 1
    assert ids("shaoxing_grant_list", u["other_company"]) == [] == ids("shaoxing_grant_list", u["other_editor"])


def test_another_company_cannot_renew_or_rotate_what_is_not_its_own(world):
    world.approve(world.apply()["id"])
    key = world.key()
    grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})[0]
    other = {"user": world.users["other_company"]}
    with pytest.raises(tk.ValidationError):
        tk.get_action("shaoxing_access_request_renew")(dict(other), {
            "grant_id": grant["id"], "period_days": 10, "purpose": "x", "accept_commitment": True})
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("shaoxing_app_key_rotate")(dict(other), {"id": key["id"]})


def test_an_applicant_who_edits_the_department_still_cannot_decide_its_own(world):
    helpers.call_action("organization_member_create", id=world.org["id"], username=world.users["applicant"], role="editor")
    req = world.apply()
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("shaoxing_access_request_decide")({"user": world.users["applicant"]},
                                                        {"id": req["id"], "decision": "approve"})


def test_a_pending_company_may_not_apply_or_make_keys(world):
    from tests import factories
    from tests.access.conftest import company
    user = factories.user_in_role("user")
    company(user, 7, verify=False)
    for action in ("shaoxing_access_request_create", "shaoxing_app_key_create"):
        assert not _allowed(action, user, {})
