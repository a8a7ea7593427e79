"""Finding 8 (no lockout) and the login 500s of finding 9, plus sessions: failed logins are
counted in Redis per login name and per address; a locked name is refused even with the right
password, with the same answer whether or not the account exists; remember-me lasts at most
7 days; bad `remember`/`came_from` values answer without a 500 and never leave the site; an idle
signed-in session ends. Against the real gunicorn-served portal (two workers); the windows on
`limits_portal`, configured with a few seconds (they run on the portal's clock and in Redis)."""
import time
from email.utils import parsedate_to_datetime

import pytest
import requests
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests.conftest import PLUGINS
from tests.security.conftest import PASSWORD, SHORT_IDLE, csrf_token, login, signed_in

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "forget_failures")]


@pytest.fixture
def forget_failures():
    redis = connect_to_redis()
    for key in redis.scan_iter("LIMITS:*shaoxing:login*"):
        redis.delete(key)


@pytest.fixture
def alice():
    return ckan_factories.User(name="alice", password=PASSWORD, email="alice@example.com")


def _flash(res) -> str:
    text = res.text
    start = text.index('class="alert')
    return text[start:text.index("</div>", start)]


def _signed_in(http: requests.Session, portal: str) -> bool:
    res = http.get(portal + "/dashboard/datasets", allow_redirects=False, timeout=30)
    assert res.status_code in (200, 302), res.status_code
    return res.status_code == 200


def test_lockout_refuses_even_the_right_password(portal, alice):
    for _ in range(5):
        assert login(portal, "alice", "wrong-Password-1").status_code == 200      # CKAN's "bad password"
    res = login(portal, "alice", PASSWORD)
    assert res.status_code == 429 and int(res.headers["Retry-After"]) > 0
    assert "alert" in res.text and "Location" not in res.headers
    # A name that has no account waits the same, with the same words.
    for _ in range(5):
        login(portal, "nobody-here", "wrong-Password-1")
    other = login(portal, "nobody-here", "wrong-Password-1")
    assert other.status_code == 429 and _flash(other) == _flash(res)


def test_a_success_forgets_the_names_failures(portal, alice):
    for _ in range(4):
        login(portal, "alice", "wrong-Password-1")
    signed_in(portal, "alice")
    for _ in range(4):
        login(portal, "alice", "wrong-Password-1")
    signed_in(portal, "alice")


def test_the_wait_ends_and_grows(limits_portal, alice):
    # limits_portal: 3 failures per 6 s lock the name, then the address limit (6 per 6 s) too.
    for _ in range(3):
        login(limits_portal, "alice", "wrong-Password-1")
    first = login(limits_portal, "alice", PASSWORD)
    assert first.status_code == 429 and 1 <= int(first.headers["Retry-After"]) <= 6
    time.sleep(int(first.headers["Retry-After"]) + 1)
    signed_in(limits_portal, "alice")
    for _ in range(6):      # from the same address, under other names: the address waits
        login(limits_portal, f"guess{_}", "wrong-Password-1")
    assert login(limits_portal, "alice", PASSWORD).status_code == 429


def test_lockout_is_announced_on_the_security_signal(app, alice):
    from ckan.plugins import toolkit as tk
    events = []
    signal = tk.signals.ckanext.signal("shaoxing_security_event")

    def record(sender, **kw):
        events.append((sender, kw))
    signal.connect(record)
    try:
        for _ in range(5):
            app.post("/user/login", data={"login": "alice", "password": "wrong-Password-1"})
        app.post("/user/login", data={"login": "alice", "password": PASSWORD}, status=429)
    finally:
        signal.disconnect(record)
    assert [name for name, _ in events] == ["login.locked", "login.locked"]
    assert events[0][1]["object_id"] == "alice" and events[0][1]["result"] == "denied"
    assert events[0][1]["detail"]["scopes"] == ["account"] and "password" not in str(events)


def test_remember_me_lasts_at_most_seven_days(portal, alice):
    for remember in ("63072000", str(10 ** 13)):     # the form's own value (ms), and centuries
        res = login(portal, "alice", remember=remember)
        assert res.status_code == 302
        cookie = next(c for c in res.raw.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
        expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0]).timestamp()
        assert expires <= time.time() + 7 * 86400 + 60


@pytest.mark.parametrize("remember", ["y", "-1", "1e3", "６"])
def test_remember_not_a_number_is_a_clear_error(portal, alice, remember):
    res = login(portal, "alice", remember=remember)
    assert res.status_code == 400 and "记住我" in _flash(res)


@pytest.mark.parametrize("target", ["\\\\evil.example", "\\evil.example", "//evil.example",
                                    "https://evil.example/", "/\\evil.example", "java\nscript:x"])
def test_came_from_off_site_is_dropped(portal, alice, target):
    res = requests.get(portal + "/user/login", params={"came_from": target}, allow_redirects=False, timeout=30)
    assert res.status_code == 302 and "evil" not in res.headers["Location"]
    http = requests.Session()
    token = csrf_token(http, portal + "/user/login")
    res = http.post(portal + "/user/login", params={"came_from": target}, allow_redirects=False, timeout=30,
                    data={"login": "alice", "password": PASSWORD, "_csrf_token": token})
    assert res.status_code == 302 and "evil" not in res.headers["Location"]
    http = signed_in(portal, "alice")
    res = http.get(portal + "/user/_logout", params={"came_from": target}, allow_redirects=False, timeout=30)
    assert res.status_code == 302 and "evil" not in res.headers["Location"]
    res = http.get(res.headers["Location"].replace("http://localhost:15000", portal), allow_redirects=False,
                   timeout=30)
    assert res.status_code == 302 and "evil" not in res.headers["Location"]
    assert not _signed_in(http, portal)


def test_came_from_on_the_site_is_followed(portal, alice):
    assert requests.get(portal + "/user/login?came_from=/dataset/", allow_redirects=False,
                        timeout=30).status_code == 200
    http = requests.Session()
    token = csrf_token(http, portal + "/user/login")
    res = http.post(portal + "/user/login", params={"came_from": "/dataset/"}, allow_redirects=False, timeout=30,
                    data={"login": "alice", "password": PASSWORD, "_csrf_token": token})
    assert res.status_code == 302 and res.headers["Location"].endswith("/dataset/")


def test_idle_session_ends(limits_portal, alice):
    http = signed_in(limits_portal, "alice", remember="63072000")
    for _ in range(3):      # activity keeps it alive past the timeout
        time.sleep(SHORT_IDLE / 2)
        assert _signed_in(http, limits_portal)
    time.sleep(SHORT_IDLE + 2)
    res = http.get(limits_portal + "/dashboard/datasets", allow_redirects=False, timeout=30)
    assert "/user/login" in res.headers["Location"]
    assert any(c.startswith("remember_token=;") for c in res.raw.headers.getlist("Set-Cookie"))
    assert not _signed_in(http, limits_portal)


def test_logout_ends_the_session_copy(limits_portal, alice):
    http = signed_in(limits_portal, "alice")
    copy = requests.Session()
    copy.cookies.update(http.cookies)
    assert _signed_in(copy, limits_portal)
    http.get(limits_portal + "/user/_logout", allow_redirects=False, timeout=30)
    assert not _signed_in(copy, limits_portal)


def test_api_token_requests_have_no_idle_timeout(limits_portal, alice):
    token = helpers.call_action("api_token_create", context={"user": "alice"}, user="alice", name="t")["token"]
    time.sleep(SHORT_IDLE + 1)
    res = requests.get(limits_portal + "/api/3/action/user_show", params={"id": "alice"},
                       headers={"Authorization": token}, timeout=30)
    assert res.status_code == 200
