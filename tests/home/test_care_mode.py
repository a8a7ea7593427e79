"""The 长辈版 switch (large text, high contrast): anyone may turn it on and off (no account), it is a
cookie the server reads so the page is drawn in that mode, the switch goes back to the visitor's
page in its language and never to another site. (A signed-in post without the form's token changes nothing:
tests/e2e/test_phone_sweep.py, on the real portal, where the token is checked.)"""
import re

import pytest
from ckan.tests import factories as ckan_factories

from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def switch(app, on: str, next_: str, prefix: str = ""):
    page = app.get(f"{prefix}/dataset/").body
    token = re.search(r'class="shaoxing-care-switch".*?name="_csrf_token" value="([^"]+)"', page, re.S).group(1)
    return app.post(f"{prefix}/care-mode", data={"_csrf_token": token, "on": on, "next": next_},
                    follow_redirects=False)


def care(app, path: str = "/dataset/") -> bool:
    return 'class="js shaoxing-care"' in app.get(path).body


@pytest.mark.parametrize("role", ["anonymous", "user", "sysadmin"])
def test_anyone_turns_it_on_and_off(app, role):
    if role != "anonymous":
        app.set_session_user(ckan_factories.User(sysadmin=role == "sysadmin")["name"])
    assert not care(app)
    assert 'role="switch" aria-checked="false"' in app.get("/dataset/").body
    res = switch(app, "1", "/dataset/?q=公交")
    assert res.status_code == 303 and res.headers["Location"].endswith("/dataset/?q=%E5%85%AC%E4%BA%A4") \
        or res.headers["Location"].endswith("/dataset/?q=公交")
    assert "shaoxing_care=1" in res.headers["Set-Cookie"] and "Max-Age" in res.headers["Set-Cookie"]
    assert care(app) and care(app, "/en/organization/")             # every page, both languages
    assert "Cookie" in app.get("/dataset/").headers["Vary"]            # no shared cache mixes the modes
    assert 'role="switch" aria-checked="true"' in app.get("/dataset/").body
    res = switch(app, "0", "/organization/", prefix="/en")
    assert res.headers["Location"].endswith("/en/organization/")    # back in the page's language
    assert not care(app)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "",
                                    "/\t/evil.example/x", "/\r\n/evil.example"])
def test_the_switch_never_leaves_the_portal(app, target):
    res = switch(app, "1", target)
    assert res.status_code == 303
    assert res.headers["Location"] in ("/", "http://localhost/", "http://test.ckan.net/") \
        or res.headers["Location"].endswith("/"), res.headers["Location"]
    assert "evil" not in res.headers["Location"]

