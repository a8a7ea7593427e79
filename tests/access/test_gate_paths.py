"""Every path that returns a conditional entry's data is refused without access and served with
it: the resource download view, datastore_search, datastore_info, datastore_search_sql, the
DataStore dumps (CSV and XLSX), the preview and its data endpoint, and the REST interface.
Unconditional data stays open; not_open entries serve nothing; a conditional link resource's
outside address is never shown to someone without access."""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import PLUGINS, key_header, token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

OPEN = "/api/open/SX-JT-2024-0001/1"


def paths(world) -> dict:
    table = world.entry["table"]
    view = helpers.call_action("resource_view_list", id=table["id"])
    datatables = next(v for v in view if v["view_type"] == "datatables_view")
    return {
        "download": ("get", f"/dataset/{world.entry['id']}/resource/{table['id']}/download/stations.csv", {}),
        "datastore_search": ("post", "/api/3/action/datastore_search", {"json": {"resource_id": table["id"]}}),
        "datastore_search GET": ("get", "/api/3/action/datastore_search", {"query_string": {"resource_id": table["id"]}}),
        "datastore_info": ("post", "/api/3/action/datastore_info", {"json": {"id": table["id"]}}),
        "dump": ("get", f"/datastore/dump/{table['id']}", {}),
        "dump xlsx": ("get", f"/datastore/dump/xlsx/{table['id']}", {}),
        "dump labelled csv": ("get", f"/datastore/dump/labelled-csv/{table['id']}", {}),
        "preview data": ("post", f"/datatables/ajax/{datatables['id']}",
                         {"data": {"draw": "1", "start": "0", "length": "10", "search[value]": "", "order[0][column]": "0",
                                   "order[0][dir]": "asc", "columns[0][data]": "_id", "columns[0][searchable]": "true"}}),
        "open api": ("get", OPEN, {}),
    }


def status(app, method, url, kw, headers):
    return getattr(app, method)(url, headers=headers, **kw).status_code


@pytest.mark.parametrize("who, served", [
    ("anonymous", False), ("plain user", False), ("other company key", False), ("key without grant", False),
    ("granted key", True), ("owner editor token", True), ("other editor token", False), ("sysadmin token", True)])
def test_each_gated_path(app, world, who, served):
    world.approve(world.apply()["id"])
    granted = world.key()["key"]
    other_key = world.key(world.users["other_company"])["key"]
    headers = {"anonymous": {}, "plain user": token(factories.user_in_role("user")),
               "other company key": key_header(other_key), "key without grant": key_header(other_key),
               "granted key": key_header(granted), "owner editor token": token(world.users["owner_editor"]),
               "other editor token": token(world.users["other_editor"]),
               "sysadmin token": token(world.users["sysadmin"])}[who]
    got = {name: status(app, m, url, kw, headers) for name, (m, url, kw) in paths(world).items()}
    expected = {name: 200 for name in got} if served else {name: 403 for name in got}
    assert got == expected, got
    # The resource page shows the preview, or the notice saying how to apply.
    page = app.get(f"/dataset/{world.entry['name']}/resource/{world.entry['table']['id']}", headers=headers)
    assert ("shaoxing-preview-refused" in page.get_data(as_text=True)) == (not served or "key" in who)


def test_a_download_by_the_resources_name_is_gated_too(app, world):
    # CKAN's Resource.get finds a resource by its name as well as its id; so does the gate.
    r = app.get(f"/dataset/{world.entry['id']}/resource/{world.entry['table']['name']}/download")
    assert r.status_code == 403 and "申请使用" in r.json["error"]["message_zh"]


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("prefix, words", [("", ("无权获取此数据", "申请使用")),
                                           ("/en", ("not open to you", "Apply for use"))])
def test_a_person_following_a_refused_link_gets_a_page_in_their_language(app, world, prefix, words):
    table = world.entry["table"]
    for url in (f"/dataset/{world.entry['id']}/resource/{table['id']}/download/stations.csv",
                f"/datastore/dump/{table['id']}"):
        r = app.get(prefix + url, headers=BROWSER)
        page = r.get_data(as_text=True)
        assert r.status_code == 403 and r.content_type.startswith("text/html"), url
        assert all(w in page for w in words) and f"/dataset/{world.entry['name']}/apply" in page
    # API clients keep the bilingual JSON, whatever they accept
    r = app.get("/api/3/action/datastore_search", query_string={"resource_id": table["id"]}, headers=BROWSER)
    assert r.status_code == 403 and r.json["error"]["message_zh"]
    # the entry's resource page offers the application instead of a download that would be refused
    page = app.get(f"{prefix}/dataset/{world.entry['name']}/resource/{table['id']}").get_data(as_text=True)
    assert "shaoxing-apply" in page and "btn btn-primary resource-url-analytics" not in page
    world.approve(world.apply()["id"])
    page = app.get(f"/dataset/{world.entry['name']}/resource/{table['id']}",
                   headers=token(world.users["owner_editor"])).get_data(as_text=True)
    assert "btn btn-primary resource-url-analytics" in page and "shaoxing-apply" not in page


def test_a_refusal_says_how_to_apply(app, world):
    r = app.get(OPEN)
    assert r.status_code == 403
    err = r.json["error"]
    assert "申请使用" in err["message_zh"] and "applies" in err["message_en"] and err["apply"].endswith("/dataset/stations")


def test_datastore_search_sql_is_for_sysadmins(app, world):
    sql = f'SELECT * FROM "{world.entry["table"]["id"]}"'
    key = world.granted_key()
    for headers in (key_header(key), token(world.users["owner_editor"]), {}):
        r = app.get("/api/3/action/datastore_search_sql", query_string={"sql": sql}, headers=headers)
        assert r.status_code in (400, 403)   # 400: disabled, as by default


def test_unconditional_data_is_open_and_a_key_counts(app, world):
    from ckanext.shaoxing.access import counting
    pkg = factories.entry(world.org, name="open-one", resources=[{"url": "https://example.org/a.csv", "name": "a"}])
    url = f"/dataset/{pkg['id']}/resource/{pkg['resources'][0]['id']}/download"
    assert app.get(url, follow_redirects=False).status_code == 302
    key = world.key()
    assert app.get(url, headers=key_header(key["key"]), follow_redirects=False).status_code == 302
    counting.flush()
    usage = helpers.call_action("shaoxing_api_usage", {"user": world.users["applicant"]})
    assert usage["total"] == 1 and usage["rows"][0]["package_id"] == pkg["id"]
    bad = key_header("sxk_000000000000_" + "x" * 32)   # a bad key is refused
    assert app.get(url, headers=bad, follow_redirects=False).status_code == 403


def test_not_open_entries_serve_no_data(world):
    # The schema gives not_open entries no resources; the gate refuses them anyway.
    from ckanext.shaoxing.access import gate
    pkg = {**world.entry, "open_level": "not_open"}
    key = world.granted_key()
    for user, k in ((None, None), (world.users["applicant"], key), (world.users["other_editor"], None)):
        decision = gate.decide(world.entry["table"], pkg, user, k, consume=False)
        assert not decision.allowed and decision.status == 403 and "不予开放" in decision.reason[0]


def test_a_conditional_link_never_shows_its_outside_address(app, world):
    pkg = factories.entry(world.org, name="linked", open_level="conditional", open_condition="须签署数据安全承诺书",
                          resources=[{"url": "https://secret.example.org/export.csv", "name": "导出"}])
    res_id = pkg["resources"][0]["id"]
    for headers in ({}, token(factories.user_in_role("user"))):
        shown = app.get("/api/3/action/package_show", query_string={"id": "linked"}, headers=headers).json["result"]
        assert "secret.example.org" not in str(shown)
        assert shown["resources"][0]["url"].endswith(f"/dataset/{pkg['id']}/resource/{res_id}/download")
        assert "secret.example.org" not in app.get("/dataset/linked", headers=headers).get_data(as_text=True)
        page = app.get(f"/dataset/linked/resource/{res_id}", headers=headers).get_data(as_text=True)
        assert "secret.example.org" not in page
        assert "secret.example.org" not in str(app.get("/api/3/action/package_search", query_string={"q": "name:linked"},
                                                       headers=headers).json)
        assert app.get(f"/dataset/{pkg['id']}/resource/{res_id}/download", headers=headers,
                       follow_redirects=False).status_code == 403
    owner = token(world.users["owner_editor"])
    shown = app.get("/api/3/action/package_show", query_string={"id": "linked"}, headers=owner).json["result"]
    assert shown["resources"][0]["url"] == "https://secret.example.org/export.csv"
    r = app.get(f"/dataset/{pkg['id']}/resource/{res_id}/download", headers=owner, follow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == "https://secret.example.org/export.csv"


def test_a_key_in_the_query_string_is_refused(app, world):
    key = world.granted_key()
    for name in ("app_key", "X-App-Key", "appkey"):
        r = app.get(OPEN, query_string={name: key})
        assert r.status_code == 400 and "X-App-Key" in r.json["error"]["message_en"]
        assert key not in r.get_data(as_text=True)
