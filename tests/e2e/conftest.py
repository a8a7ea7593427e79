"""Real-browser harness: pages of the session's one Chromium (the `browser` fixture of
tests/conftest.py) against its `portal` fixture, and the screenshots of the user guide."""
from __future__ import annotations

import os
import re

import pytest

from tests.conftest import ROOT

# The user guide's screenshots are committed (docs/user/img/) and taken by the journeys below:
# `make docs-shots` runs them with SHAOXING_DOCS_SHOTS=1 to refresh the guide's pictures. Other
# runs write to the git-ignored test output, so a test run never changes committed files.
GUIDE_SHOTS = ROOT / "docs/user/img"
TEST_SHOTS = ROOT / ".devstack/test-output/screenshots"


def shot(page, name: str, full_page: bool = False) -> None:
    """Save what `page` (or a locator: that element only) shows as `<name>.png`."""
    folder = GUIDE_SHOTS if os.environ.get("SHAOXING_DOCS_SHOTS") else TEST_SHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if hasattr(page, "goto"):
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    else:
        page.screenshot(path=str(path), animations="disabled")
    _compact(path)


def record(page, name: str) -> None:
    """What the screen shows, as `<name>.jpg` under the test output: a record of a page for the
    person reading a test run, not a picture for the guide (`shot`'s palette pass costs a second)."""
    TEST_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TEST_SHOTS / f"{name}.jpg"), type="jpeg", quality=70, animations="disabled")


def _compact(path) -> None:
    # A 256-colour palette keeps text sharp at about a third of the size (they live in git).
    from PIL import Image
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


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
