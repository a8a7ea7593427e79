"""The activity plugin on the portal: who changed what and when, and who may read it. An entry's
activity holds the whole entry, outside addresses included: a conditional, private or deleted
entry's history is its department's and the bureau's alone, on every activity action."""
from __future__ import annotations

import json

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS
from tests.governance.conftest import COMPLETE, check
from tests.governance.test_quarantine import FIXED, ITEMS, LEAKY
from tests.interfaces.conftest import replace, token, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

SECRET = "https://intranet.sx.example/conditional/secret-table.csv"
ROLES = ("anonymous", "user", "wrong_department", "right_department", "sysadmin")
ALL, DEPARTMENT = (True,) * 5, (False, False, False, True, True)
EDITOR_EMAIL = "editor-hist@example.org"


def _build() -> dict:
    org = factories.department(name="hist-transport", title="市交通运输局")
    other = factories.department(name="hist-health", title="市卫生健康委员会")
    editor = ckan_factories.User(email=EDITOR_EMAIL)["name"]
    helpers.call_action("organization_member_create", id=org["id"], username=editor, role="editor")
    users = {"anonymous": "", "user": factories.user_in_role("user"),
             "wrong_department": factories.user_in_role("editor", other),
             "right_department": editor, "sysadmin": factories.user_in_role("sysadmin")}
    link = [{"url": "https://open.sx.example/bus.csv", "name": "公交线路", "format": "CSV"}]
    entries = {
        "public": factories.entry(org, name="hist-public", resources=link),
        "conditional": factories.entry(org, name="hist-conditional", open_level="conditional", open_condition="经审核的企业",
                                       resources=[{"url": SECRET, "name": "内部表", "format": "CSV"}]),
        "private": factories.entry(org, name="hist-private", title="内部名单", private=True),
    }
    quarantined = factories.entry(org, name="hist-quarantined", **{**COMPLETE, "data_items": ITEMS,
                                                                   "record_count": "4"})
    quarantined["file"] = upload(quarantined["id"], "people.csv", LEAKY.encode(), "CSV")
    assert check(quarantined)["privacy"][0]["state"] == "quarantined"
    entries["quarantined"] = quarantined
    for pkg in entries.values():      # each has a change by the department's editor
        helpers.call_action("package_patch", {"user": editor}, id=pkg["id"], notes="编辑修改了摘要")
    return {"org": org, "users": users, "entries": entries}


@pytest.fixture
def world(worlds) -> dict:
    return worlds("history", _build)


def _activities(pkg_id: str) -> list[dict]:
    """Every activity of the entry, the site user's too (the factories create as the site user,
    whose activities CKAN hides from streams: ckan.hide_activity_from_users)."""
    return helpers.call_action("package_activity_list", {"user": factories.as_site()["user"]}, id=pkg_id,
                               include_hidden_activity=True)


def _latest(pkg_id: str) -> dict:
    return _activities(pkg_id)[0]


def test_a_change_is_recorded_with_who_when_and_the_field_by_field_difference(world):
    pkg = world["entries"]["public"]
    activities = _activities(pkg["id"])
    assert [a["activity_type"] for a in activities] == ["changed package", "new package"]
    editor = helpers.call_action("user_show", id=world["users"]["right_department"])
    assert activities[0]["user_id"] == editor["id"] and activities[0]["timestamp"]
    diff = helpers.call_action("activity_diff", id=activities[0]["id"], object_type="package")["diff"]
    # CKAN's diff of the two versions' JSON (ASCII-escaped)
    assert f'+  "notes": {json.dumps("编辑修改了摘要")}' in diff and f'-  "notes": {json.dumps("测试摘要")}' in diff


def test_an_unchanged_save_records_nothing(world):
    pkg = world["entries"]["public"]
    before = len(_activities(pkg["id"]))
    helpers.call_action("package_patch", {"user": world["users"]["sysadmin"]}, id=pkg["id"], notes="编辑修改了摘要")
    assert len(_activities(pkg["id"])) == before


# --- who may call each activity action, on each kind of entry -----------------------------------
EXPECTED = {"public": ALL, "quarantined": ALL, "conditional": DEPARTMENT, "private": DEPARTMENT}
SINGLE = ("activity_show", "activity_data_show", "activity_diff")


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_who_may_read_an_entrys_history(world, kind):
    pkg, users = world["entries"][kind], world["users"]
    activity = _latest(pkg["id"])
    got = {"package_activity_list": tuple(factories.allowed("package_activity_list", users[r], {"id": pkg["id"]})
                                          for r in ROLES)}
    for action in SINGLE:
        got[action] = tuple(factories.allowed(action, users[r], {"id": activity["id"], "object_type": "package"})
                            for r in ROLES)
    assert got == {action: EXPECTED[kind] for action in got}


def _api(app, action: str, user: str, **params):
    return app.post(f"/api/action/{action}", json=params, headers=token(user), status=None)


def test_mixed_streams_hold_no_restricted_entry_for_outsiders(world, app):
    """A department's stream, a user's, recent changes and the dashboard: what an outsider gets
    holds neither a conditional entry's address nor a private entry's data; insiders get the
    address, and the private entry except in a department's stream (CKAN leaves private entries
    out of it)."""
    users = world["users"]
    editor = users["right_department"]
    calls = {"organization_activity_list": {"id": world["org"]["id"]},
             "user_activity_list": {"id": editor},
             "recently_changed_packages_activity_list": {}}
    for role in ROLES:
        for action, params in dict(calls, **({"dashboard_activity_list": {}} if users[role] else {})).items():
            answer = _api(app, action, users[role], **params)
            if action == "user_activity_list" and role == "anonymous":
                assert answer.status_code == 403       # accounts are no public list
                continue
            assert answer.status_code == 200, (role, action, answer.body)
            text = json.dumps(answer.json, ensure_ascii=False)
            insider = role in ("right_department", "sysadmin")
            lists_private = action != "organization_activity_list"
            assert (SECRET in text) == insider, (role, action)
            assert ("内部名单" in text) == (insider and lists_private), (role, action)


def test_no_answer_holds_a_users_e_mail(world, app):
    pkg = world["entries"]["public"]
    activity = _latest(pkg["id"])
    for user in ("", world["users"]["user"]):
        for action, params in (("package_activity_list", {"id": pkg["id"]}),
                               ("activity_show", {"id": activity["id"]}),
                               ("activity_data_show", {"id": activity["id"]}),
                               ("activity_diff", {"id": activity["id"], "object_type": "package"}),
                               ("organization_activity_list", {"id": world["org"]["id"]})):
            answer = _api(app, action, user, **params)
            assert answer.status_code == 200, action
            assert EDITOR_EMAIL not in json.dumps(answer.json, ensure_ascii=False), action


def test_a_quarantined_file_in_a_public_history_is_still_refused(world, app):
    pkg = world["entries"]["quarantined"]
    shown = _api(app, "activity_data_show", "", id=_latest(pkg["id"])["id"]).json["result"]
    url = next(r["url"] for r in shown["package"]["resources"] if r["id"] == pkg["file"]["id"])
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert app.get("/" + path, status=None).status_code == 403
    assert app.get("/" + path, headers=token(world["users"]["right_department"]), status=None).status_code == 200


def test_an_entry_opened_later_keeps_its_conditional_versions_to_its_department(world, app):
    pkg, users = world["entries"]["conditional"], world["users"]
    helpers.call_action("package_patch", {"user": users["right_department"]}, id=pkg["id"],
                        open_level="unconditional")
    latest = _latest(pkg["id"])
    assert factories.allowed("activity_show", "", {"id": latest["id"]})
    # the difference would show the version before, which was conditional
    assert not factories.allowed("activity_diff", "", {"id": latest["id"], "object_type": "package"})
    assert factories.allowed("activity_diff", users["right_department"], {"id": latest["id"], "object_type": "package"})
    answer = _api(app, "package_activity_list", "", id=pkg["id"])
    assert answer.status_code == 200 and [a["id"] for a in answer.json["result"]] == [latest["id"]]
    # the now-open entry's own address is public; the version of then is not answered
    assert SECRET in json.dumps(answer.json)  # the same outside address, now open
    earlier = _activities(pkg["id"])[1]
    assert _api(app, "activity_data_show", "", id=earlier["id"]).status_code == 403


def test_an_entry_made_private_hides_its_earlier_public_versions(world, app):
    pkg, users = world["entries"]["public"], world["users"]
    earlier = _latest(pkg["id"])
    helpers.call_action("package_patch", {"user": users["right_department"]}, id=pkg["id"], private=True)
    for action, params in (("activity_show", {"id": earlier["id"]}), ("package_activity_list", {"id": pkg["id"]})):
        assert _api(app, action, "", **params).status_code == 403
    stream = _api(app, "organization_activity_list", "", id=world["org"]["id"]).json["result"]
    assert pkg["id"] not in {a["object_id"] for a in stream}


def test_a_departments_dashboard_lists_its_entries_changes(world):
    users = world["users"]
    pkg = world["entries"]["conditional"]
    helpers.call_action("package_patch", {"user": users["sysadmin"]}, id=pkg["id"], title="局里改了标题")
    latest = _latest(pkg["id"])
    ids = {u: [a["id"] for a in helpers.call_action("dashboard_activity_list", {"user": users[u]})]
           for u in ("right_department", "wrong_department")}
    assert latest["id"] in ids["right_department"] and latest["id"] not in ids["wrong_department"]


def _quarantine_changes(pkg_id: str) -> list[tuple[str, str]]:
    return [(a["data"]["shaoxing_quarantine"]["state"], a["data"]["actor"]) for a in _activities(pkg_id)
            if "shaoxing_quarantine" in a["data"]]


def test_the_quarantine_its_override_and_its_release_enter_the_history(world, app):
    pkg, users = world["entries"]["quarantined"], world["users"]
    site = factories.as_site()["user"]
    assert _quarantine_changes(pkg["id"]) == [("quarantined", site)]
    helpers.call_action("shaoxing_quarantine_override", {"user": users["sysadmin"]}, resource_id=pkg["file"]["id"],
                        reason="已核实为公开信息")
    assert _quarantine_changes(pkg["id"])[0] == ("overridden", users["sysadmin"])
    page = app.get(f"/en/dataset/activity/{pkg['name']}", headers=token(users["right_department"]))
    assert "overrode the quarantine of the resource people.csv" in page.get_data(as_text=True)

    replace(pkg["file"]["id"], "people.csv", FIXED.encode(), "CSV")
    check(pkg)
    assert _quarantine_changes(pkg["id"])[0] == ("released", site)


def test_the_history_page_speaks_chinese_and_english(world, app):
    pkg = world["entries"]["public"]
    zh = app.get(f"/dataset/activity/{pkg['name']}").get_data(as_text=True)
    assert "更新了" in zh and "查看此版本" in zh and "updated the" not in zh
    en = app.get(f"/en/dataset/activity/{pkg['name']}").get_data(as_text=True)
    assert "updated the" in en and "View this version" in en


def _resource_version_page(app, pkg: dict, activity_id: str, user: str):
    url = f"/dataset/{pkg['name']}/resources/{pkg['resources'][0]['id']}/history/{activity_id}"
    return app.get(url, headers=token(user), status=None)


def test_a_resources_earlier_version_page_is_refused_as_its_activity_is(world, app):
    """CKAN's page of a resource as a version held it reads the activity unchecked: it would show
    a conditional entry's outside address to whoever may see the entry's page."""
    pkg, users = world["entries"]["conditional"], world["users"]
    latest = _latest(pkg["id"])
    for role in ROLES:
        page = _resource_version_page(app, pkg, latest["id"], users[role])
        insider = role in ("right_department", "sysadmin")
        assert page.status_code == (200 if insider else 403), role
        assert (SECRET in page.get_data(as_text=True)) == insider, role
    # opened later: the version of then stays the department's, the open one is everyone's
    helpers.call_action("package_patch", {"user": users["right_department"]}, id=pkg["id"],
                        open_level="unconditional")
    assert _resource_version_page(app, pkg, latest["id"], "").status_code == 403
    assert _resource_version_page(app, pkg, _latest(pkg["id"])["id"], "").status_code == 200


def test_a_range_of_changes_refused_answers_403_not_500(world, app):
    pkg, users = world["entries"]["conditional"], world["users"]
    helpers.call_action("package_patch", {"user": users["sysadmin"]}, id=pkg["id"], title="局里改了标题")
    new, old = _activities(pkg["id"])[0], _activities(pkg["id"])[-1]
    url = f"/dataset/changes_multiple?new_id={new['id']}&old_id={old['id']}"
    for role in ("anonymous", "user", "wrong_department"):
        page = app.get(url, headers=token(users[role]), status=None)
        assert page.status_code == 403 and SECRET not in page.get_data(as_text=True), role
    assert app.get(url, headers=token(users["right_department"]), status=None).status_code == 200
