"""The account menu lists each role's pages by name and nothing a role cannot open; the review
queue answers 403 to an account that reviews nothing; after login each role lands on what it has,
while a `came_from` on this site still wins and one off the site is dropped."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import PLUGINS
from tests.roles.conftest import PASSWORD

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]

# role → the menu items it sees (data-menu-item), every other role's item absent
ITEMS = {"citizen": set(),
         "company": {"company", "keys", "applications"},
         "editor": {"review", "quality-sx-transport", "changes", "requests-sx-transport"},
         "entrant": {"team-sx-2030"},
         "sysadmin": {"admin", "review", "companies", "catalog-import", "targets", "quality", "audit", "requests",
                      "search-terms", "zero-results", "changes"}}
ALWAYS = {"profile", "settings", "logout"}


def menu(body: str) -> set[str]:
    return set(re.findall(r'data-menu-item="([^"]+)"', body))


@pytest.mark.parametrize("role", list(ITEMS))
def test_each_role_sees_its_own_items_labelled(app, cast, role):
    app.set_session_user(cast[role])
    body = app.get("/dataset/").body
    assert menu(body) == ITEMS[role] | ALWAYS
    # Every item opens for its role (no 403 behind a menu item).
    for url in re.findall(r'<a class="dropdown-item" data-menu-item="[^"]+" href="([^"]+)"', body):
        assert app.get(url, follow_redirects=False).status_code in (200, 302), url


def test_menu_labels_in_both_languages(app, cast):
    app.set_session_user(cast["editor"])
    zh = app.get("/dataset/").body
    assert "数据申请审核" in zh and "质量报告" in zh and "我的部门" in zh and "退出登录" in zh
    en = app.get("/en/dataset/").body
    assert "Data applications to review" in en and "Quality report" in en and "Log out" in en


@pytest.mark.parametrize("prefix, words", [("", "无权"), ("/en", "review data applications")])
def test_review_queue_refuses_who_reviews_nothing(app, cast, prefix, words):
    assert app.get(f"{prefix}/access/review", follow_redirects=False).status_code == 302     # anonymous: login
    for role in ("citizen", "company", "entrant"):
        app.set_session_user(cast[role])
        r = app.get(f"{prefix}/access/review", headers={"Accept": "text/html"})
        assert r.status_code == 403 and "<html" in r.body and words in r.body, role
    for role in ("editor", "sysadmin"):
        app.set_session_user(cast[role])
        assert app.get(f"{prefix}/access/review").status_code == 200, role


LANDS = {"citizen": "/", "company": "/company", "editor": "/organization/sx-transport",
         "entrant": "/contest/sx-2030/team", "sysadmin": "/ckan-admin/"}


def _login(app, user: str, query: str = ""):
    form = app.get("/user/login").body
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
    return app.post(f"/user/login{query}", data={"login": user, "password": PASSWORD, "_csrf_token": token},
                    follow_redirects=False)


def _path(response) -> str:
    location = urlsplit(response.headers["Location"])
    return location.path + (f"?{location.query}" if location.query else "")


@pytest.mark.parametrize("role", list(LANDS))
def test_each_role_lands_on_what_it_has(app, cast, role):
    r = _login(app, cast[role])
    assert r.status_code == 302 and _path(r) == "/welcome", r.headers
    landed = app.get("/welcome", follow_redirects=False)
    assert _path(landed) == LANDS[role]
    assert "你还未创建任何数据集" not in app.get(LANDS[role]).body


def test_editor_with_waiting_applications_lands_on_the_queue(app, cast):
    from tests.contest.conftest import call
    call("shaoxing_access_request_create", cast["company"], package_id="bus-lines", purpose="公交线路规划",
         scenario="出行 App", app_name="绍兴出行", security_measures="专网存储", period_days=30, accept_commitment=True)
    _login(app, cast["editor"])
    assert _path(app.get("/welcome", follow_redirects=False)) == "/access/review"


def test_came_from_on_this_site_wins_and_off_site_is_dropped(app, cast):
    r = _login(app, cast["company"], "?came_from=/dataset/bus-lines")
    assert _path(r) == "/dataset/bus-lines"
    app.post("/user/_logout", follow_redirects=False)
    for evil in ("https://evil.example/x", "//evil.example/x", "/\\evil.example"):
        r = _login(app, cast["company"], "?came_from=" + evil)
        assert "evil.example" not in r.headers["Location"], evil
    assert app.get("/welcome", follow_redirects=False).status_code == 302


def test_welcome_sends_a_visitor_to_login(app, cast):
    r = app.get("/welcome", follow_redirects=False)
    assert r.status_code == 302 and "/user/login" in r.headers["Location"]
