"""A report says why a dataset does not pass: the total under the pass line, a dimension under the
floor (one rule, governance/verdict.py, for the check and the reports); the department's page
links its quality report for the department and sysadmins only."""
import json

import ckan.model as model
import pytest
import sqlalchemy as sa

from ckanext.shaoxing.governance import verdict
from tests import factories
from tests.conftest import PLUGINS
from tests.governance.test_access import ROLES, as_role
from tests.interfaces.conftest import token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


def test_the_rule_names_each_failure():
    assert verdict.failures(90.2, {"completeness": 52, "accuracy": 100}, 80, 60) == [
        {"code": "floor", "dimension": "completeness", "score": 52, "limit": 60}]
    assert verdict.failures(75.0, {"completeness": 60}, 80, 60) == [
        {"code": "total", "dimension": None, "score": 75.0, "limit": 80}]
    assert verdict.failures(80, {"completeness": 60}, 80, 60) == []


def _fail_completeness(pkg_id: str, score: float = 52) -> None:
    # The stored result of a check whose completeness fell under the floor (total still above the line).
    row = model.Session.execute(sa.text("SELECT dimensions FROM shaoxing_quality WHERE package_id = :p"),
                                {"p": pkg_id}).scalar()
    row["completeness"]["score"] = score
    model.Session.execute(sa.text("UPDATE shaoxing_quality SET passed = false, score = 90.2, dimensions = "
                                  "CAST(:d AS jsonb) WHERE package_id = :p"), {"d": json.dumps(row), "p": pkg_id})
    model.Session.commit()


@pytest.mark.parametrize("prefix, words", [("", "完整性 52 低于单项下限 60"),
                                           ("/en", "Completeness 52 is under the floor of 60")])
def test_report_and_department_page_say_why(app, checked, prefix, words):
    _fail_completeness(checked["id"])
    editor = factories.user_in_role("editor", checked["organization"])
    report = app.get(f"{prefix}/dataset/{checked['name']}/quality", headers=token(editor)).get_data(as_text=True)
    assert "quality-why" in report and words in report, report[report.find("quality-total"):][:1500]
    dept = app.get(f"{prefix}/organization/{checked['organization']['name']}/quality",
                   headers=token(editor)).get_data(as_text=True)
    assert words in dept


def test_a_passing_report_gives_no_reasons(app, checked):
    editor = factories.user_in_role("editor", checked["organization"])
    report = app.get(f"/dataset/{checked['name']}/quality", headers=token(editor)).get_data(as_text=True)
    assert "quality-why" not in report and "quality-failures" not in report


@pytest.mark.parametrize("role", ROLES)
def test_the_department_page_links_its_report_for_its_department(app, checked, role):
    org = checked["organization"]
    user = as_role(role, org)
    page = app.get(f"/organization/{org['name']}", headers=token(user)).get_data(as_text=True)
    assert (f'href="/organization/{org["name"]}/quality"' in page) == (role in {"member", "editor", "sysadmin"})
