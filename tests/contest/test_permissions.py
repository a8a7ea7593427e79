"""Each contest action against every role: anonymous, an entrant (the team's leader), a member
of another team, a judge, a conflicted judge, a contest admin and a sysadmin. One world per
action; the roles are tried in turn (refusals change nothing, so the order does not matter)."""
import ckan.plugins.toolkit as tk
import pytest

from tests.conftest import PLUGINS
from tests.contest.conftest import at, call

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]
ROLES = ("anonymous", "entrant", "other_team", "judge", "conflicted", "admin", "sysadmin")


@pytest.fixture
def cast(world, worlds):
    """Two teams with a preliminary entry each; a judge and a judge conflicted with team 1. Built
    once on the contest world, restored after."""
    return worlds("contest-cast", lambda: _cast(world))


def _cast(world):
    with at("registration"):
        team = call("contest_team_register", world["leader"], contest_id="sx-2030", name="一队", track="transport",
                    entrant_type="enterprise", organization_name="越城科技")
        other = call("contest_team_register", world["other"], contest_id="sx-2030", name="二队", track="health",
                     entrant_type="individual")
    with at("preliminary"):
        entry = call("contest_submission_create", world["leader"], team_id=team["id"], phase="preliminary",
                     title="作品", dataset_ids=[world["datasets"][0]["id"]])
        call("contest_submission_create", world["other"], team_id=other["id"], phase="preliminary",
             title="别的作品", dataset_ids=[world["datasets"][0]["id"]])
    for judge in ("judge", "conflicted"):
        call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user=world[judge])
    call("contest_judge_conflicts_set", world["conflicted"], contest_id="sx-2030", conflicts=["越城科技"])
    users = {"anonymous": None, "entrant": world["leader"], "other_team": world["other"], "judge": world["judge"],
             "conflicted": world["conflicted"], "admin": world["admin"], "sysadmin": world["sysadmin"]}
    return {"team": team, "entry": entry, "users": users, **world}


def allowed(cast, action, moment, data) -> set[str]:
    """The roles for which the action passes its authorization check (at `moment`)."""
    ok = set()
    for role in ROLES:
        with at(moment):
            try:
                call(action, cast["users"][role], **data(cast))
                ok.add(role)
            except tk.NotAuthorized:
                pass
            except (tk.ValidationError, tk.ObjectNotFound):
                ok.add(role)   # past the authorization check; refused by the rules
    return ok


CASES = [
    ("contest_update", "registration", lambda w: {"id": "sx-2030", "description": "x"}, {"admin", "sysadmin"}),
    ("contest_audit_list", "registration", lambda w: {"id": "sx-2030"}, {"admin", "sysadmin"}),
    ("contest_team_list", "registration", lambda w: {"id": "sx-2030"}, {"admin", "sysadmin"}),
    ("contest_team_show", "registration", lambda w: {"team_id": w["team"]["id"]}, {"entrant", "admin", "sysadmin"}),
    ("contest_team_invite", "registration", lambda w: {"team_id": w["team"]["id"], "members": ["nobody-x"]},
     {"entrant", "sysadmin"}),
    ("contest_submission_list", "preliminary", lambda w: {"team_id": w["team"]["id"]}, {"entrant", "admin", "sysadmin"}),
    ("contest_submission_update", "preliminary", lambda w: {"id": w["entry"]["id"], "summary": "改"},
     {"entrant", "sysadmin"}),
    ("contest_submission_show", "preliminary", lambda w: {"id": w["entry"]["id"]},
     {"entrant", "judge", "admin", "sysadmin"}),
    ("contest_judge_assign", "registration", lambda w: {"contest_id": "sx-2030", "phase": "final", "user": "outsider"},
     {"admin", "sysadmin"}),
    ("contest_judge_list", "registration", lambda w: {"id": "sx-2030"}, {"admin", "sysadmin"}),
    ("contest_judge_queue", "preliminary_judging", lambda w: {"contest_id": "sx-2030", "phase": "preliminary"},
     {"judge", "conflicted", "sysadmin"}),
    ("contest_judge_conflicts_set", "registration", lambda w: {"contest_id": "sx-2030", "conflicts": ["越城科技"]},
     {"judge", "conflicted", "sysadmin"}),
    ("contest_score_submit", "preliminary_judging", lambda w: {"submission_id": w["entry"]["id"], "scores": {"x": 1}},
     {"judge", "sysadmin"}),
    ("contest_ranking", "preliminary_judging", lambda w: {"contest_id": "sx-2030", "phase": "preliminary"},
     {"admin", "sysadmin"}),
    ("contest_ranking", "semifinal", lambda w: {"contest_id": "sx-2030", "phase": "preliminary"},
     {"judge", "conflicted", "admin", "sysadmin"}),
    ("contest_advance", "semifinal", lambda w: {"contest_id": "sx-2030", "phase": "preliminary", "top": 0},
     {"admin", "sysadmin"}),
    ("contest_results_publish", "after", lambda w: {"contest_id": "sx-2030", "awards": "bad"}, {"admin", "sysadmin"}),
    ("contest_my_team", "registration", lambda w: {"id": "sx-2030"}, set(ROLES) - {"anonymous"}),
    ("contest_show", "registration", lambda w: {"id": "sx-2030"}, set(ROLES)),
    ("contest_gallery", "registration", lambda w: {"id": "sx-2030"}, set(ROLES)),
    ("contest_package_apps", "registration", lambda w: {"package_id": w["datasets"][0]["id"]}, set(ROLES)),
    ("contest_app_count", "registration", lambda w: {"year": 2030}, set(ROLES)),
]


@pytest.mark.parametrize("action, moment, data, expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_who_may_call(cast, action, moment, data, expected):
    assert allowed(cast, action, moment, data) == expected


def test_create_is_for_sysadmins_only(world):
    for user in (None, world["leader"], world["judge"], world["admin"]):
        with pytest.raises(tk.NotAuthorized):
            call("contest_create", user, name="z", title="z", edition=1, phases=[])
    assert call("contest_create", world["sysadmin"], name="z-ok", title="z", edition=1, phases=[
        {"code": "registration", "opens": "2030-01-01", "closes": "2030-01-02"},
        {"code": "final", "opens": "2030-01-03", "closes": "2030-01-04"}])["name"] == "z-ok"
