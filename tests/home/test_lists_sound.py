"""The home page's lists leave out what a citizen could not use: an entry whose quality check
failed, or with a quarantined resource; the cached lists are retired when a check is stored and
when a sysadmin overrides a quarantine."""
import datetime as dt

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.shaoxing.governance import run
from tests import factories
from tests.conftest import PLUGINS
from tests.home.test_lists_cache import titles

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _checked(pkg_id: str, passed: bool) -> None:
    # A stored check result as the worker stores it, then its signal (governance/jobs.py).
    model.Session.execute(sa.text(
        "INSERT INTO shaoxing_quality (package_id, score, passed, dimensions, privacy, errors, checked_at) "
        "VALUES (:p, :s, :ok, '{}', '[]', '[]', :t) ON CONFLICT (package_id) DO UPDATE SET passed = :ok, score = :s"),
        {"p": pkg_id, "s": 90.0 if passed else 40.0, "ok": passed, "t": dt.datetime(2026, 6, 15)})
    model.Session.commit()
    run.announce(pkg_id)


def _quarantined(pkg: dict) -> str:
    rid = pkg["resources"][0]["id"]
    model.Session.execute(sa.text(
        "INSERT INTO shaoxing_quarantine (resource_id, package_id, state, findings, found_at) "
        "VALUES (:r, :p, 'quarantined', '[]', :t)"), {"r": rid, "p": pkg["id"], "t": dt.datetime(2026, 6, 15)})
    model.Session.commit()
    run.announce(pkg["id"])
    return rid


def test_faulty_and_quarantined_entries_leave_the_lists_and_come_back(app):
    dept = factories.department(name="sx-transport", title="市交通运输局")
    res = [{"name": "f", "url": "https://files.example.gov.cn/f.csv"}]
    bus = factories.entry(dept, name="bus", title="公交线路", resources=res)
    park = factories.entry(dept, name="parking", title="停车场", resources=res)
    factories.entry(dept, name="school", title="学校名录", resources=res)
    body = app.get("/").body
    assert titles(body, "shaoxing-latest") == ["学校名录", "停车场", "公交线路"]
    assert set(titles(body, "shaoxing-popular")) == {"学校名录", "停车场", "公交线路"}

    _checked(bus["id"], passed=False)
    rid = _quarantined(park)
    body = app.get("/").body
    assert titles(body, "shaoxing-latest") == ["学校名录"] and titles(body, "shaoxing-popular") == ["学校名录"]

    _checked(bus["id"], passed=True)
    sysadmin = ckan_factories.Sysadmin()["name"]
    helpers.call_action("shaoxing_quarantine_override", {"user": sysadmin}, resource_id=rid, reason="已人工核实无个人信息")
    assert titles(app.get("/").body, "shaoxing-latest") == ["学校名录", "停车场", "公交线路"]
