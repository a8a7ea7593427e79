"""Who sees which report: the badge is public, the report and the department page are for the
department and sysadmins, department editors re-run checks (the form carries a CSRF token)."""
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS
from tests.governance.conftest import GOOD, entry_with
from tests.interfaces.conftest import token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
ROLES = ["anonymous", "user", "other_editor", "member", "editor", "sysadmin"]
DEPARTMENT = {"member", "editor", "sysadmin"}


def as_role(role, org):
    if role == "other_editor":
        return factories.user_in_role("editor", factories.department())
    return factories.user_in_role(role, org)


def allowed(action, user, **data):
    try:
        helpers.call_action(action, {"user": user, "ignore_auth": False}, **data)
        return True
    except tk.NotAuthorized:
        return False


@pytest.mark.parametrize("role", ROLES)
def test_actions_by_role(checked, role):
    pkg, org = checked, checked["organization"]
    user = as_role(role, org)
    assert allowed("shaoxing_quality_badge", user, id=pkg["id"])
    assert allowed("shaoxing_quality_summary", user)
    assert allowed("shaoxing_quality_show", user, id=pkg["id"]) == (role in DEPARTMENT)
    assert allowed("shaoxing_quality_list", user, organization=org["name"]) == (role in DEPARTMENT)
    assert allowed("shaoxing_quality_run", user, id=pkg["id"]) == (role in {"editor", "sysadmin"})
    badge = helpers.call_action("shaoxing_quality_badge", {"user": user, "ignore_auth": False}, id=pkg["id"])
    assert set(badge) == {"id", "name", "score", "passed", "threshold", "checked_at"} and badge["score"] == 100


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(app, checked, role):
    pkg, org = checked, checked["organization"]
    user = as_role(role, org)
    report = app.get(f"/dataset/{pkg['name']}/quality", headers=token(user), follow_redirects=False)
    dept = app.get(f"/organization/{org['name']}/quality", headers=token(user), follow_redirects=False)
    if role in DEPARTMENT:
        assert report.status_code == dept.status_code == 200
        html = report.get_data(as_text=True)
        assert "dimension-accuracy" in html and 'name="_csrf_token"' in html
        assert ("run-check" in html) == (role != "member")
    elif role == "anonymous":
        assert report.status_code == dept.status_code == 302 and "/user/login" in report.headers["Location"]
    else:
        assert report.status_code == dept.status_code == 403
    page = app.get(f"/dataset/{pkg['name']}", headers=token(user)).get_data(as_text=True)
    assert "quality-badge" in page                                    # the badge is public
    assert app.get("/quality", headers=token(user)).status_code == 200


def test_the_run_button_queues_a_check_and_needs_the_csrf_token(app, org):
    from ckan.lib.jobs import get_queue
    pkg = entry_with(org, GOOD)
    editor = factories.user_in_role("editor", org)
    get_queue().empty()
    app.set_session_user(editor)
    refused = app.post(f"/dataset/{pkg['name']}/quality/run", data={}, follow_redirects=False)
    assert refused.status_code in (400, 403)
    assert not [j for j in get_queue().jobs if j.args == [pkg["id"]]]
    page = app.get(f"/dataset/{pkg['name']}/quality").get_data(as_text=True)
    csrf = page.split('name="_csrf_token" value="')[1].split('"')[0]
    r = app.post(f"/dataset/{pkg['name']}/quality/run", data={"_csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 302
    assert [j.args for j in get_queue().jobs if j.func_name.endswith("governance.jobs.job")] == [[pkg["id"]]]


def test_the_report_in_english_too(app, checked):
    pkg = checked
    user = factories.user_in_role("editor", pkg["organization"])
    zh = app.get(f"/dataset/{pkg['name']}/quality", headers=token(user)).get_data(as_text=True)
    en = app.get(f"/en/dataset/{pkg['name']}/quality", headers=token(user)).get_data(as_text=True)
    assert "准确性" in zh and "accuracy" in en and "准确性" not in en
