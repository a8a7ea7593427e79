"""What the contest pages tell each role: when a phase opens or closes, the track by its name, the
judging and admin tabs only for judges and admins, and a registration refused for an unknown
invitee keeps what was typed with the error beside that field. The clock is moved (time-machine)."""
import re

import pytest
import time_machine

from tests.conftest import PLUGINS
from tests.contest.conftest import MOMENTS, call
from tests.contest.test_pages import published  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


def at(moment: str):
    return time_machine.travel(MOMENTS[moment], tick=False)


def tabs(body: str) -> set[str]:
    nav = body.split('class="contest-nav')[1].split("</nav>")[0]
    return set(re.findall(r'/contest/sx-2030/(judge|admin)"', nav))


def test_team_page_says_when_each_phase_opens_and_names_the_track(app, world, published):  # noqa: F811
    with at("registration"):
        app.set_session_user(world["leader"])
        zh = app.get("/contest/sx-2030/team").body
        en = app.get("/en/contest/sx-2030/team").body
    assert "初赛 — 未开始，2030年3月11日 09:00 开始" in zh, re.findall(r"<h3>.*?</h3>", zh, re.S)
    assert "赛道: 交通出行" in zh.replace("：", ": ") and "transport" not in zh.split("team-name")[1].split("</p>")[0]
    assert "opens 11 March 2030, 09:00" in en and "Transport" in en
    with at("preliminary"):
        zh = app.get("/contest/sx-2030/team").body
    assert "2030年3月21日 09:00 截止" in zh


@pytest.mark.parametrize("role, expected", [("outsider", set()), ("leader", set()), ("judge", {"judge"}),
                                            ("admin", {"admin"}), ("sysadmin", {"admin", "judge"})])
def test_judging_and_admin_tabs_only_for_their_roles(app, world, published, role, expected):  # noqa: F811
    with at("preliminary_judging"):
        app.set_session_user(world[role])
        assert tabs(app.get("/contest/sx-2030/gallery").body) == expected
        for tab in expected:
            assert app.get(f"/contest/sx-2030/{tab}").status_code == 200


def test_anonymous_sees_neither_tab(app, world):
    with at("registration"):
        assert tabs(app.get("/contest/sx-2030").body) == set()


@pytest.mark.parametrize("prefix, words", [("", "没有用户 nobody-such"), ("/en", "no user nobody-such")])
def test_an_unknown_invitee_keeps_the_form_with_the_error_on_its_field(app, world, prefix, words):
    with at("registration"):
        app.set_session_user(world["outsider"])
        body = app.get(f"{prefix}/contest/sx-2030").body
        token = re.search(r'name="_csrf_token" value="([^"]+)"', body).group(1)
        r = app.post(f"{prefix}/contest/sx-2030/register", data={
            "_csrf_token": token, "name": "表单队", "track": "health", "entrant_type": "university",
            "organization_name": "绍兴文理学院", "members": "nobody-such"})
        assert r.status_code == 400
        page = r.body
        assert 'value="表单队"' in page and 'value="绍兴文理学院"' in page and 'value="nobody-such"' in page
        assert re.search(r'<option value="health" selected>', page) and re.search(r'value="university" selected', page)
        error = re.search(r'data-field="members">([^<]+)<', page).group(1)
        assert words in error.lower() and ("/" not in error), error
        assert 'aria-describedby="team-members-error"' in page
        assert call("contest_my_team", world["outsider"], id="sx-2030")["team"] is None
