"""Helpers of the security tests: sign in to a real portal with a plain requests.Session, and a
second portal with short lockout and idle windows (the windows live in Redis and in the portal's
own clock, which a test cannot move)."""
from __future__ import annotations

import re

import pytest
import requests

from tests.conftest import PORT, ROOT

PASSWORD = "Security-pass-2026"
SHORT_IDLE = 4          # seconds
SHORT_LOCK = "3/6 seconds"


def csrf_token(http: requests.Session, url: str) -> str:
    """The CSRF token of a page (the login form's field, or the meta tag of any page)."""
    html = http.get(url, timeout=30).text
    m = (re.search(r'name="_csrf_token" value="([^"]+)"', html)
         or re.search(r'<meta name="_csrf_token" content="([^"]+)"', html))
    assert m, f"no CSRF token on {url}"
    return m.group(1)


def login(portal: str, user: str, password: str = PASSWORD, http: requests.Session | None = None,
          **form) -> requests.Response:
    """POST the login form as a browser would (its token first); the answer, not followed."""
    http = http if http is not None else requests.Session()
    token = csrf_token(http, portal + "/user/login")
    return http.post(portal + "/user/login", data={"login": user, "password": password, "_csrf_token": token,
                                                   **form}, allow_redirects=False, timeout=30)


def signed_in(portal: str, user: str, password: str = PASSWORD, **form) -> requests.Session:
    http = requests.Session()
    res = login(portal, user, password, http, **form)
    assert res.status_code == 302 and "/user/login" not in res.headers["Location"], res.text[-2000:]
    return http


@pytest.fixture(scope="session")
def short_portal(tmp_path_factory):
    """A second real portal (2 gunicorn workers) on test.ini with a few-second idle timeout and
    lockout windows."""
    from devstack.serve import gunicorn
    ini = tmp_path_factory.mktemp("short") / "short.ini"
    # A copy of test.ini (gunicorn's worker reads its logging sections too) with short windows.
    overrides = (f"ckanext.shaoxing.security.idle_timeout = {SHORT_IDLE}\n"
                 f"ckanext.shaoxing.security.login_account_limits = {SHORT_LOCK}\n"
                 "ckanext.shaoxing.security.login_address_limits = 6/6 seconds\n")
    text = (ROOT / "test.ini").read_text(encoding="utf-8").replace("%(here)s", str(ROOT))
    ini.write_text(text.replace("[app:main]\n", "[app:main]\n" + overrides, 1), encoding="utf-8")
    try:
        with gunicorn(PORT + 7, ini, ROOT / ".devstack/logs/security-portal.log", host="localhost") as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))
