"""Requests and reports through the actions: the journey, who may do what, bad input, upvotes,
the daily limit, reports with attachments, what the public sees."""
import io

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.shaoxing.feedback.api import CHANGED
from ckanext.shaoxing.feedback.model import item
from tests import factories
from tests.feedback.conftest import call

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _count() -> int:
    import ckan.model as model
    import sqlalchemy as sa
    return model.Session.execute(sa.select(sa.func.count()).select_from(item)).scalar()


def _request(world, user=None, **kw):
    return call("shaoxing_feedback_create", user or world["citizen"], **{"title": "公交到站数据",
                                                                          "description": "需要实时到站", **kw})


def test_a_request_from_filing_to_fulfilment(world):
    heard = []
    signal = tk.signals.ckanext.signal(CHANGED)

    def hear(sender, **kw):
        heard.append((kw["previous"], kw["state"]))
    signal.connect(hear)
    try:
        made = _request(world, domain="transport", intended_use="出行 App", contact="email")
        assert made["state"] == "submitted" and made["mine"] and made["contact"] == "email"
        call("shaoxing_feedback_route", world["bureau"], id=made["id"], organization_id="fb-dept-a", reply="转交甲局")
        call("shaoxing_feedback_answer", world["editor_a"], id=made["id"], state="accepted", planned="2099-01-01",
             reply="计划开放")
        done = call("shaoxing_feedback_answer", world["editor_a"], id=made["id"], state="fulfilled",
                    package_id="fb-answer", reply="已开放")
    finally:
        signal.disconnect(hear)
    assert done["state"] == "fulfilled" and done["fulfilled_by"]["name"] == "fb-answer" and done["answered"]
    assert heard == [(None, "submitted"), ("submitted", "routed"), ("routed", "accepted"), ("accepted", "fulfilled")]
    shown = call("shaoxing_feedback_show", "", id=made["id"])
    assert [e["state"] for e in shown["history"]] == ["submitted", "routed", "accepted", "fulfilled"]
    assert shown["history"][1]["reply"] == "转交甲局" and shown["history"][1]["organization"]["name"] == "fb-dept-a"
    assert "contact" not in shown and not shown["mine"]          # private fields: parties only
    assert helpers.call_action("shaoxing_feedback_figures")["fb-dept-a"]["median_reply_days"] == 0
    assert tk.h.shaoxing_feedback_answers(world["answer"]["id"]) == 1


AUTHZ = {   # action → the roles allowed (world's names); data built per test
    "shaoxing_feedback_create": {"citizen", "other", "editor_a", "editor_b", "member_a", "bureau"},
    "shaoxing_feedback_route": {"bureau"},
    "shaoxing_feedback_answer": {"editor_a", "bureau"},
    "shaoxing_feedback_upvote": {"citizen", "other", "editor_a", "editor_b", "member_a", "bureau"},
    "shaoxing_feedback_show": {"", "citizen", "other", "editor_a", "editor_b", "member_a", "bureau"},
    "shaoxing_holiday_update": {"bureau"},
    "shaoxing_holiday_delete": {"bureau"},
    "shaoxing_holiday_list": {"", "citizen", "other", "editor_a", "editor_b", "member_a", "bureau"},
    "shaoxing_feedback_figures": {"", "citizen", "other", "editor_a", "editor_b", "member_a", "bureau"},
}
ROLES = ("", "citizen", "other", "editor_a", "editor_b", "member_a", "bureau")


def test_who_may_do_what(world):
    made = _request(world)
    call("shaoxing_feedback_route", world["bureau"], id=made["id"], organization_id="fb-dept-a")
    for action, allowed in AUTHZ.items():
        for role in ROLES:
            user = world[role] if role else ""
            assert factories.allowed(action, user, {"id": made["id"]}) == (role in allowed), (action, role)
    lists = {"public": set(ROLES), "mine": set(ROLES) - {""}, "queue": {"editor_a", "member_a", "bureau"},
             "bureau": {"bureau"}}
    for scope, allowed in lists.items():
        for role in ROLES:
            user = world[role] if role else ""
            ok = factories.allowed("shaoxing_feedback_list", user, {"scope": scope, "organization_id": world["dept_a"]["id"]})
            assert ok == (role in allowed), (scope, role)
    # The requester sees it in their own list, the department in its queue, another department not.
    assert call("shaoxing_feedback_list", world["citizen"], scope="mine")["count"] == 1
    assert call("shaoxing_feedback_list", world["other"], scope="mine")["count"] == 0
    assert call("shaoxing_feedback_list", world["member_a"], scope="queue", organization_id="fb-dept-a")["count"] == 1


def test_a_report_on_an_entry_goes_to_its_department_with_a_checked_attachment(world, app):
    from werkzeug.datastructures import FileStorage
    res = world["entry"]["resources"][0]
    bad = FileStorage(io.BytesIO(b"<html>not an image</html>"), filename="shot.png")
    with pytest.raises(tk.ValidationError) as e:
        call("shaoxing_feedback_create", world["citizen"], kind="report", title="字段错误", description="d",
             package_id="fb-entry", resource_id=res["id"], field="更新频率", should_be="每月", attachment=bad)
    assert "attachment" in e.value.error_dict and _count() == 0
    shot = FileStorage(io.BytesIO(PNG), filename="shot.png")
    made = call("shaoxing_feedback_create", world["citizen"], kind="report", title="字段错误", description="d",
                package_id="fb-entry", resource_id=res["id"], field="更新频率", should_be="每月", attachment=shot)
    assert made["state"] == "routed" and made["organization"]["name"] == "fb-dept-a" and made["has_attachment"]
    # Kept through the stored files' door; handed out to the report's parties only.
    import ckan.model as model
    for user, status in ((world["citizen"], 200), (world["editor_a"], 200), (world["other"], 404)):
        got = app.test_client(user=model.User.get(user)).get(f"/requests/{made['id']}/attachment")
        assert got.status_code == status, user
        if status == 200:
            assert got.data == PNG and got.mimetype == "image/png"
    queue = call("shaoxing_feedback_list", world["editor_a"], scope="queue", organization_id="fb-dept-a")
    assert [r["id"] for r in queue["results"]] == [made["id"]]
    with pytest.raises(tk.NotAuthorized):
        call("shaoxing_feedback_answer", world["editor_b"], id=made["id"], state="fulfilled")
    done = call("shaoxing_feedback_answer", world["editor_a"], id=made["id"], state="fulfilled", reply="已更正")
    assert done["fulfilled_by"]["name"] == "fb-entry"
    # The entry made private takes its report out of public view.
    helpers.call_action("package_patch", factories.as_site(), id="fb-entry", private=True)
    assert call("shaoxing_feedback_list", "")["count"] == 0
    with pytest.raises(tk.NotAuthorized):
        call("shaoxing_feedback_show", world["other"], id=made["id"])
    assert call("shaoxing_feedback_show", world["citizen"], id=made["id"])["id"] == made["id"]


BAD = [({"title": "a\x00b"}, "title"), ({"title": "长" * 5000}, "title"), ({"title": ["a", "b"]}, "title"),
       ({"description": ""}, "description"), ({"domain": "nowhere"}, "domain"),
       ({"organization_id": "no-such-dept"}, "organization_id"), ({"contact": "pigeon"}, "contact")]


@pytest.mark.parametrize("change, field", BAD)
def test_bad_filings_are_refused_naming_the_field(world, change, field):
    with pytest.raises(tk.ValidationError) as e:
        _request(world, **change)
    assert field in e.value.error_dict and " / " in e.value.error_dict[field][0]
    assert _count() == 0


def test_requests_for_deleted_or_private_entries_and_bad_answers(world):
    helpers.call_action("package_delete", factories.as_site(), id="fb-answer")
    for ref in ("fb-answer", "fb-private", "no-such"):
        with pytest.raises(tk.ValidationError) as e:
            _request(world, package_id=ref)
        assert "package_id" in e.value.error_dict
    made = _request(world, title="<script>alert(1)</script>")
    assert made["title"] == "<script>alert(1)</script>"       # kept as typed, shown escaped
    for data, field in [({"state": "duplicate", "duplicate_of": made["id"]}, "duplicate_of"),
                        ({"state": "declined"}, "reply"), ({"state": "accepted"}, "planned"),
                        ({"state": "accepted", "planned": "2020-01-01"}, "planned"),
                        ({"state": "fulfilled", "package_id": "fb-answer"}, "package_id"),
                        ({"state": "reopened"}, "state")]:
        with pytest.raises(tk.ValidationError) as e:
            call("shaoxing_feedback_answer", world["bureau"], id=made["id"], **data)
        assert field in e.value.error_dict, data
    assert call("shaoxing_feedback_show", "", id=made["id"])["state"] == "submitted"
    with pytest.raises(tk.ObjectNotFound):
        call("shaoxing_feedback_show", "", id="no-such")


def test_upvotes_one_per_account_order_the_list(world):
    first, second = _request(world, title="甲"), _request(world, title="乙")
    for user in ("other", "editor_a", "other"):
        result = call("shaoxing_feedback_upvote", world[user], id=second["id"])
    assert result["votes"] == 2
    assert [r["title"] for r in call("shaoxing_feedback_list", "")["results"]] == ["乙", "甲"]
    assert call("shaoxing_feedback_show", world["other"], id=second["id"])["voted"]
    assert first["votes"] == 0


def test_a_daily_limit_per_account(world, ckan_config, monkeypatch):
    # Set after the world is restored: read per filing, it needs no world of its own.
    monkeypatch.setitem(ckan_config, "ckanext.shaoxing.feedback.daily_limit", 2)
    _request(world)
    _request(world)
    with pytest.raises(tk.ValidationError) as e:
        _request(world)
    assert "limit" in e.value.error_dict and _count() == 2
    _request(world, user=world["other"])       # per account
