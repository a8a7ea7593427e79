"""The whole flow — application → approval → key → data — and what ends it: rejection, expiry
(the clock moved), revocation, rotation's grace period, suspension."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from ckan.tests import helpers

from tests.access.conftest import PLUGINS, key_header

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def search(app, world, key=None, **headers):
    return app.post("/api/3/action/datastore_search", json={"resource_id": world.entry["table"]["id"]},
                    headers={**(key_header(key) if key else {}), **headers})


def test_application_approval_key_data(app, world):
    assert search(app, world).status_code == 403
    req = world.apply()
    assert req["state"] == "pending" and req["pending_working_days"] == 0 and not req["overdue"]
    key = world.key()
    r = search(app, world, key["key"])
    assert r.status_code == 403 and "申请" in r.json["error"]["message_zh"]
    decided = world.approve(req["id"])
    assert decided["state"] == "approved" and decided["grant_id"]
    r = search(app, world, key["key"])
    assert r.status_code == 200, r.json
    assert r.json["result"]["total"] == 2
    # The open API and the file download too.
    assert app.get("/api/open/SX-JT-2024-0001/1", headers=key_header(key["key"])).status_code == 200
    # Both sides see the audit trail.
    for user in (world.users["applicant"], world.users["owner_editor"]):
        mine = helpers.call_action("shaoxing_access_request_list", {"user": user})
        assert [e["action"] for e in mine[0]["events"]] == ["submitted", "approved"]
        assert mine[0]["events"][1]["user"] == world.users["owner_editor"]


def test_rejection_needs_a_reason_and_grants_nothing(app, world):
    req = world.apply()
    with pytest.raises(Exception) as e:
        helpers.call_action("shaoxing_access_request_decide", {"user": world.users["owner_editor"]},
                            id=req["id"], decision="reject")
    assert "reason" in e.value.error_dict
    out = helpers.call_action("shaoxing_access_request_decide", {"user": world.users["owner_editor"]},
                              id=req["id"], decision="reject", reason="用途与开放条件不符")
    assert out["state"] == "rejected" and out["reason"] == "用途与开放条件不符" and not out["grant_id"]
    assert search(app, world, world.key()["key"]).status_code == 403
    events = helpers.call_action("shaoxing_access_request_list", {"user": world.users["applicant"]})[0]["events"]
    assert events[-1]["action"] == "rejected" and events[-1]["reason"] == "用途与开放条件不符"


def test_a_second_pending_application_is_refused(world):
    world.apply()
    with pytest.raises(Exception) as e:
        world.apply()
    assert "已有待审核的申请" in str(e.value.error_dict["package_id"])


def test_a_grant_ends_on_its_date(app, world):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc), tick=False):
        key = world.granted_key()   # 30 days
        assert search(app, world, key).status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 31, 10, tzinfo=dt.timezone.utc), tick=False):
        assert search(app, world, key).status_code == 200
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, 1, tzinfo=dt.timezone.utc), tick=False):
        r = search(app, world, key)
        assert r.status_code == 403 and "过期" in r.json["error"]["message_zh"]
        grants = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})
        assert grants[0]["state"] == "expired"


def test_renewal_before_expiry_extends_the_grant(app, world):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc), tick=False):
        key = world.granted_key()
        grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})[0]
        renewal = helpers.call_action("shaoxing_access_request_renew", {"user": world.users["applicant"]},
                                      grant_id=grant["id"], period_days=60, purpose="继续使用", accept_commitment=True)
        assert renewal["renews"] == grant["id"]
        world.approve(renewal["id"])
    with time_machine.travel(dt.datetime(2026, 4, 15, tzinfo=dt.timezone.utc), tick=False):
        assert search(app, world, key).status_code == 200


def test_revocation_is_effective_at_once(app, world):
    key = world.granted_key()
    assert search(app, world, key).status_code == 200
    grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["owner_editor"]})[0]
    helpers.call_action("shaoxing_grant_revoke", {"user": world.users["owner_editor"]}, id=grant["id"], reason="违规转供")
    assert search(app, world, key).status_code == 403
    events = helpers.call_action("shaoxing_access_request_list", {"user": world.users["applicant"]})[0]["events"]
    assert events[-1]["action"] == "revoked" and events[-1]["reason"] == "违规转供"


def test_a_rotated_key_keeps_working_for_the_grace_period(app, world):
    with time_machine.travel(dt.datetime(2026, 5, 1, 8, tzinfo=dt.timezone.utc), tick=False):
        old = world.granted_key()
        kid = helpers.call_action("shaoxing_app_key_list", {"user": world.users["applicant"]})[0]["id"]
        new = helpers.call_action("shaoxing_app_key_rotate", {"user": world.users["applicant"]}, id=kid)
        assert new["key"] != old
        assert search(app, world, old).status_code == 200 and search(app, world, new["key"]).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 2, 7, 59, tzinfo=dt.timezone.utc), tick=False):
        assert search(app, world, old).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 2, 8, 0, 1, tzinfo=dt.timezone.utc), tick=False):
        assert search(app, world, old).status_code == 403
        assert search(app, world, new["key"]).status_code == 200


def test_a_revoked_or_expired_key_is_refused(app, world):
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc), tick=False):
        world.approve(world.apply()["id"])
        short = helpers.call_action("shaoxing_app_key_create", {"user": world.users["applicant"]}, label="短期", days=1)
        other = world.key()
        helpers.call_action("shaoxing_app_key_revoke", {"user": world.users["applicant"]}, id=other["id"])
        assert search(app, world, other["key"]).status_code == 403
        assert search(app, world, short["key"]).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 2, 0, 0, 1, tzinfo=dt.timezone.utc), tick=False):
        assert search(app, world, short["key"]).status_code == 403


def test_a_suspended_company_is_refused_at_once(app, world):
    key = world.granted_key()
    assert search(app, world, key).status_code == 200
    helpers.call_action("shaoxing_company_suspend", {"user": world.users["sysadmin"]}, id=world.company["id"],
                        reason="违反数据安全承诺")
    r = search(app, world, key)
    assert r.status_code == 403 and "暂停" in r.json["error"]["message_zh"]
    helpers.call_action("shaoxing_company_decide", {"user": world.users["sysadmin"]}, id=world.company["id"],
                        decision="approve")
    assert search(app, world, key).status_code == 200


def test_a_key_grants_no_other_right(app, world):
    key = world.granted_key()
    r = app.post("/api/3/action/package_patch", json={"id": world.entry["id"], "title": "改"}, headers=key_header(key))
    assert r.status_code == 403
    # An app key is not a login: accounts are not public (ckan.auth.public_user_details = false).
    assert app.get("/api/3/action/user_show", query_string={"id": world.users["applicant"]},
                   headers=key_header(key)).status_code == 403


def test_only_conditional_entries_take_applications(world):
    from tests import factories
    open_entry = factories.entry(world.org, open_level="unconditional")
    closed = factories.entry(world.org, open_level="not_open")
    with pytest.raises(Exception) as e:
        world.apply(package_id=open_entry["id"])
    assert "无需申请" in str(e.value.error_dict["package_id"])
    with pytest.raises(Exception) as e:
        world.apply(package_id=closed["id"])
    assert "不予开放" in str(e.value.error_dict["package_id"])


def test_pending_age_counts_working_days_and_marks_overdue(world):
    # Monday 2 March 2026, 10:00 Shanghai.
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, tzinfo=dt.timezone.utc), tick=False):
        world.apply()
    with time_machine.travel(dt.datetime(2026, 3, 9, 2, tzinfo=dt.timezone.utc), tick=False):   # next Monday
        queue = helpers.call_action("shaoxing_access_request_list", {"user": world.users["owner_editor"]}, state="pending")
        assert queue[0]["pending_working_days"] == 5 and not queue[0]["overdue"]
    with time_machine.travel(dt.datetime(2026, 3, 10, 2, tzinfo=dt.timezone.utc), tick=False):
        queue = helpers.call_action("shaoxing_access_request_list", {"user": world.users["owner_editor"]}, state="pending")
        assert queue[0]["pending_working_days"] == 6 and queue[0]["overdue"]
