"""The security audit trail (等保 2.0 安全审计): every kind of event lands with its fields; rows
cannot be changed or deleted through SQL as the application's database user; only sysadmins read
it (action and page); exports round-trip; the retention purge keeps at least 180 days."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import requests
import sqlalchemy as sa
import time_machine
from ckan.cli.cli import ckan
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from openpyxl import load_workbook

from ckanext.shaoxing.audit import record
from tests import factories
from tests.access.conftest import world  # noqa: F401  (the company access fixture)
from tests.conftest import PLUGINS
from tests.governance.conftest import org  # noqa: F401
from tests.governance.test_quarantine import leaky  # noqa: F401

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

PASSWORD = "Audit-Trail-2026x"
SHAOXING = dt.timezone(dt.timedelta(hours=8))


def events(**filters) -> list[dict]:
    return helpers.call_action("shaoxing_audit_search", limit=1000, **filters)["results"]


def one(**filters) -> dict:
    found = events(**filters)
    assert len(found) == 1, (filters, found)
    return found[0]


def security_event(name: str, **kw):
    tk.signals.ckanext.signal("shaoxing_security_event").send(name, **kw)


# Events ------------------------------------------------------------------------------------

def test_logins_and_logout_on_the_real_portal_are_recorded_with_the_source_address(portal):
    user = ckan_factories.User(name="alice", password=PASSWORD)["name"]
    with requests.Session() as s:
        def login(password):
            token = re.search(r'name="_csrf_token" value="([^"]+)"', s.get(portal + "/user/login").text).group(1)
            return s.post(portal + "/user/login", allow_redirects=False,
                          data={"login": user, "password": password, "_csrf_token": token})
        login("wrong-password-1")
        assert login(PASSWORD).status_code == 302
        s.get(portal + "/user/_logout", allow_redirects=False)
    failure = one(event="login.failure")
    assert (failure["actor"], failure["object_type"], failure["object_id"], failure["result"]) == \
        (None, "user", "alice", "failure")
    success = one(event="login.success")
    assert (success["actor"], success["object_id"], success["result"]) == ("alice", "alice", "success")
    assert one(event="logout")["actor"] == "alice"
    for e in (failure, success):
        assert e["remote_addr"] in ("127.0.0.1", "::1") and dt.datetime.fromisoformat(e["at"]).tzinfo


def test_an_announced_security_event_lands_with_every_field(app):
    with app.flask_app.test_request_context(environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        security_event("login.locked", actor=None, object_type="user", object_id="bob", result="denied",
                       detail={"attempts": 5})
    e = one(event="login.locked")
    assert {k: e[k] for k in ("actor", "remote_addr", "object_type", "object_id", "result", "detail")} == \
        {"actor": None, "remote_addr": "10.1.2.3", "object_type": "user", "object_id": "bob", "result": "denied",
         "detail": {"attempts": 5}}
    security_event("csrf.refused", actor="carol", result="failure")     # outside a request: no address
    assert one(event="csrf")["remote_addr"] is None and one(event="csrf")["actor"] == "carol"


def test_account_role_and_department_changes():
    admin = ckan_factories.Sysadmin()["name"]
    dept = factories.department(name="sx-audit")
    bob = helpers.call_action("user_create", {"user": admin}, name="bob", email="bob@example.org",
                              password=PASSWORD)
    assert one(event="user.create", object_id="bob")["actor"] == admin
    helpers.call_action("user_patch", {"user": admin}, id="bob", sysadmin=True, password=PASSWORD + "y")
    update = one(event="user.update", object_id="bob")
    assert update["actor"] == admin and update["detail"] == {"password_changed": True}
    assert PASSWORD not in str(events())
    assert one(event="user.sysadmin", object_id="bob")["detail"] == {"sysadmin": True}
    helpers.call_action("user_patch", {"user": admin}, id="bob", fullname="Bob")   # no sysadmin change
    assert len(events(event="user.update", object_id="bob")) == 2
    assert len(events(event="user.sysadmin", object_id="bob")) == 1
    helpers.call_action("organization_member_create", {"user": admin}, id=dept["id"], username="bob", role="editor")
    # the department's creation made its creator an admin: the first membership event
    added = events(event="organization.member_add", object_id="sx-audit")
    assert [e["detail"]["user"] for e in added][0] == "bob"
    assert added[0]["actor"] == admin and added[0]["detail"]["capacity"] == "editor"
    helpers.call_action("organization_member_delete", {"user": admin}, id=dept["id"], username="bob")
    assert one(event="organization.member_remove")["detail"]["user"] == "bob"
    helpers.call_action("user_delete", {"user": admin}, id=bob["id"])
    assert one(event="user.delete", object_id=bob["id"])["actor"] == admin
    assert one(event="organization.create", object_id="sx-audit")["result"] == "success"


def test_the_sysadmin_cli_is_heard_at_the_model(cli):
    ckan_factories.User(name="carol")
    assert cli.invoke(ckan, ["sysadmin", "add", "carol"]).exit_code == 0
    assert cli.invoke(ckan, ["sysadmin", "remove", "carol"]).exit_code == 0
    assert [e["detail"]["sysadmin"] for e in events(event="user.sysadmin", object_id="carol")] == [False, True]


def test_company_grant_and_app_key_events(world):  # noqa: F811
    decided = events(event="company.decide")
    assert len(decided) == 2 and decided[0]["detail"]["decision"] == "approve"
    request = world.apply()
    world.approve(request["id"])
    assert one(event="access.request_decide")["object_id"] == request["id"]
    applicant = world.users["applicant"]
    key = world.key()
    created = one(event="app_key.create")
    assert created["actor"] == applicant and created["object_id"] == key["id"]
    assert key["key"] not in str(events())                          # the secret is never recorded
    rotated = helpers.call_action("shaoxing_app_key_rotate", {"user": applicant}, id=key["id"])
    helpers.call_action("shaoxing_app_key_revoke", {"user": applicant}, id=rotated["id"])
    assert one(event="app_key.rotate")["object_id"] == key["id"]
    assert one(event="app_key.revoke")["object_id"] == rotated["id"]
    grant = helpers.call_action("shaoxing_grant_list", {"user": applicant})[0]
    helpers.call_action("shaoxing_grant_revoke", {"user": world.users["owner_editor"]}, id=grant["id"], reason="到期")
    assert one(event="access.grant_revoke")["detail"]["reason"] == "到期"
    helpers.call_action("shaoxing_company_suspend", {"user": world.users["sysadmin"]}, id=world.company["id"],
                        reason="违规")
    assert one(event="company.suspend")["object_id"] == world.company["id"]


def test_company_invitations_reach_the_trail(world):  # noqa: F811
    owner, invited = world.users["applicant"], factories.user_in_role("user")
    helpers.call_action("shaoxing_company_member_invite", {"user": owner}, username=invited)
    helpers.call_action("shaoxing_company_invitation_accept", {"user": invited}, company_id=world.company["id"])
    assert one(event="company.member_invited")["actor"] == owner
    assert one(event="company.member_accepted")["object_id"] == world.company["id"]


def test_quarantine_override(leaky):  # noqa: F811
    admin = factories.user_in_role("sysadmin")
    helpers.call_action("shaoxing_quarantine_override", {"user": admin}, resource_id=leaky["file"]["id"],
                        reason="测试数据")
    e = one(event="quarantine.override")
    assert (e["actor"], e["object_type"], e["object_id"], e["detail"]["reason"]) == \
        (admin, "resource", leaky["file"]["id"], "测试数据")


def test_catalogue_import_by_the_cli(cli, tmp_path):
    from tests.catalog import workbook as wb
    factories.department(name="sx-transport", title="市交通运输局")
    path = wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, "市交通运输局")])
    result = cli.invoke(ckan, ["shaoxing", "catalog", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert one(event="catalog.import_written")["detail"] == {"datasets": 1}


# Append-only ------------------------------------------------------------------------------

def test_rows_cannot_be_changed_or_deleted_through_sql_as_the_applications_user():
    record("test.event", "alice", "user", "bob")
    statements = ["UPDATE shaoxing_audit SET actor = 'mallory'", "DELETE FROM shaoxing_audit",
                  "TRUNCATE shaoxing_audit"]
    for statement in statements:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with model.meta.engine.begin() as conn:      # the portal's own database user
                conn.execute(sa.text(statement))
    # the retention setting does not open young rows
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with model.meta.engine.begin() as conn:
            conn.execute(sa.text("SELECT set_config('shaoxing.audit_purge', 'retention', true)"))
            conn.execute(sa.text("DELETE FROM shaoxing_audit"))
    assert one(event="test.event")["actor"] == "alice"


# Who reads it ------------------------------------------------------------------------------

@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("user", False), ("editor", False),
                                           ("sysadmin", True)])
def test_only_sysadmins_search(role, allowed):
    user = factories.user_in_role(role, factories.department())
    context = {"user": user, "ignore_auth": False}
    if allowed:
        assert helpers.call_action("shaoxing_audit_search", context)["count"] >= 1   # the department's creation
    else:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("shaoxing_audit_search", context)


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("user", 403), ("editor", 403), ("sysadmin", 200)])
@pytest.mark.parametrize("path", ["/ckan-admin/audit", "/ckan-admin/audit.csv", "/ckan-admin/audit.xlsx"])
def test_only_sysadmins_open_the_page_and_exports(app, role, status, path):
    user = factories.user_in_role(role, factories.department())
    if user:
        app.set_session_user(user)
    res = app.get(path, follow_redirects=False)
    assert res.status_code == status
    if status == 302:
        assert "/user/login" in res.headers["Location"]


def test_page_filters_paginates_and_names_bad_fields(app):
    admin = ckan_factories.Sysadmin()["name"]
    for n in range(60):
        record("paging.test", f"user{n % 3}", "thing", str(n))
    app.set_session_user(admin)
    body = app.get("/ckan-admin/audit", query_string={"event": "paging"}).body
    assert "60 个事件" in body or "60 events" in body
    assert body.count('class="audit-event"') == 50 and "1 / 2" in body
    second = app.get("/ckan-admin/audit", query_string={"event": "paging", "page": "2"}).body
    assert second.count('class="audit-event"') == 10
    only = app.get("/ckan-admin/audit", query_string={"event": "paging", "actor": "user1"}).body
    assert only.count('class="audit-event"') == 20
    bad = app.get("/ckan-admin/audit", query_string={"date_from": "yesterday", "result": "maybe"})
    assert bad.status_code == 400 and 'data-field="date_from"' in bad.body and 'data-field="result"' in bad.body
    for params in ({"date_from": "2026-13-01"}, {"limit": 5000}, {"result": "maybe"}, {"actor": ["a"]},
                   {"date_from": "2026-02-02", "date_to": "2026-02-01"}):
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("shaoxing_audit_search", **params)
        assert set(e.value.error_dict) & {"date_from", "date_to", "limit", "result", "actor"}


def test_date_range_uses_shaoxing_days():
    with time_machine.travel(dt.datetime(2030, 5, 1, 23, 30, tzinfo=SHAOXING), tick=False):
        record("day.test", "a")
    with time_machine.travel(dt.datetime(2030, 5, 2, 0, 30, tzinfo=SHAOXING), tick=False):
        record("day.test", "b")
    assert [e["actor"] for e in events(event="day.test", date_from="2030-05-02")] == ["b"]
    assert [e["actor"] for e in events(event="day.test", date_to="2030-05-01")] == ["a"]
    assert len(events(event="day.test", date_from="2030-05-01", date_to="2030-05-02")) == 2


# Export -----------------------------------------------------------------------------------

TRICKY = ("=1+1", "+x", "-y", "@z", "\tq", "普通")


def test_exports_round_trip_formula_safe(app):
    admin = ckan_factories.Sysadmin()["name"]
    for text in TRICKY:
        record("export.test", "alice", "thing", text, "failure", {"note": text})
    expected = [(e["object_id"], e["detail"]["note"]) for e in events(event="export.test")]
    app.set_session_user(admin)

    book = load_workbook(io.BytesIO(app.get("/ckan-admin/audit.xlsx", query_string={"event": "export.test"}).data))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    rows = list(book.active.values)
    header = rows[0]
    got = [dict(zip(header, r)) for r in rows[1:]]
    assert [(r["object_id"], r["detail"]) for r in got] == [(o, f'{{"note": "{n}"}}'.replace("\t", "\\t"))
                                                            for o, n in expected]
    assert all(r["actor"] == "alice" and r["result"] == "failure" for r in got)

    text = app.get("/ckan-admin/audit.csv", query_string={"event": "export.test"}).get_data(as_text=True)
    lines = list(csv.DictReader(io.StringIO(text)))
    # people's CSV: a formula-like cell starts with an apostrophe, which spreadsheets show as text
    assert [r["object_id"] for r in lines] == [("'" + o if o[0] in "=+-@\t" else o) for o, _ in expected]
    assert [r["object_id"].removeprefix("'") for r in lines] == [o for o, _ in expected]
    exported = events(event="audit.export")
    assert [e["detail"]["format"] for e in exported] == ["csv", "xlsx"] and exported[0]["actor"] == admin


# Retention --------------------------------------------------------------------------------

def test_the_purge_keeps_180_days_by_the_moved_clock(cli):
    start = dt.datetime(2020, 1, 1, 12, tzinfo=dt.timezone.utc)
    with time_machine.travel(start, tick=False):
        record("old.event", "a")
    with time_machine.travel(start + dt.timedelta(days=100), tick=False):
        record("younger.event", "b")
    with time_machine.travel(start + dt.timedelta(days=179), tick=False):
        assert cli.invoke(ckan, ["shaoxing", "audit", "purge"]).exit_code == 0
    assert events(event="old.event")
    with time_machine.travel(start + dt.timedelta(days=181), tick=False):
        result = cli.invoke(ckan, ["shaoxing", "audit", "purge"])
        assert result.exit_code == 0 and "deleted 1 events" in result.output
    assert not events(event="old.event") and events(event="younger.event")
    purges = events(event="audit.purge")
    assert [p["detail"]["deleted"] for p in purges] == [1, 0]


@pytest.mark.ckan_config("ckanext.shaoxing.audit.retention_days", "90")
def test_a_retention_below_180_days_is_refused(cli):
    with time_machine.travel(dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), tick=False):
        record("kept.event", "a")
    with time_machine.travel(dt.datetime(2020, 6, 1, tzinfo=dt.timezone.utc), tick=False):
        result = cli.invoke(ckan, ["shaoxing", "audit", "purge"])
    assert result.exit_code != 0 and "180" in result.output
    assert events(event="kept.event")


@pytest.mark.ckan_config("ckanext.shaoxing.audit.retention_days", "200")
def test_a_longer_retention_is_kept(cli):
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    with time_machine.travel(start, tick=False):
        record("kept.event", "a")
    with time_machine.travel(start + dt.timedelta(days=190), tick=False):
        assert cli.invoke(ckan, ["shaoxing", "audit", "purge"]).exit_code == 0
    assert events(event="kept.event")
