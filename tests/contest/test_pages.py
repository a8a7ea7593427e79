"""Contest pages in both languages, forms with CSRF tokens, the dataset-page snippet, the
results workbook and the files view's permission check."""
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import PLUGINS
from tests.contest.conftest import at, call, png, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


@pytest.fixture
def published(world, worlds):
    """A team's awarded entry with a screenshot, citing both datasets; results published. Built once
    on the contest world, restored after."""
    return worlds("contest-published", lambda: _published(world))


def _published(world):
    with at("registration"):
        t = call("contest_team_register", world["leader"], contest_id="sx-2030", name="智慧交通队", track="transport",
                 entrant_type="enterprise", organization_name="越城科技")
    with at("preliminary"):
        s = call("contest_submission_create", world["leader"], team_id=t["id"], phase="preliminary", title="公交到站预测",
                 dataset_ids=[d["id"] for d in world["datasets"]], screenshots_upload=[upload("s.png", png())])
    call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user=world["judge"])
    with at("preliminary_judging"):
        call("contest_score_submit", world["judge"], submission_id=s["id"],
             scores={c: 80 for c in ("innovation", "data_use", "value", "technical", "presentation")})
    return {"team": t, "submission": s}


def test_contest_page_in_both_languages(app, world):
    with at("registration"):
        zh = app.get("/contest/sx-2030").body
        en = app.get("/en/contest/sx-2030").body
    assert "绍兴市第三届公共数据开放创新应用大赛" in zh and "报名" in zh and "剩余时间" in zh and "城市管理" in zh
    assert "Registration" in en and "Time left" in en and "Datasets pack" in en
    assert "登录后报名" in zh   # anonymous: asked to log in


def test_registration_form_posts_with_csrf(app, world):
    with at("registration"):   # the session is made on the frozen clock, or it would be expired
        app.set_session_user(world["leader"])
        body = app.get("/contest/sx-2030").body
    assert 'name="_csrf_token"' in body and "registration-form" in body


def test_registration_without_csrf_token_is_refused(app, world):
    with at("registration"):
        app.set_session_user(world["leader"])
        res = app.post("/contest/sx-2030/register", data={"name": "x", "track": "transport",
                                                          "entrant_type": "individual"}, status=400)
    assert res.status_code == 400
    assert call("contest_team_list", world["admin"], id="sx-2030") == []


def test_anonymous_pages_ask_to_log_in_and_come_back(app, world):
    for url in ("/contest/sx-2030/team", "/contest/sx-2030/judge", "/contest/sx-2030/admin"):
        r = app.get(url, follow_redirects=False)
        assert r.status_code == 302, url
        assert r.headers["Location"].endswith(f"/user/login?came_from={url}?"), url


def test_workspace_judge_queue_and_console_need_their_roles(app, world, published):
    app.set_session_user(world["leader"])
    assert "智慧交通队" in app.get("/contest/sx-2030/team").body
    app.get("/contest/sx-2030/admin", status=403)
    app.get("/contest/sx-2030/judge", status=403)
    with at("preliminary_judging"):
        app.set_session_user(world["judge"])
        body = app.get("/contest/sx-2030/judge").body
    assert "公交到站预测" in body and "智慧交通队" not in body   # anonymous preliminary
    with at("after"):
        app.set_session_user(world["admin"])
        body = app.get("/contest/sx-2030/admin").body
    assert "智慧交通队" in body and "80.0" in body


def test_files_follow_the_submission_permissions(app, world, published):
    s = published["submission"]
    url = f"/contest/file/{s['id']}/{s['screenshots'][0]}"
    app.get(url, status=404)                          # anonymous before results
    app.set_session_user(world["leader"])
    assert app.get(url).data.startswith(b"\x89PNG")
    app.set_session_user(world["other"])
    app.get(url, status=404)
    app.get(f"/contest/file/{s['id']}/..%2Fcontest.ini", status=404)


def test_gallery_dataset_pages_and_workbook_after_results(app, world, published):
    s = published["submission"]
    app.get("/contest/sx-2030/results.xlsx", status=403)
    assert "结果公布后开放" in app.get("/contest/sx-2030/gallery").body
    with at("after"):
        call("contest_results_publish", world["admin"], contest_id="sx-2030",
             awards=[{"submission_id": s["id"], "award": "first"}])
    body = app.get("/contest/sx-2030/gallery").body
    assert "公交到站预测" in body and "一等奖" in body and "公交线路" in body and "停车场" in body
    for d in world["datasets"]:
        page = app.get(f"/dataset/{d['name']}").body
        assert "被 1 个大赛作品使用" in page and "公交到站预测" in page
    assert "used by 1 contest apps" in app.get(f"/en/dataset/{world['datasets'][0]['name']}").body.lower()
    res = app.get("/contest/sx-2030/results.xlsx")
    wb = load_workbook(io.BytesIO(res.data))
    rows = list(wb["preliminary"].values)
    assert rows[1][2] == "公交到站预测" and rows[1][5] == 80 and rows[1][9] == "first"


def test_dataset_page_keeps_the_main_plugins_blocks(app, world):
    page = app.get(f"/dataset/{world['datasets'][0]['name']}").body
    assert "被 0 个大赛作品使用" in page
    # the main plugin's open level badge still renders, with the entry's level
    assert 'class="badge bg-success open-level open-level-unconditional">无条件开放</span>' in page


def _csrf(body: str) -> str:
    import re
    return re.search(r'name="_csrf_token" value="([^"]+)"', body).group(1)


def test_registration_form_registers_the_team(app, world):
    with at("registration"):
        app.set_session_user(world["leader"])
        token = _csrf(app.get("/contest/sx-2030").body)
        res = app.post("/contest/sx-2030/register", data={
            "_csrf_token": token, "name": "表单队", "track": "health", "entrant_type": "university",
            "organization_name": "绍兴文理学院", "members": "mate"}, follow_redirects=False)
        assert res.status_code == 302 and res.headers["Location"].endswith("/contest/sx-2030/team")
        team = call("contest_my_team", world["leader"], id="sx-2030")["team"]
    assert team["name"] == "表单队" and [m["user"] for m in team["members"]] == ["leader", "mate"]


def test_the_site_navigation_links_the_contests(app, world):
    assert '<a href="/contest">开放大赛</a>' in app.get("/").body
    body = app.get("/contest").body
    assert "绍兴市第三届公共数据开放创新应用大赛" in body
