"""Two editors open the same edit form and save one after the other: the second is shown both
versions field by field and chooses (keep theirs, take theirs entirely, or merge), then the
choice is saved and redirected (post/redirect/get). Entry, resource and department forms, in
Chinese and English."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests.conftest import PLUGINS
from tests.edits.forms import client, fields

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _rows(body: str) -> dict[str, list[str]]:
    """The conflict page: field name → [theirs, yours] as shown."""
    page = BeautifulSoup(body, "html.parser")
    return {fs["id"].removeprefix("conflict-"): [p.get_text() for p in fs.select("pre")]
            for fs in page.select("fieldset[id^=conflict-]")}


def _opened(app, user: str, url: str, selector: str):
    http = client(app, user)
    return http, fields(http.get(url).get_data(as_text=True), selector)


def test_entry_second_save_meets_the_conflict_page_and_merges(app, world):
    url = f"/dataset/edit/{world.entry['name']}"
    first, first_form = _opened(app, world.editor, url, "form#dataset-edit")
    second, second_form = _opened(app, world.second_editor, url, "form#dataset-edit")
    assert first_form["if_match"] == world.entry["metadata_modified"]

    saved = first.post(url, data={**first_form, "notes": "第一位改了摘要", "save": ""}, follow_redirects=False)
    assert saved.status_code == 302
    refused = second.post(url, data={**second_form, "title": "第二位改了标题", "save": ""}, follow_redirects=False)
    assert refused.status_code == 409
    body = refused.get_data(as_text=True)
    assert "已被他人修改" in body
    assert _rows(body) == {"title": ["公交线路", "第二位改了标题"], "notes": ["第一位改了摘要", "原摘要"]}
    assert helpers.call_action("package_show", id=world.entry["id"])["title"] == "公交线路"

    # Merge: their summary, my title; then the page redirects (post/redirect/get).
    choice = fields(body, "form.shaoxing-conflict")
    assert choice["choice__title"] == "theirs" and "_csrf_token" in choice
    merged = second.post(f"/edits/dataset/{world.entry['id']}/resolve",
                         data={**choice, "choice__title": "mine", "resolve": "merge"}, follow_redirects=False)
    assert merged.status_code == 302 and merged.headers["Location"].endswith(f"/dataset/{world.entry['name']}")
    shown = helpers.call_action("package_show", id=world.entry["id"])
    assert (shown["title"], shown["notes"]) == ("第二位改了标题", "第一位改了摘要")


def test_keep_theirs_saves_nothing_and_a_stale_choice_is_asked_again(app, world):
    url = f"/dataset/edit/{world.entry['name']}"
    first, first_form = _opened(app, world.editor, url, "form#dataset-edit")
    second, second_form = _opened(app, world.second_editor, url, "form#dataset-edit")
    first.post(url, data={**first_form, "notes": "一", "save": ""}, follow_redirects=False)
    body = second.post(url, data={**second_form, "notes": "二", "save": ""}, follow_redirects=False).get_data(as_text=True)
    choice = fields(body, "form.shaoxing-conflict")
    resolve = f"/edits/dataset/{world.entry['id']}/resolve"

    kept = second.post(resolve, data={**choice, "resolve": "theirs"}, follow_redirects=False)
    assert kept.status_code == 302
    assert helpers.call_action("package_show", id=world.entry["id"])["notes"] == "一"

    # The page went stale (a third save): choosing "mine" now shows the comparison again.
    helpers.call_action("package_patch", {"user": world.editor}, id=world.entry["id"], notes="三")
    again = second.post(resolve, data={**choice, "resolve": "mine"}, follow_redirects=False)
    assert again.status_code == 409 and _rows(again.get_data(as_text=True)) == {"notes": ["三", "二"]}
    assert helpers.call_action("package_show", id=world.entry["id"])["notes"] == "三"


def test_resource_form_conflict_in_english(app, world):
    url = f"/en/dataset/{world.entry['name']}/resource/{world.resource['id']}/edit"
    first, first_form = _opened(app, world.editor, url, "form#resource-edit")
    second, second_form = _opened(app, world.second_editor, url, "form#resource-edit")
    assert first.post(url, data={**first_form, "name": "Lines v2", "save": ""}, follow_redirects=False).status_code == 302
    refused = second.post(url, data={**second_form, "description": "mine", "save": ""}, follow_redirects=False)
    assert refused.status_code == 409
    body = refused.get_data(as_text=True)
    assert "Changed since you opened it" in body and 'lang="en"' in body
    assert _rows(body) == {"name": ["Lines v2", "线路表"], "description": ["(empty)", "mine"]}
    done = second.post(f"/en/edits/resource/{world.resource['id']}/resolve",
                       data={**fields(body, "form.shaoxing-conflict"), "resolve": "mine"}, follow_redirects=False)
    assert done.status_code == 302
    res = helpers.call_action("resource_show", id=world.resource["id"])
    assert (res["name"], res["description"]) == ("线路表", "mine")


def test_department_form_conflict(app, world):
    url = f"/organization/edit/{world.org['name']}"
    first, first_form = _opened(app, world.sysadmin, url, "form.dataset-form")
    second, second_form = _opened(app, world.sysadmin, url, "form.dataset-form")
    assert first_form["if_match"]
    assert first.post(url, data={**first_form, "description": "新简介", "save": ""}, follow_redirects=False).status_code == 302
    refused = second.post(url, data={**second_form, "title_en": "Data Bureau", "save": ""}, follow_redirects=False)
    assert refused.status_code == 409
    assert set(_rows(refused.get_data(as_text=True))) == {"description", "title_en"}
    assert helpers.call_action("organization_show", id=world.org["id"])["description"] == "新简介"


@pytest.mark.parametrize("role, status", [("anonymous", 403), ("stranger", 403), ("second_editor", 302),
                                          ("sysadmin", 302)])
def test_resolving_needs_the_right_to_edit_and_a_csrf_token(app, world, role, status):
    user = {"anonymous": None, "stranger": world.stranger, "second_editor": world.second_editor,
            "sysadmin": world.sysadmin}[role]
    version = helpers.call_action("package_show", id=world.entry["id"])["metadata_modified"]
    data = {"if_match": version, "field": "notes", "mine__notes": '"改"', "resolve": "mine"}
    http = client(app, user) if user else app.test_client()
    page = http.get("/dataset/").get_data(as_text=True)
    token = BeautifulSoup(page, "html.parser").select_one('meta[name="_csrf_token"]')["content"]
    resolve = f"/edits/dataset/{world.entry['id']}/resolve"
    if user:
        assert http.post(resolve, data=data, follow_redirects=False).status_code == 400      # no token
    res = http.post(resolve, data={**data, "_csrf_token": token}, follow_redirects=False)
    assert res.status_code == status
    assert helpers.call_action("package_show", id=world.entry["id"])["notes"] == ("改" if status == 302 else "原摘要")
