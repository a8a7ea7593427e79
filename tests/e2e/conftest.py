"""Real-browser harness: pages of the session's one Chromium (the `browser` fixture of
tests/conftest.py) against its `portal` fixture."""
from __future__ import annotations

import re

import pytest


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def login(browser, portal: str, user: str, password: str):
    """A page of a browser context logged in as `user`. CKAN answers the login form with a
    redirect to ckan.site_url, which is not this portal's port when SHAOXING_TEST_PORT is set (and
    may be another portal's): the form is posted through the context's own HTTP client, without
    following that redirect, and the session cookie lands in the browser's context."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    form = context.request.get(portal + "/user/login").text()
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
    res = context.request.post(portal + "/user/login", max_redirects=0,
                               form={"login": user, "password": password, "_csrf_token": token})
    assert res.status == 302 and "/user/login" not in res.headers["location"], res.headers
    return context.new_page()
