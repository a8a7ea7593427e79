"""The update actions' optional precondition (`if_match`, or If-Match on the action API): a save
over a newer version is refused (409 from the API, bilingual), nothing of it written; clients
that do not send it (ckanapi, CKAN's own) save as before."""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from ckanext.shaoxing.edits import versions
from ckanext.shaoxing.edits.conflicts import Conflict
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _show(world, user=None):
    return helpers.call_action("package_show", {"user": user or world.sysadmin}, id=world.entry["id"])


def test_without_the_precondition_saves_as_core_does(world):
    helpers.call_action("package_patch", {"user": world.editor}, id=world.entry["id"], notes="一")
    helpers.call_action("package_patch", {"user": world.second_editor}, id=world.entry["id"], title="二")
    shown = _show(world)
    assert (shown["notes"], shown["title"]) == ("一", "二")


def test_a_save_over_a_newer_version_is_refused_and_writes_nothing(world):
    opened = _show(world)["metadata_modified"]
    helpers.call_action("package_patch", {"user": world.editor}, id=world.entry["id"], notes="第一位的修改",
                        if_match=opened)
    with pytest.raises(Conflict) as refused:
        helpers.call_action("package_patch", {"user": world.second_editor}, id=world.entry["id"],
                            title="第二位的修改", if_match=opened)
    shown = _show(world)
    assert (shown["notes"], shown["title"]) == ("第一位的修改", "公交线路")
    assert refused.value.current == shown["metadata_modified"] and refused.value.sent == opened
    assert "已被他人修改" in refused.value.error_dict["if_match"][0]
    assert "Changed by someone else" in refused.value.error_dict["if_match"][0]


def test_package_update_with_the_current_version_keeps_its_meaning(world):
    """Through package_revise, package_update's meaning stays: resources left out are kept."""
    shown = _show(world)
    body = {k: v for k, v in shown.items() if k not in ("resources", "metadata_modified")}
    helpers.call_action("package_update", {"user": world.editor}, **{**body, "notes": "新摘要"},
                        if_match=shown["metadata_modified"])
    after = _show(world)
    assert after["notes"] == "新摘要" and [r["id"] for r in after["resources"]] == [world.resource["id"]]
    assert after["metadata_modified"] > shown["metadata_modified"]


def test_resources_and_departments_carry_their_own_versions(world):
    res = helpers.call_action("resource_show", {"user": world.editor}, id=world.resource["id"])
    helpers.call_action("resource_patch", {"user": world.editor}, id=res["id"], description="一",
                        if_match=res["metadata_modified"])
    with pytest.raises(Conflict):
        helpers.call_action("resource_patch", {"user": world.second_editor}, id=res["id"], name="二",
                            if_match=res["metadata_modified"])
    assert helpers.call_action("resource_show", id=res["id"])["name"] == "线路表"

    opened = versions.current("organization", world.org["id"])
    helpers.call_action("organization_patch", {"user": world.sysadmin}, id=world.org["id"], description="简介",
                        if_match=opened)
    with pytest.raises(Conflict):
        helpers.call_action("organization_patch", {"user": world.sysadmin}, id=world.org["id"],
                            title="改名", if_match=opened)
    assert helpers.call_action("organization_show", id=world.org["id"])["title"] == "市数据局"


@pytest.mark.parametrize("role, status", [("anonymous", 403), ("stranger", 403), ("editor", 200),
                                          ("sysadmin", 200)])
def test_the_api_takes_if_match_with_the_etag_of_package_show(app, world, role, status):
    """Authorization comes first: who may not edit learns nothing of the version."""
    etag = app.get(f"/api/3/action/package_show?id={world.entry['id']}").headers["ETag"]
    assert versions.from_etag(etag) == _show(world)["metadata_modified"]
    user = {"anonymous": None, "stranger": world.stranger, "editor": world.editor,
            "sysadmin": world.sysadmin}[role]
    headers = {"If-Match": etag}
    if user:
        headers["Authorization"] = helpers.call_action("api_token_create", {"user": user}, user=user,
                                                       name="t")["token"]
    app.post("/api/3/action/package_patch", json={"id": world.entry["id"], "notes": "新"},
             headers=headers, status=status)
    if status != 200:
        return
    again = app.post("/api/3/action/package_patch", json={"id": world.entry["id"], "title": "过时的修改"},
                     headers=headers, status=409)
    error = again.json["error"]
    assert "已被他人修改" in error["if_match"][0] and error["current_version"] == [_show(world)["metadata_modified"]]
    assert _show(world)["title"] == "公交线路"


def test_the_parameter_works_where_a_client_cannot_send_headers(app, world):
    token = helpers.call_action("api_token_create", {"user": world.editor}, user=world.editor, name="t")["token"]
    res = app.get(f"/api/3/action/resource_show?id={world.resource['id']}")
    version = versions.from_etag(res.headers["ETag"])
    assert version == res.json["result"]["metadata_modified"]
    app.post("/api/3/action/resource_patch", json={"id": world.resource["id"], "name": "一", "if_match": version},
             headers={"Authorization": token}, status=200)
    app.post("/api/3/action/resource_patch", json={"id": world.resource["id"], "name": "二", "if_match": version},
             headers={"Authorization": token}, status=409)
    org_etag = app.get(f"/api/3/action/organization_show?id={world.org['id']}").headers["ETag"]
    assert versions.from_etag(org_etag) == versions.current("organization", world.org["id"])
