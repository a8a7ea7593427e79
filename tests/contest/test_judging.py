"""Judging: assignment, conflicts (回避), anonymous preliminary, scores, aggregation on worked
examples (a lenient and a harsh judge; ties), visibility of the ranking, advancing, results."""
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories as ckan_factories
from freezegun import freeze_time

from tests.conftest import PLUGINS
from tests.contest.conftest import CALENDAR, at, call

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]
QUALITY = {"A": 70, "B": 72, "C": 60, "D": 58, "E": 56, "F": 54}


def entries(world, names, orgs=None) -> dict:
    """One team and one preliminary entry per name; returns name → submission."""
    out = {}
    with at("registration"):
        teams = {n: call("contest_team_register", ckan_factories.User()["name"], contest_id="sx-2030",
                         name=f"队{n}", track="transport", entrant_type="enterprise",
                         organization_name=(orgs or {}).get(n, f"{n}公司")) for n in names}
    for n, t in teams.items():
        leader = next(m["user"] for m in t["members"] if m["role"] == "leader")
        with at("preliminary"):
            out[n] = call("contest_submission_create", leader, team_id=t["id"], phase="preliminary",
                          title=f"作品{n}", dataset_ids=[world["datasets"][0]["id"]])
        out[n]["leader"] = leader
    return out


def judges(world, names) -> list[str]:
    users = [ckan_factories.User(name=n)["name"] for n in names]
    for u in users:
        call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user=u)
    return users


def score(judge, submission, total, comment=""):
    """Every criterion the same mark, so the weighted total is that mark."""
    marks = {c: total for c in ("innovation", "data_use", "value", "technical", "presentation")}
    return call("contest_score_submit", judge, submission_id=submission["id"], scores=marks, comment=comment)


def ranking(world, aggregation):
    call("contest_update", world["sysadmin"], id="sx-2030", aggregation=aggregation)
    with at("after"):
        return call("contest_ranking", world["admin"], contest_id="sx-2030", phase="preliminary")


@pytest.fixture
def lenient_and_harsh(world, worlds):
    """Four steady judges score everything; a lenient one (+20) skips B, a harsh one (−20) skips A.
    Built once on the contest world, restored after."""
    return worlds("contest-judged", lambda: _lenient_and_harsh(world))


def _lenient_and_harsh(world):
    subs = entries(world, list(QUALITY))
    steady = judges(world, [f"steady{i}" for i in range(1, 5)])
    lenient, harsh = judges(world, ["lenient", "harsh"])
    with at("preliminary_judging"):
        for i, j in enumerate(steady, 1):
            for n, q in QUALITY.items():
                score(j, subs[n], q + i)
        for n, q in QUALITY.items():
            if n != "B":
                score(lenient, subs[n], q + 20)
            if n != "A":
                score(harsh, subs[n], q - 20)
    return subs


def order(result):
    return [e["title"][-1] for e in result["entries"]]


def test_raw_mean_is_flipped_by_the_lenient_and_harsh_judges(world, lenient_and_harsh):
    result = ranking(world, "mean")
    assert order(result)[:2] == ["A", "B"]
    by = {e["title"][-1]: e for e in result["entries"]}
    assert by["A"]["score"] == 76 and by["B"]["score"] == 70 and by["A"]["judges"] == 5
    assert by["A"]["totals"] == [71, 72, 73, 74, 90]


def test_trimmed_mean_drops_highest_and_lowest(world, lenient_and_harsh):
    result = ranking(world, "trimmed_mean")
    by = {e["title"][-1]: e for e in result["entries"]}
    assert order(result)[:2] == ["B", "A"]
    assert by["A"]["score"] == 73 and by["B"]["score"] == 74 and by["A"]["method"] == "trimmed_mean"


def test_zscore_agrees_with_the_trimmed_mean(world, lenient_and_harsh):
    result = ranking(world, "zscore")
    assert result["used"] == "zscore" and result["note"] is None
    assert order(result) == ["B", "A", "C", "D", "E", "F"]
    by = {e["title"][-1]: e for e in result["entries"]}
    assert by["B"]["score"] == pytest.approx(81.565, abs=0.01) and by["A"]["score"] == pytest.approx(78.731, abs=0.01)


def test_trimmed_mean_falls_back_to_the_mean_with_few_judges_and_says_so(world):
    subs = entries(world, ["A"])
    js = judges(world, ["j1", "j2", "j3"])
    with at("preliminary_judging"):
        for j, t in zip(js, (50, 60, 100)):
            score(j, subs["A"], t)
    entry = ranking(world, "trimmed_mean")["entries"][0]
    assert entry["score"] == 70 and entry["method"] == "mean" and "fewer than 5 judges" in entry["note"]


def test_zscore_needs_five_scores_per_judge(world):
    subs = entries(world, ["A", "B"])
    (j,) = judges(world, ["j1"])
    with at("preliminary_judging"):
        score(j, subs["A"], 80)
        score(j, subs["B"], 60)
    result = ranking(world, "zscore")
    assert result["used"] == "mean" and "fewer than 5 scores" in result["note"]
    assert [e["score"] for e in result["entries"]] == [80, 60]


def test_ties_are_reported_as_ties(world):
    subs = entries(world, ["A", "B", "C"])
    js = judges(world, ["j1", "j2"])
    with at("preliminary_judging"):
        for n, (x, y) in {"A": (80, 70), "B": (70, 80), "C": (90, 90)}.items():
            score(js[0], subs[n], x)
            score(js[1], subs[n], y)
    result = ranking(world, "mean")
    assert [(e["rank"], e["tie"]) for e in result["entries"]] == [(1, False), (2, True), (2, True)]
    assert result["ties"] == [{"rank": 2, "submission_ids": [result["entries"][1]["submission_id"],
                                                             result["entries"][2]["submission_id"]]}]


def test_weighted_total_and_replacement_until_judging_closes(world):
    subs = entries(world, ["A"])
    (j,) = judges(world, ["j1"])
    marks = {"innovation": 100, "data_use": 80, "value": 60, "technical": 40, "presentation": 0}
    with at("preliminary_judging"):
        first = call("contest_score_submit", j, submission_id=subs["A"]["id"], scores=marks)
        assert first["total"] == 25 + 20 + 15 + 6 + 0
        score(j, subs["A"], 50)
    _, _, judging_closes = CALENDAR["preliminary"]
    with freeze_time(judging_closes), pytest.raises(tk.ValidationError):
        score(j, subs["A"], 99)
    assert ranking(world, "mean")["entries"][0]["score"] == 50


@pytest.mark.parametrize("moment", ["preliminary", "after"])
def test_no_scoring_outside_the_judging_period(world, moment):
    subs = entries(world, ["A"])
    (j,) = judges(world, ["j1"])
    with at(moment), pytest.raises(tk.ValidationError):
        score(j, subs["A"], 50)


@pytest.mark.parametrize("bad", [{"innovation": 101}, {"innovation": "high"}, "not json", [1, 2], {"unknown": 5}])
def test_bad_scores_are_field_errors(world, bad):
    subs = entries(world, ["A"])
    (j,) = judges(world, ["j1"])
    with at("preliminary_judging"), pytest.raises(tk.ValidationError) as e:
        call("contest_score_submit", j, submission_id=subs["A"]["id"], scores=bad)
    assert "scores" in e.value.error_dict


def test_a_nul_in_a_conflict_is_a_field_error(world):
    # PostgreSQL's JSON cannot hold the NUL the list would be stored with.
    (j,) = judges(world, ["j1"])
    with pytest.raises(tk.ValidationError) as e:
        call("contest_judge_conflicts_set", j, contest_id="sx-2030", conflicts=["越城\x00科技"])
    assert e.value.error_dict["conflicts"] == ["不能含空字符（NUL）/ must not contain NUL characters"]


def test_criteria_lock_once_a_score_exists(world):
    subs = entries(world, ["A"])
    (j,) = judges(world, ["j1"])
    new = [{"code": "only", "label": "唯一", "weight": 100}]
    assert not call("contest_show", None, id="sx-2030")["criteria_locked"]
    with at("preliminary_judging"):
        score(j, subs["A"], 50)
    assert call("contest_show", None, id="sx-2030")["criteria_locked"]
    with pytest.raises(tk.ValidationError) as e:
        call("contest_update", world["sysadmin"], id="sx-2030", criteria=new)
    assert "criteria" in e.value.error_dict


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("entrant", False), ("other", False),
                                           ("judge", True), ("conflicted", False), ("admin", False),
                                           ("sysadmin", True)])
def test_who_may_score(world, role, allowed):
    subs = entries(world, ["A", "B"], orgs={"A": "越城科技有限公司"})
    judges(world, ["judge_x", "conflicted_x"])
    call("contest_judge_conflicts_set", "conflicted_x", contest_id="sx-2030", conflicts=["越城科技有限公司"])
    user = {"anonymous": None, "entrant": subs["A"]["leader"], "other": subs["B"]["leader"], "judge": "judge_x",
            "conflicted": "conflicted_x", "admin": world["admin"], "sysadmin": world["sysadmin"]}[role]
    with at("preliminary_judging"):
        if allowed:
            assert score(user, subs["A"], 50)["total"] == 50
        else:
            with pytest.raises(tk.NotAuthorized):
                score(user, subs["A"], 50)


def test_a_judge_on_the_team_is_conflicted(world):
    subs = entries(world, ["A"])
    (j,) = judges(world, ["j1"])
    with at("registration"):
        team = call("contest_team_show", subs["A"]["leader"], team_id=subs["A"]["team_id"])
        call("contest_team_invite", subs["A"]["leader"], team_id=team["id"], members=[j])
    with at("preliminary_judging"), pytest.raises(tk.NotAuthorized):
        score(j, subs["A"], 50)


def test_queue_hides_conflicted_teams_and_team_names_in_the_preliminary(world):
    subs = entries(world, ["A", "B"], orgs={"A": "越城科技有限公司"})
    (j,) = judges(world, ["j1"])
    call("contest_judge_conflicts_set", j, contest_id="sx-2030", conflicts=[" 越城科技 有限公司 "])
    with at("preliminary_judging"):
        score(j, subs["B"], 66)
        queue = call("contest_judge_queue", j, contest_id="sx-2030", phase="preliminary")
    assert [e["title"] for e in queue["entries"]] == ["作品B"]
    entry = queue["entries"][0]
    assert "team_name" not in entry and "organization_name" not in entry and entry["team_id"] is None
    assert entry["my_score"]["total"] == 66
    with pytest.raises(tk.NotAuthorized):
        call("contest_judge_queue", world["leader"], contest_id="sx-2030", phase="preliminary")


def test_ranking_visibility(world):
    subs = entries(world, ["A"])
    (j,) = judges(world, ["j1"])
    with at("preliminary_judging"):
        score(j, subs["A"], 50)
        for user in (None, subs["A"]["leader"], j):
            with pytest.raises(tk.NotAuthorized):
                call("contest_ranking", user, contest_id="sx-2030", phase="preliminary")
        assert call("contest_ranking", world["admin"], contest_id="sx-2030", phase="preliminary")["entries"]
    with at("semifinal"):
        ranked = call("contest_ranking", j, contest_id="sx-2030", phase="preliminary")
        assert "team_name" not in ranked["entries"][0]   # still anonymous to judges
        with pytest.raises(tk.NotAuthorized):
            call("contest_ranking", None, contest_id="sx-2030", phase="preliminary")


def test_advance_and_publish_results(world):
    subs = entries(world, ["A", "B", "C"])
    js = judges(world, ["j1"])
    with at("preliminary_judging"):
        for n, t in {"A": 90, "B": 80, "C": 70}.items():
            score(js[0], subs[n], t)
        with pytest.raises(tk.ValidationError):   # judging still open
            call("contest_advance", world["admin"], contest_id="sx-2030", phase="preliminary", top=2)
    with at("semifinal"):
        with pytest.raises(tk.NotAuthorized):
            call("contest_advance", subs["A"]["leader"], contest_id="sx-2030", phase="preliminary", top=2)
        moved = call("contest_advance", world["admin"], contest_id="sx-2030", phase="preliminary", top=2)
        assert sorted(moved["team_ids"]) == sorted([subs["A"]["team_id"], subs["B"]["team_id"]])
        semi = call("contest_submission_create", subs["A"]["leader"], team_id=subs["A"]["team_id"],
                    phase="semifinal", title="作品A复赛", dataset_ids=[world["datasets"][1]["id"]])
        with pytest.raises(tk.ValidationError):
            call("contest_submission_create", subs["C"]["leader"], team_id=subs["C"]["team_id"],
                 phase="semifinal", title="x", dataset_ids=[world["datasets"][1]["id"]])
    with at("final_judging"), pytest.raises(tk.ValidationError):
        call("contest_results_publish", world["admin"], contest_id="sx-2030",
             awards=[{"submission_id": semi["id"], "award": "first"}])
    with at("after"):
        assert call("contest_gallery", None, id="sx-2030")["entries"] == []
        with pytest.raises(tk.NotAuthorized):
            call("contest_results_publish", world["judge"], contest_id="sx-2030",
                 awards=[{"submission_id": semi["id"], "award": "first"}])
        with pytest.raises(tk.ValidationError):
            call("contest_results_publish", world["admin"], contest_id="sx-2030",
                 awards=[{"submission_id": semi["id"], "award": "gold"}])
        call("contest_results_publish", world["admin"], contest_id="sx-2030",
             awards=[{"submission_id": semi["id"], "award": "first"},
                     {"submission_id": subs["B"]["id"], "award": "merit"}])
        gallery = call("contest_gallery", None, id="sx-2030")
        assert [(e["title"], e["award"]) for e in gallery["entries"]] == [("作品A复赛", "first"), ("作品B", "merit")]
        assert gallery["entries"][0]["datasets"][0]["name"] == "parking"
        assert call("contest_show", None, id="sx-2030")["state"] == "results_published"
        assert call("contest_ranking", None, contest_id="sx-2030", phase="preliminary")["entries"][0]["team_name"]
        assert call("contest_submission_show", None, id=semi["id"])["team_name"] == "队A"
        with pytest.raises(tk.NotAuthorized):   # not awarded: stays with its team
            call("contest_submission_show", None, id=subs["C"]["id"])
    apps = call("contest_package_apps", None, package_id=world["datasets"][1]["id"])
    assert apps["count"] == 1 and apps["apps"][0]["title"] == "作品A复赛"
    assert call("contest_package_apps", None, package_id="bus-lines")["count"] == 1   # B's preliminary entry
    actions = [r["action"] for r in call("contest_audit_list", world["admin"], id="sx-2030")]
    for expected in ("team_register", "submission_create", "judge_assign", "score_submit", "advance",
                     "results_publish"):
        assert expected in actions


def test_app_count_by_year(world):
    entries(world, ["A", "B"])
    assert call("contest_app_count", None, year=2030) == {"year": 2030, "apps": 2}
    assert call("contest_app_count", None, year=2029)["apps"] == 0
    with pytest.raises(tk.ValidationError):
        call("contest_app_count", None, year="soon")


def test_a_new_score_retires_the_cached_ranking(world):
    subs = entries(world, ["A", "B"])
    js = judges(world, ["j1", "j2"])
    with at("preliminary_judging"):
        score(js[0], subs["A"], 90)
        score(js[0], subs["B"], 80)
        assert order(call("contest_ranking", world["admin"], contest_id="sx-2030", phase="preliminary")) == ["A", "B"]
        score(js[1], subs["A"], 10)
        assert order(call("contest_ranking", world["admin"], contest_id="sx-2030", phase="preliminary")) == ["B", "A"]
        call("contest_update", world["sysadmin"], id="sx-2030", aggregation="mean")
        assert call("contest_ranking", world["admin"], contest_id="sx-2030", phase="preliminary")["aggregation"] == "mean"
