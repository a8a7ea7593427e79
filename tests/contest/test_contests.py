"""Contests: creation rules, phases, criteria, the state machine at every boundary."""
import datetime as dt

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from tests.conftest import PLUGINS
from tests.contest.conftest import CALENDAR, at, call, phases

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


def test_defaults_tracks_criteria_and_aggregation(world):
    c = world["contest"]
    assert [t["label"][:4] for t in c["tracks"]] == ["城市管理", "交通出行", "医疗健康", "文化旅游"]
    assert {cr["code"]: cr["weight"] for cr in c["criteria"]} == {
        "innovation": 25, "data_use": 25, "value": 25, "technical": 15, "presentation": 10}
    assert c["aggregation"] == "trimmed_mean" and c["max_team_size"] == 5
    assert c["admins"] == [world["admin"]]


@pytest.mark.ckan_config("ckanext.shaoxing_contest.max_team_size", "3")
@pytest.mark.ckan_config("ckanext.shaoxing_contest.aggregation", "zscore")
def test_the_scalar_defaults_are_configured(world):
    c = call("contest_create", world["sysadmin"], name="sx-2031", title="T", edition=4, phases=phases())
    assert (c["max_team_size"], c["aggregation"]) == (3, "zscore")
    c = call("contest_create", world["sysadmin"], name="sx-2032", title="T", edition=5, phases=phases(), max_team_size=8)
    assert c["max_team_size"] == 8


def test_the_schemas_read_no_database(world):
    """Shapes only: an account named in `admins` or `members` is looked up by the action."""
    from ckan import model
    from sqlalchemy import event

    from ckanext.shaoxing_contest import schema
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(model.meta.engine, "before_cursor_execute", seen)
    try:
        _, errors = tk.navl_validate({"name": "x", "title": "T", "edition": 4, "phases": phases(),
                                      "admins": ["nobody-here", world["admin"]]}, schema.contest_create(), {})
        assert errors == {}
        _, errors = tk.navl_validate({"contest_id": "sx-2030", "name": "队", "track": "transport",
                                      "entrant_type": "individual", "members": ["nobody-here", "a@example.com"]},
                                     schema.team_register(), {})
        assert errors == {}
    finally:
        event.remove(model.meta.engine, "before_cursor_execute", seen)
    assert statements == []
    with pytest.raises(tk.ValidationError) as e:
        call("contest_update", world["sysadmin"], id="sx-2030", admins=["nobody-here"])
    assert e.value.error_dict == {"admins": ["没有用户 nobody-here / no user nobody-here"]}


@pytest.mark.parametrize("moment, expected, phase", [
    ("before", "upcoming", None), ("registration", "registration_open", "registration"),
    ("preliminary", "preliminary_open", "preliminary"), ("preliminary_judging", "preliminary_judging", "preliminary"),
    ("semifinal", "semifinal_open", "semifinal"), ("semifinal_judging", "semifinal_judging", "semifinal"),
    ("final", "final_open", "final"), ("final_judging", "final_judging", "final"), ("after", "awaiting_results", None),
])
def test_state_follows_the_server_clock(world, moment, expected, phase):
    with at(moment):
        shown = call("contest_show", None, id="sx-2030")
    assert (shown["state"], shown["phase"]) == (expected, phase)


@pytest.mark.parametrize("code", ["registration", "preliminary", "semifinal", "final"])
def test_phase_boundaries_are_half_open(world, code):
    opens, closes, _ = CALENDAR[code]
    from freezegun import freeze_time
    with freeze_time(opens - dt.timedelta(seconds=1)):
        before = call("contest_show", None, id="sx-2030")
    with freeze_time(opens):
        first = call("contest_show", None, id="sx-2030")
    with freeze_time(closes):
        after = call("contest_show", None, id="sx-2030")
    assert before["state"] != f"{code}_open"
    assert first["state"] == f"{code}_open" and first["seconds_left"] == int((closes - opens).total_seconds())
    assert after["state"] != f"{code}_open"


def test_time_left_counts_down_in_shanghai_time(world):
    with at("registration"):
        shown = call("contest_show", None, id="sx-2030")
    assert shown["seconds_left"] == 9 * 86400
    assert shown["phases"][0]["opens"] == "2030-03-01T09:00:00+08:00"


def test_naive_datetimes_are_shanghai_time(world):
    c = call("contest_update", world["sysadmin"], id="sx-2030",
             phases=[{"code": "registration", "opens": "2030-03-01 09:00", "closes": "2030-03-02 09:00"},
                     {"code": "preliminary", "opens": "2030-03-03T00:00", "closes": "2030-03-04T00:00"}])
    assert c["phases"][0]["opens"] == "2030-03-01T09:00:00+08:00"
    assert c["phases"][1]["judging_closes"] == "2030-03-18T00:00:00+08:00"   # default: 14 days after the close


@pytest.mark.parametrize("bad, field", [
    ({"phases": [{"code": "preliminary", "opens": "2030-01-01", "closes": "2030-01-02"}]}, "phases"),
    ({"phases": [{"code": "registration", "opens": "2030-01-05", "closes": "2030-01-02"},
                 {"code": "preliminary", "opens": "2030-01-06", "closes": "2030-01-07"}]}, "phases"),
    ({"phases": [{"code": "registration", "opens": "2030-01-01", "closes": "2030-01-05"},
                 {"code": "preliminary", "opens": "2030-01-04", "closes": "2030-01-07"}]}, "phases"),
    ({"phases": [{"code": "registration", "opens": "2030-01-01", "closes": "2030-01-05"},
                 {"code": "final", "opens": "2030-01-06", "closes": "2030-01-07"},
                 {"code": "semifinal", "opens": "2030-01-08", "closes": "2030-01-09"}]}, "phases"),
    ({"phases": "soon"}, "phases"),
    ({"phases": [{"code": "registration", "opens": "tomorrow", "closes": "2030-01-02"}]}, "phases"),
    ({"phases": 42}, "phases"),
    ({"criteria": [{"code": "a", "label": "A", "weight": 50}, {"code": "b", "label": "B", "weight": 40}]}, "criteria"),
    ({"criteria": [{"code": "a", "label": "A", "weight": "heavy"}]}, "criteria"),
    ({"criteria": {"a": 100}}, "criteria"),
    ({"tracks": [{"code": "x"}]}, "tracks"),
    ({"tracks": "transport"}, "tracks"),
    ({"edition": "third"}, "edition"),
    ({"edition": [3]}, "edition"),
    ({"max_team_size": "many"}, "max_team_size"),
    ({"aggregation": "median"}, "aggregation"),
    ({"name": "Not A Slug!"}, "name"),
    ({"name": ["x"]}, "name"),
    ({"admins": ["nobody-here"]}, "admins"),
    ({"title": {"zh": "x"}}, "title"),
])
def test_bad_parameters_are_field_errors(world, bad, field):
    data = {"name": "new-contest", "title": "T", "edition": 4, "phases": phases(), **bad}
    with pytest.raises(tk.ValidationError) as e:
        call("contest_create", world["sysadmin"], **data)
    assert field in e.value.error_dict


def test_bad_types_over_http_are_409_not_500(world, app):
    token = helpers.call_action("api_token_create", {"user": world["sysadmin"]}, user=world["sysadmin"], name="t")
    for body in ({"name": "x", "title": "T", "edition": "3", "phases": {"a": 1}},
                 {"name": "x", "title": "T", "edition": 3, "phases": phases(), "criteria": [1, 2]},
                 {"name": "x", "title": 5, "edition": 3, "phases": phases(), "tracks": [None]}):
        res = app.post("/api/3/action/contest_create", json=body, headers={"Authorization": token["token"]},
                       status=409)
        assert res.json["error"]["__type"] == "Validation Error"
    app.post("/api/3/action/contest_ranking", json={"contest_id": ["x"], "phase": 1}, status=403)


def test_name_is_unique(world):
    with pytest.raises(tk.ValidationError) as e:
        call("contest_create", world["sysadmin"], name="sx-2030", title="T", edition=3, phases=phases())
    assert "name" in e.value.error_dict


def test_list_and_show_are_public(world):
    assert [c["name"] for c in call("contest_list")] == ["sx-2030"]
    assert call("contest_show", None, id=world["contest"]["id"])["name"] == "sx-2030"


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("leader", False), ("judge", False),
                                           ("admin", True), ("sysadmin", True)])
def test_who_updates_a_contest(world, role, allowed):
    user = None if role == "anonymous" else world[role]
    if allowed:
        assert call("contest_update", user, id="sx-2030", title="新标题")["title"] == "新标题"
    else:
        with pytest.raises(tk.NotAuthorized):
            call("contest_update", user, id="sx-2030", title="新标题")


@pytest.mark.parametrize("role", ["anonymous", "leader", "admin"])
def test_only_sysadmins_create_contests(world, role):
    with pytest.raises(tk.NotAuthorized):
        call("contest_create", None if role == "anonymous" else world[role], name="y", title="T", edition=9,
             phases=phases())


def test_every_change_is_audited(world):
    call("contest_update", world["admin"], id="sx-2030", title="改")
    rows = call("contest_audit_list", world["admin"], id="sx-2030")
    assert [r["action"] for r in rows] == ["contest_create", "contest_update"]
    assert rows[1]["actor"] == world["admin"] and rows[1]["detail"]["fields"] == ["title"]
    with pytest.raises(tk.NotAuthorized):
        call("contest_audit_list", world["leader"], id="sx-2030")


def test_migration_creates_the_tables_the_model_declares(world):
    """The alembic revision and model.py describe the same columns."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.shaoxing_contest import model as m
    inspector = sa.inspect(model.meta.engine)
    for name, table in m.meta.tables.items():
        if name.startswith("contest"):
            assert {c["name"] for c in inspector.get_columns(name)} == {c.name for c in table.columns}, name
