"""Submissions: members only, only while the phase is open, frozen after; dataset citations;
uploads checked by content."""
import ckan.plugins.toolkit as tk
import pytest

from ckanext.shaoxing_contest import uploads
from tests.conftest import PLUGINS
from tests.contest.conftest import at, call, pdf, png, upload, zip_bytes

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


@pytest.fixture
def team(world, worlds):
    """Two teams of the contest world: built once, restored after."""
    return worlds("contest-team", lambda: _team(world))


def _team(world):
    with at("registration"):
        t = call("contest_team_register", world["leader"], contest_id="sx-2030", name="智慧交通队", track="transport",
                 entrant_type="enterprise", organization_name="越城科技", members=["mate"])
        call("contest_invitation_respond", world["mate"], team_id=t["id"], accept=True)
        call("contest_team_register", world["other"], contest_id="sx-2030", name="别队", track="health",
             entrant_type="individual")
    return t


def submit(world, team, user="leader", **extra):
    data = {"team_id": team["id"], "phase": "preliminary", "title": "公交到站预测",
            "dataset_ids": [d["name"] for d in world["datasets"]], **extra}
    return call("contest_submission_create", world[user] if user else None, **data)


def test_odd_links_and_citations_are_field_errors(world, team):
    # A list where a link belongs once reached url_validator, which answered 500.
    with at("preliminary"):
        for field, value in (("demo_url", ["https://a.cn"]), ("repository_url", {"a": 1}),
                             ("dataset_ids", ["bus\x00"])):
            with pytest.raises(tk.ValidationError) as e:
                submit(world, team, **{field: value})
            assert list(e.value.error_dict) == [field], (field, e.value.error_dict)


def test_member_submits_citing_datasets_with_files(world, team):
    with at("preliminary"):
        s = submit(world, team, "mate", proposal_upload=upload("方案.pdf", pdf()),
                   screenshots_upload=[upload("a.png", png()), upload("b.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64)])
    assert sorted(s["dataset_ids"]) == sorted(d["id"] for d in world["datasets"])
    assert s["proposal"].endswith(".pdf") and len(s["screenshots"]) == 2
    assert uploads.stored(s["proposal"]) and all(uploads.stored(n) for n in s["screenshots"])
    # CKAN serves the storage folder statically: stored names must not be guessable
    import re
    assert re.search(r"[0-9a-f]{32}\.pdf$", s["proposal"]) and "方案" not in s["proposal"]
    assert [bool(re.search(r"[0-9a-f]{32}\.(png|jpg)$", n)) for n in s["screenshots"]] == [True, True]


@pytest.mark.parametrize("user", [None, "other", "judge", "outsider"])
def test_non_members_cannot_submit(world, team, user):
    with at("preliminary"), pytest.raises(tk.NotAuthorized):
        submit(world, team, user)


@pytest.mark.parametrize("moment", ["registration", "preliminary_judging", "after"])
def test_only_while_the_phase_is_open(world, team, moment):
    with at(moment), pytest.raises(tk.ValidationError) as e:
        submit(world, team)
    assert "phase" in e.value.error_dict


def test_frozen_after_the_close(world, team):
    with at("preliminary"):
        s = submit(world, team)
    with at("preliminary_judging"):
        with pytest.raises(tk.ValidationError) as e:
            call("contest_submission_update", world["leader"], id=s["id"], title="改过的标题",
                 screenshots_upload=[upload("c.png", png())])
        assert "frozen" in e.value.error_dict["phase"][0]
        assert call("contest_submission_show", world["leader"], id=s["id"])["title"] == "公交到站预测"
        assert call("contest_submission_show", world["leader"], id=s["id"])["screenshots"] == []


def test_update_while_open_replaces_files(world, team):
    with at("preliminary"):
        s = submit(world, team, screenshots_upload=[upload("a.png", png())])
        old = s["screenshots"][0]
        s = call("contest_submission_update", world["leader"], id=s["id"], title="新", remove_screenshots=[old],
                 screenshots_upload=[upload("b.png", png())])
    assert s["title"] == "新" and len(s["screenshots"]) == 1 and s["screenshots"][0] != old
    assert not uploads.stored(old)


def test_teams_not_advanced_cannot_enter_later_phases(world, team):
    with at("semifinal"), pytest.raises(tk.ValidationError) as e:
        submit(world, team, phase="semifinal")
    assert "advanced" in e.value.error_dict["phase"][0]


@pytest.mark.parametrize("which, message", [("private", "not public"), ("deleted", "deleted"),
                                            ("unknown", "no such dataset")])
def test_citations_must_be_public_active_datasets(world, team, which, message):
    ref = "no-such-dataset" if which == "unknown" else world[which]["name"]
    with at("preliminary"), pytest.raises(tk.ValidationError) as e:
        submit(world, team, dataset_ids=[world["datasets"][0]["id"], ref])
    errors = e.value.error_dict["dataset_ids"]
    assert len(errors) == 1 and errors[0].startswith(ref) and message in errors[0]


@pytest.mark.parametrize("value", [[], "", None, {"a": 1}])
def test_at_least_one_dataset(world, team, value):
    with at("preliminary"), pytest.raises(tk.ValidationError) as e:
        submit(world, team, dataset_ids=value)
    assert "dataset_ids" in e.value.error_dict


@pytest.mark.parametrize("field, file, message", [
    ("proposal_upload", lambda: upload("proposal.pdf", png(), "application/pdf"), "not PDF"),
    ("proposal_upload", lambda: upload("big.pdf", pdf(20 * 1024 * 1024 + 1), "application/pdf"), "larger than 20 MB"),
    ("screenshots_upload", lambda: upload("shot.png", zip_bytes(), "image/png"), "not PNG/JPEG"),
    ("screenshots_upload", lambda: upload("big.png", png(5 * 1024 * 1024 + 100), "image/png"), "larger than 5 MB"),
    ("screenshots_upload", lambda: [upload(f"{i}.png", png()) for i in range(7)], "at most 6"),
])
def test_uploads_are_checked_by_content(world, team, field, file, message, tmp_path):
    from ckanext.shaoxing.files import api as files_api
    before = set(files_api.scan(files_api.CONTEST))
    with at("preliminary"), pytest.raises(tk.ValidationError) as e:
        submit(world, team, **{field: file()})
    assert message in e.value.error_dict[field][0]
    assert set(files_api.scan(files_api.CONTEST)) == before   # nothing stored


def test_one_entry_per_team_and_phase(world, team):
    with at("preliminary"):
        submit(world, team)
        with pytest.raises(tk.ValidationError):
            submit(world, team, title="again")


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("mate", True), ("other", False), ("judge", True),
                                           ("conflicted", False), ("admin", True), ("sysadmin", True)])
def test_who_sees_an_entry_before_results(world, team, role, allowed):
    with at("preliminary"):
        s = submit(world, team)
    call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user="judge")
    call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user="conflicted")
    call("contest_judge_conflicts_set", world["conflicted"], contest_id="sx-2030", conflicts=["越城 科技"])
    user = None if role == "anonymous" else world[role]
    if allowed:
        shown = call("contest_submission_show", user, id=s["id"])
        assert ("team_name" in shown) is (role != "judge")   # the preliminary is anonymous to judges
    else:
        with pytest.raises(tk.NotAuthorized):
            call("contest_submission_show", user, id=s["id"])
