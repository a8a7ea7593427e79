"""A contest entry's edits carry the `modified` they were opened at: a save over a newer one is
refused (409, nothing written); the team's form sends it; saves without it change as before."""
from __future__ import annotations

import pytest

from ckanext.shaoxing.edits.api import Conflict
from tests import factories
from tests.conftest import PLUGINS
from tests.contest.conftest import at, call, phases

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_a_save_over_a_newer_entry_is_refused():
    org = factories.department(name="sx-transport")
    sysadmin, leader = factories.user_in_role("sysadmin"), factories.user_in_role("user")
    call("contest_create", sysadmin, name="sx-2030", title="大赛", edition=3, phases=phases())
    with at("registration"):
        team = call("contest_team_register", leader, contest_id="sx-2030", name="一队", track="transport",
                    entrant_type="individual")
    with at("preliminary") as clock:
        data = factories.entry(org, name="bus-lines")
        entry = call("contest_submission_create", leader, team_id=team["id"], phase="preliminary", title="作品",
                     dataset_ids=[data["id"]])
        clock.tick(60)
        first = call("contest_submission_update", leader, id=entry["id"], summary="第一位", if_match=entry["modified"])
        clock.tick(60)
        with pytest.raises(Conflict) as refused:
            call("contest_submission_update", leader, id=entry["id"], title="第二位", if_match=entry["modified"])
        assert refused.value.current == first["modified"]
        shown = call("contest_submission_show", leader, id=entry["id"])
        assert (shown["title"], shown["summary"]) == ("作品", "第一位")
        # Without the precondition (API clients that do not send it) the save goes through.
        assert call("contest_submission_update", leader, id=entry["id"], title="第三位")["title"] == "第三位"


def test_the_team_form_shows_both_versions_and_merges(app):
    from tests.edits.forms import client, fields
    org = factories.department(name="sx-transport")
    sysadmin = factories.user_in_role("sysadmin")
    leader, mate = factories.user_in_role("user"), factories.user_in_role("user")
    call("contest_create", sysadmin, name="sx-2030", title="大赛", edition=3, phases=phases())
    with at("registration"):
        team = call("contest_team_register", leader, contest_id="sx-2030", name="一队", track="transport",
                    entrant_type="individual")
        call("contest_team_invite", leader, team_id=team["id"], members=[mate])
        call("contest_invitation_respond", mate, team_id=team["id"], accept=True)
    with at("preliminary") as clock:
        data = factories.entry(org, name="bus-lines")
        entry = call("contest_submission_create", leader, team_id=team["id"], phase="preliminary", title="作品",
                     dataset_ids=[data["id"]])
        first, second = client(app, leader), client(app, mate)
        page = "/contest/sx-2030/team"
        first_form = fields(first.get(page).get_data(as_text=True), "form.submission-form")
        second_form = fields(second.get(page).get_data(as_text=True), "form.submission-form")
        assert first_form["if_match"] == entry["modified"]
        clock.tick(60)
        saved = first.post("/contest/sx-2030/team/submission", data={**first_form, "summary": "队长写的简介"},
                           follow_redirects=False)
        assert saved.status_code == 302
        clock.tick(60)
        refused = second.post("/contest/sx-2030/team/submission", data={**second_form, "title": "队员改的标题"},
                              follow_redirects=False)
        assert refused.status_code == 409
        choice = fields(refused.get_data(as_text=True), "form.shaoxing-conflict")
        assert choice["field"] == "title"      # the form sends no empty summary: not a change of it
        merged = second.post(f"/edits/contest_submission/{entry['id']}/resolve",
                             data={**choice, "choice__title": "mine", "resolve": "merge"}, follow_redirects=False)
        assert merged.status_code == 302 and merged.headers["Location"].endswith("/contest/sx-2030/team")
        shown = call("contest_submission_show", leader, id=entry["id"])
        assert (shown["title"], shown["summary"]) == ("队员改的标题", "队长写的简介")
