"""One world for the feedback tests: the bureau, two departments with an editor and a member each,
two citizens, a published entry with a resource, a not-open entry and a private one."""
import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.shaoxing.feedback import workdays
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS)]


def _build() -> dict:
    import ckan.model as model
    workdays.load()
    model.Session.commit()
    a, b = factories.department(name="fb-dept-a", title="甲局"), factories.department(name="fb-dept-b", title="乙局")
    w = {"bureau": ckan_factories.Sysadmin()["name"], "dept_a": a, "dept_b": b,
         "editor_a": factories.user_in_role("editor", a), "member_a": factories.user_in_role("member", a),
         "editor_b": factories.user_in_role("editor", b),
         "citizen": ckan_factories.User()["name"], "other": ckan_factories.User()["name"]}
    w["entry"] = factories.entry(a, name="fb-entry", resources=[{"url": "https://example.org/a.csv", "name": "a.csv"}])
    w["closed"] = factories.entry(a, name="fb-closed", open_level="not_open")
    w["private"] = factories.entry(a, name="fb-private", private=True)
    w["answer"] = factories.entry(a, name="fb-answer", title="公交站点数据")
    w["entry_b"] = factories.entry(b, name="fb-entry-b")
    return w


@pytest.fixture
def world(worlds, clean_index):
    return worlds("feedback", _build)


def call(action: str, user: str = "", **data):
    return helpers.call_action(action, {"user": user, "ignore_auth": False}, **data)
