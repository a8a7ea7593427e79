"""Who may call every action the two plugins register, asked through tk.check_access with real
accounts, departments, a company and a contest. The actions are read from the loaded plugins, so
an action without a row here fails `test_every_registered_action_has_a_row`.

Roles of the portal: anonymous, an ordinary account, a company (the owner of a verified company
holding a grant on the entry), an editor of another department, an editor of the entry's
department, a sysadmin. Roles of the contest: anonymous, an ordinary account, an entrant (a team's
leader), a judge of the phase, the contest's admin, a sysadmin. The world is built once (one test
walks the whole matrix and reports every difference at once)."""
from __future__ import annotations

import copy

import ckan.plugins as p
import pytest
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import World, company
from tests.conftest import PLUGINS
from tests.contest.conftest import at, call, phases
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS)]

ROLES = ("anonymous", "user", "company", "wrong_department", "right_department", "sysadmin")
CONTEST_ROLES = ("anonymous", "user", "entrant", "judge", "contest_admin", "sysadmin")
Y, N = True, False
ALL, SYSADMIN = (Y,) * 6, (N, N, N, N, N, Y)
DEPARTMENT = (N, N, N, N, Y, Y)      # the entry's department and sysadmins
SIGNED_IN = (N, Y, Y, Y, Y, Y)
COMPANY = (N, N, Y, N, N, Y)

#                                   anonymous user company wrong_dept right_dept sysadmin
PORTAL = {
    "shaoxing_company_register":      ((N, Y, N, Y, Y, Y), lambda w: {}),   # an account in no company yet
    "shaoxing_company_show":          (COMPANY, lambda w: {"id": w.company["id"]}),
    "shaoxing_company_update":        (COMPANY, lambda w: {"id": w.company["id"]}),    # its own members
    "shaoxing_company_list":          (SYSADMIN, lambda w: {}),
    "shaoxing_company_decide":        (SYSADMIN, lambda w: {"id": w.company["id"], "decision": "approve"}),
    "shaoxing_company_suspend":       (SYSADMIN, lambda w: {"id": w.company["id"], "reason": "x"}),
    "shaoxing_company_member_invite": (COMPANY, lambda w: {}),              # a company's owner
    "shaoxing_company_invitation_list": (SIGNED_IN, lambda w: {}),          # each answers its own
    "shaoxing_company_invitation_accept": (SIGNED_IN, lambda w: {}),
    "shaoxing_company_invitation_decline": (SIGNED_IN, lambda w: {}),
    "shaoxing_access_request_create": (COMPANY, lambda w: {"package_id": w.entry["id"]}),
    "shaoxing_access_request_renew":  (COMPANY, lambda w: {"grant_id": w.grant["id"]}),
    "shaoxing_access_request_decide": (DEPARTMENT, lambda w: {"id": w.request["id"], "decision": "approve"}),
    "shaoxing_access_request_list":   (SIGNED_IN, lambda w: {}),            # each sees its own (tests/access)
    "shaoxing_grant_list":            (SIGNED_IN, lambda w: {}),
    "shaoxing_grant_revoke":          (DEPARTMENT, lambda w: {"id": w.grant["id"], "reason": "x"}),
    "shaoxing_app_key_create":        (COMPANY, lambda w: {}),
    "shaoxing_app_key_list":          (COMPANY, lambda w: {}),
    "shaoxing_app_key_revoke":        (COMPANY, lambda w: {"id": w.key["id"]}),
    "shaoxing_app_key_rotate":        (COMPANY, lambda w: {"id": w.key["id"]}),
    "shaoxing_api_usage":             (COMPANY, lambda w: {"company_id": w.company["id"]}),
    "shaoxing_quality_badge":         (ALL, lambda w: {"id": w.entry["id"]}),
    "shaoxing_quality_show":          (DEPARTMENT, lambda w: {"id": w.entry["id"]}),
    "shaoxing_quality_summary":       (ALL, lambda w: {}),
    "shaoxing_quality_list":          (DEPARTMENT, lambda w: {"organization": w.org["name"]}),
    "shaoxing_quality_run":           (DEPARTMENT, lambda w: {"id": w.entry["id"]}),
    "shaoxing_quarantine_show":       (DEPARTMENT, lambda w: {"resource_id": w.entry["table"]["id"]}),
    "shaoxing_quarantine_override":   (SYSADMIN, lambda w: {"resource_id": w.entry["table"]["id"]}),
    "shaoxing_datastore_status":      (ALL, lambda w: {"resource_id": w.entry["table"]["id"]}),
    "shaoxing_interface_list":        (ALL, lambda w: {}),
    "shaoxing_target_progress":       (ALL, lambda w: {}),
    "shaoxing_target_update":         (SYSADMIN, lambda w: {"year": 2030}),
    "shaoxing_ranking_show":          (ALL, lambda w: {}),
    "shaoxing_portal_figures":        (ALL, lambda w: {}),
    "shaoxing_usage_show":            (ALL, lambda w: {"package_id": w.entry["id"]}),
    "shaoxing_usage_summary":         (ALL, lambda w: {}),
    "shaoxing_audit_search":          (SYSADMIN, lambda w: {}),
    "shaoxing_synonym_list":          (SYSADMIN, lambda w: {}),
    "shaoxing_synonym_create":        (SYSADMIN, lambda w: {"term": "厕所", "synonym": "公厕"}),
    "shaoxing_synonym_delete":        (SYSADMIN, lambda w: {"term": "厕所", "synonym": "公厕"}),
    # data requests and error reports (feedback/): filing and upvoting signed in, routing and the
    # calendar the bureau's; a missing one is the action's 404 for whoever may act at all
    "shaoxing_feedback_create":       (SIGNED_IN, lambda w: {}),
    "shaoxing_feedback_show":         (ALL, lambda w: {"id": "no-such-request"}),
    "shaoxing_feedback_list":         (SYSADMIN, lambda w: {"scope": "bureau"}),
    "shaoxing_feedback_route":        (SYSADMIN, lambda w: {}),
    "shaoxing_feedback_answer":       (SIGNED_IN, lambda w: {"id": "no-such-request"}),
    "shaoxing_feedback_upvote":       (SIGNED_IN, lambda w: {}),
    "shaoxing_feedback_figures":      (ALL, lambda w: {}),
    "shaoxing_holiday_list":          (ALL, lambda w: {}),
    "shaoxing_holiday_update":        (SYSADMIN, lambda w: {}),
    "shaoxing_holiday_delete":        (SYSADMIN, lambda w: {}),
    # the views read the conditional table with the reader's rights: its department (a company
    # reads it with its app key, which only a request carries)
    "shaoxing_view_aggregate":        (DEPARTMENT, lambda w: {"resource_id": w.entry["table"]["id"]}),
    "shaoxing_view_points":           (DEPARTMENT, lambda w: {"resource_id": w.entry["table"]["id"]}),
    # suggestions and 热门搜索 are public; the query log's report and hiding a term the bureau's
    "shaoxing_suggest_list":          (ALL, lambda w: {}),
    "shaoxing_suggest_hot":           (ALL, lambda w: {}),
    "shaoxing_suggest_zero_results":  (SYSADMIN, lambda w: {}),
    "shaoxing_suggest_hide":          (SYSADMIN, lambda w: {}),
    "shaoxing_suggest_unhide":        (SYSADMIN, lambda w: {}),
    # core actions the plugin chains: their own rules, with the gate on the conditional table
    # the updates (edits/: an optional version precondition): CKAN's own rules, first
    "package_update":                 (DEPARTMENT, lambda w: {"id": w.entry["id"]}),
    "resource_update":                (DEPARTMENT, lambda w: {"id": w.entry["table"]["id"]}),
    "organization_update":            (SYSADMIN, lambda w: {"id": w.org["id"]}),   # a department's admin too
    "package_show":                   (ALL, lambda w: {"id": w.entry["id"]}),
    "package_search":                 (ALL, lambda w: {"q": "公交"}),
    "organization_show":              (ALL, lambda w: {"id": w.org["id"]}),
    "organization_list":              (ALL, lambda w: {}),
    "group_show":                     (ALL, lambda w: {"id": w.org["id"]}),
    "group_list":                     (ALL, lambda w: {}),
    # accounts are no public list: signed-in users only (public_user_details = false)
    "user_show":                      (SIGNED_IN, lambda w: {"id": w.users["user"]}),
    "user_list":                      (SIGNED_IN, lambda w: {}),
    "resource_search":                (ALL, lambda w: {"query": "name:x"}),
    "datastore_search":               (DEPARTMENT, lambda w: {"resource_id": w.entry["table"]["id"]}),
    "xloader_submit":                 (DEPARTMENT, lambda w: {"resource_id": w.entry["table"]["id"]}),
    # the activity plugin's actions the portal chains (history/): rows in ACTIVITY below
}
# The activity plugin's actions (history/): a conditional entry's history is its department's
# and the bureau's; a company holding a grant reads the data, not the history.
ACTIVITY = {
    "package_activity_list":          (DEPARTMENT, lambda w: {"id": w.entry["id"]}),
    "activity_show":                  (DEPARTMENT, lambda w: {"id": w.activity(w.entry)}),
    "activity_data_show":             (DEPARTMENT, lambda w: {"id": w.activity(w.entry)}),
    "activity_diff":                  (DEPARTMENT, lambda w: {"id": w.activity(w.entry), "object_type": "package"}),
    "organization_activity_list":     (ALL, lambda w: {"id": w.org["id"]}),       # filtered: tests/history
    "group_activity_list":            (ALL, lambda w: {"id": w.org["id"]}),
    "recently_changed_packages_activity_list": (ALL, lambda w: {}),
    "user_activity_list":             (SIGNED_IN, lambda w: {"id": w.users["user"]}),
    "dashboard_activity_list":        (SIGNED_IN, lambda w: {}),
    "dashboard_new_activities_count": (SIGNED_IN, lambda w: {}),
    "dashboard_mark_activities_old":  (SIGNED_IN, lambda w: {}),
    "activity_create":                (SYSADMIN, lambda w: {}),
    "activity_delete":                (SYSADMIN, lambda w: {"id": w.activity(w.entry)}),
    "activity_delete_all":            (SYSADMIN, lambda w: {}),
    "activity_delete_counts":         (SYSADMIN, lambda w: {}),
    "send_email_notifications":       (SYSADMIN, lambda w: {}),
}
# The history of an unconditionally open entry is everyone's.
PUBLIC = {name: (ALL, lambda w, f=f: f(w.public_world())) for name, (_, f) in ACTIVITY.items()
          if name in ("package_activity_list", "activity_show", "activity_data_show", "activity_diff")}
# Rows that also depend on the entry: a private entry of the department is its own.
PRIVATE = {
    "shaoxing_usage_show":            (DEPARTMENT, lambda w: {"package_id": w.private["id"]}),
    "shaoxing_quality_badge":         (DEPARTMENT, lambda w: {"id": w.private["id"]}),
    "package_show":                   (DEPARTMENT, lambda w: {"id": w.private["id"]}),
    "package_activity_list":          (DEPARTMENT, lambda w: {"id": w.private["id"]}),
    "activity_show":                  (DEPARTMENT, lambda w: {"id": w.activity(w.private)}),
    "activity_data_show":             (DEPARTMENT, lambda w: {"id": w.activity(w.private)}),
    "activity_diff":                  (DEPARTMENT, lambda w: {"id": w.activity(w.private), "object_type": "package"}),
}

C_ALL, C_SYSADMIN, C_SIGNED_IN = (Y,) * 6, (N, N, N, N, N, Y), (N, Y, Y, Y, Y, Y)
C_ADMIN, C_TEAM, C_JUDGE = (N, N, N, N, Y, Y), (N, N, Y, N, N, Y), (N, N, N, Y, N, Y)
#                                   anonymous user entrant judge contest_admin sysadmin
CONTEST = {
    "contest_create":              (C_SYSADMIN, lambda w: {}),
    "contest_update":              (C_ADMIN, lambda w: {"id": "sx-2030"}),
    "contest_show":                (C_ALL, lambda w: {"id": "sx-2030"}),
    "contest_list":                (C_ALL, lambda w: {}),
    "contest_audit_list":          (C_ADMIN, lambda w: {"id": "sx-2030"}),
    "contest_team_register":       (C_SIGNED_IN, lambda w: {"contest_id": "sx-2030"}),
    "contest_team_invite":         (C_TEAM, lambda w: {"team_id": w.team["id"]}),
    "contest_invitation_respond":  (C_SIGNED_IN, lambda w: {"team_id": w.team["id"]}),
    "contest_team_show":           ((N, N, Y, N, Y, Y), lambda w: {"team_id": w.team["id"]}),
    "contest_team_list":           (C_ADMIN, lambda w: {"id": "sx-2030"}),
    "contest_my_team":             (C_SIGNED_IN, lambda w: {"id": "sx-2030"}),
    "contest_my_teams":            (C_SIGNED_IN, lambda w: {}),
    "contest_submission_create":   (C_TEAM, lambda w: {"team_id": w.team["id"]}),
    "contest_submission_update":   (C_TEAM, lambda w: {"id": w.submission["id"]}),
    "contest_submission_show":     ((N, N, Y, Y, Y, Y), lambda w: {"id": w.submission["id"]}),
    "contest_submission_list":     ((N, N, Y, N, Y, Y), lambda w: {"team_id": w.team["id"]}),
    "contest_judge_assign":        (C_ADMIN, lambda w: {"contest_id": "sx-2030"}),
    "contest_judge_remove":        (C_ADMIN, lambda w: {"contest_id": "sx-2030"}),
    "contest_judge_list":          (C_ADMIN, lambda w: {"id": "sx-2030"}),
    "contest_judge_conflicts_set": (C_JUDGE, lambda w: {"contest_id": "sx-2030"}),
    "contest_judge_queue":         (C_JUDGE, lambda w: {"contest_id": "sx-2030", "phase": "preliminary"}),
    "contest_score_submit":        (C_JUDGE, lambda w: {"submission_id": w.submission["id"]}),
    # during judging: the admin; judges once the phase's judging closed; everyone after the results
    "contest_ranking":             (C_ADMIN, lambda w: {"contest_id": "sx-2030", "phase": "preliminary"}),
    "contest_advance":             (C_ADMIN, lambda w: {"contest_id": "sx-2030"}),
    "contest_results_publish":     (C_ADMIN, lambda w: {"contest_id": "sx-2030"}),
    "contest_gallery":             (C_ALL, lambda w: {"id": "sx-2030"}),
    "contest_package_apps":        (C_ALL, lambda w: {"package_id": w.entry["id"]}),
    "contest_app_count":           (C_ALL, lambda w: {"year": 2030}),
}


def registered(plugin: str) -> set[str]:
    return set(p.get_plugin(plugin).get_actions())


@pytest.mark.usefixtures("with_plugins")
def test_every_registered_action_has_a_row():
    chained = {"activity_create", "organization_activity_list", "group_activity_list", "user_activity_list",
               "recently_changed_packages_activity_list", "dashboard_activity_list"}
    assert registered("shaoxing") == set(PORTAL) | chained
    assert registered("activity") == set(ACTIVITY)
    assert registered("shaoxing_contest") == set(CONTEST)


class Everyone:
    """The portal's and the contest's people and things, built once."""

    def __init__(self):
        self.org = factories.department(name="transport", title="市交通运输局")
        other = factories.department(name="health", title="市卫生健康委员会")
        self.entry = interface_entry(self.org, open_level="conditional")
        self.private = factories.entry(self.org, name="private-one", private=True)
        applicant = factories.user_in_role("user")
        access = World(self.org, other, self.entry,
                       {"applicant": applicant, "owner_editor": factories.user_in_role("editor", self.org)},
                       company(applicant, 1), {})
        self.company = access.company
        self.request = access.apply()
        access.approve(self.request["id"])
        self.request = access.apply(purpose="再次申请")           # a pending one to decide
        self.grant = helpers.call_action("shaoxing_grant_list", {"user": applicant})[0]
        self.key = access.key()
        sysadmin = factories.user_in_role("sysadmin")
        self.users = {"anonymous": "", "user": factories.user_in_role("user"), "company": applicant,
                      "wrong_department": factories.user_in_role("editor", other),
                      "right_department": access.users["owner_editor"], "sysadmin": sysadmin}
        admin, leader, judge = (factories.user_in_role("user") for _ in range(3))
        call("contest_create", sysadmin, name="sx-2030", title="大赛", edition=3, phases=phases(), admins=[admin])
        with at("registration"):
            self.team = call("contest_team_register", leader, contest_id="sx-2030", name="一队", track="transport",
                             entrant_type="individual")
        with at("preliminary"):
            public = self.public = factories.entry(self.org, name="bus-lines")
            self.submission = call("contest_submission_create", leader, team_id=self.team["id"], phase="preliminary",
                                   title="作品", dataset_ids=[public["id"]])
        call("contest_judge_assign", admin, contest_id="sx-2030", phase="preliminary", user=judge)
        self.contest_users = {"anonymous": "", "user": self.users["user"], "entrant": leader, "judge": judge,
                              "contest_admin": admin, "sysadmin": sysadmin}


    def activity(self, pkg: dict) -> str:
        """The latest change of an entry (the factories' changes are the site user's: hidden; CKAN
        answers a resource view's activity to sysadmins alone)."""
        return helpers.call_action("package_activity_list", factories.as_site(), id=pkg["id"],
                                   include_hidden_activity=True,
                                   activity_types=["new package", "changed package"])[0]["id"]

    def public_world(self):
        """The world with its conditional entry replaced by the unconditionally open one."""
        view = copy.copy(self)
        view.entry = self.public
        return view


_allowed = factories.allowed


def _differences(rows: dict, roles: tuple, users: dict, world) -> dict:
    out = {}
    for action, (expected, data) in sorted(rows.items()):
        got = tuple(_allowed(action, users[role], data(world)) for role in roles)
        if got != expected:
            out[action] = {role: ("allowed" if g else "refused") for role, g, e in zip(roles, got, expected) if g != e}
    return out


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_whole_matrix():
    world = Everyone()
    wrong = {"portal": _differences(PORTAL, ROLES, world.users, world),
             "portal, private entry": _differences(PRIVATE, ROLES, world.users, world),
             "activity": _differences(ACTIVITY, ROLES, world.users, world),
             "activity, public entry": _differences(PUBLIC, ROLES, world.users, world)}
    with at("preliminary_judging"):
        wrong["contest"] = _differences(CONTEST, CONTEST_ROLES, world.contest_users, world)
    assert wrong == {"portal": {}, "portal, private entry": {}, "activity": {}, "activity, public entry": {},
                     "contest": {}}
