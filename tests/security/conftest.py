"""Helpers of the security tests: sign in to a real portal with a plain requests.Session. The
short lockout and idle windows are the `limits_portal`'s (tests/conftest.py): they live in Redis
and in the portal's own clock, which a test cannot move."""
from __future__ import annotations

import re

import requests

from tests.conftest import LIMITS

PASSWORD = "Security-pass-2026"
SHORT_IDLE = int(LIMITS["ckanext.shaoxing.security.idle_timeout"])     # seconds, on limits_portal


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
