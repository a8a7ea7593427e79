"""Finding 5: CSRF could be switched off by anonymous visitors. CKAN 2.12 exempted a view from
the check process-wide after one anonymous POST; now every state-changing request a cookie signs
in must carry a valid token (API calls: the X-CSRFToken header), whatever came before. Against
the real gunicorn-served portal: its two workers each receive several priming POSTs."""
import pytest
import requests
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS
from tests.security.conftest import PASSWORD, csrf_token, login, signed_in

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

PRIMING = 9


@pytest.fixture
def editor_entry():
    org = factories.department()
    ckan_factories.User(name="editor", password=PASSWORD, email="editor@example.com")
    helpers.call_action("organization_member_create", id=org["id"], username="editor", role="editor")
    return factories.entry(org, title="原标题")


def _title(pkg) -> str:
    return helpers.call_action("package_show", id=pkg["id"])["title"]


def _prime(url: str) -> None:
    for _ in range(PRIMING):
        requests.post(url, data={"title": "anonymous"}, timeout=30)


def test_form_post_without_token_refused_after_anonymous_posts(portal, editor_entry):
    url = f"{portal}/dataset/edit/{editor_entry['name']}"
    _prime(url)
    http = signed_in(portal, "editor")
    assert http.get(url, timeout=30).status_code == 200          # the editor may edit it
    for _ in range(4):      # lands on both workers
        res = http.post(url, data={"title": "被篡改", "save": ""}, allow_redirects=False, timeout=30)
        assert res.status_code == 400, res.status_code
    assert _title(editor_entry) == "原标题"


def test_api_post_by_session_cookie_needs_the_header(portal, editor_entry):
    api = f"{portal}/api/3/action/package_patch"
    _prime(api)
    http = signed_in(portal, "editor")
    token = csrf_token(http, portal + "/dataset/")
    for _ in range(4):
        # A cross-site form: cookie only; nor does a token in the body stand in for the header.
        assert http.post(api, data={"id": editor_entry["id"], "title": "x"}, timeout=30).status_code == 400
        assert http.post(api, data={"id": editor_entry["id"], "title": "x", "_csrf_token": token},
                         timeout=30).status_code == 400
    assert _title(editor_entry) == "原标题"
    # CKAN's JavaScript client: the same cookie with the header.
    res = http.post(api, json={"id": editor_entry["id"], "title": "新标题"}, headers={"X-CSRFToken": token},
                    timeout=30)
    assert res.status_code == 200, res.text
    assert _title(editor_entry) == "新标题"


def test_api_post_by_remember_cookie_alone_refused(portal, editor_entry):
    api = f"{portal}/api/3/action/package_patch"
    _prime(api)
    signer = requests.Session()
    res = login(portal, "editor", http=signer, remember="63072000")
    assert res.status_code == 302
    remembered = requests.Session()
    remembered.cookies.set("remember_token", signer.cookies["remember_token"], domain="localhost.local")
    for _ in range(4):
        res = remembered.post(api, data={"id": editor_entry["id"], "title": "x"}, timeout=30)
        assert res.status_code == 400, res.status_code
    assert _title(editor_entry) == "原标题"


def test_api_token_header_needs_no_csrf_token(portal, editor_entry):
    token = helpers.call_action("api_token_create", context={"user": "editor"}, user="editor",
                                name="t")["token"]
    res = requests.post(f"{portal}/api/3/action/package_patch", headers={"Authorization": token},
                        data={"id": editor_entry["id"], "title": "令牌修改"}, timeout=30)
    assert res.status_code == 200, res.text
    assert _title(editor_entry) == "令牌修改"


def test_cookies_samesite_lax_and_httponly(portal, editor_entry):
    res = login(portal, "editor", remember="63072000")
    cookies = {c.split("=", 1)[0]: c.lower() for c in res.raw.headers.getlist("Set-Cookie")}
    for name in ("ckan", "remember_token"):
        assert "samesite=lax" in cookies[name] and "httponly" in cookies[name], cookies
    assert "secure" not in cookies["ckan"]          # plain http here; https sets Secure (settings)
