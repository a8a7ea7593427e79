"""Finding 4: a conditional entry's outside link address is never in the search index, so no
parameter of package_search can show or match it, and resource_search (which reads the
database) neither shows nor matches it for a caller who may not read the data. The entry's
department, a sysadmin and a granted app key still see it. Against the real Solr."""
from __future__ import annotations

import json

import pytest
from ckan.lib.search.common import make_connection
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import key_header, token
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

SECRET = "https://secret-host.example.org/hidden/export.csv"
OPEN = "https://open-host.example.org/public/table.csv"
HOST = "secret-host"


@pytest.fixture
def entries():
    org = factories.department(name="transport", title="市交通运输局")
    conditional = factories.entry(org, name="linked", open_level="conditional", open_condition="须签署数据安全承诺书",
                                  resources=[{"url": SECRET, "name": "导出表"}])
    unconditional = factories.entry(org, name="open-linked", resources=[{"url": OPEN, "name": "公开表"}])
    users = {"anonymous": "", "user": factories.user_in_role("user"),
             "other_department": factories.user_in_role("editor", factories.department()),
             "member": factories.user_in_role("member", org), "sysadmin": factories.user_in_role("sysadmin")}
    return conditional, unconditional, users


def _search(app, headers, **params):
    r = app.get("/api/3/action/package_search", query_string=params, headers=headers)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.json["result"]


def test_the_solr_document_never_holds_the_address(entries):
    conditional, unconditional, _ = entries
    conn = make_connection()
    doc = conn.search(q=f'id:"{conditional["id"]}"', fl="*").docs[0]
    assert HOST not in json.dumps(doc, ensure_ascii=False, default=str)
    gated = f"/dataset/{conditional['id']}/resource/{conditional['resources'][0]['id']}/download"
    assert doc["res_url"][0].endswith(gated)
    for field in ("data_dict", "validated_data_dict"):
        assert json.loads(doc[field])["resources"][0]["url"].endswith(gated)
    # the copy fields (urls, text) are fed from res_url: nothing matches the address either
    for q in (f"res_url:*{HOST}*", f"urls:*{HOST}*", f'text:"{HOST}"', HOST.replace("-", " ")):
        assert conn.search(q=q, fq=f'id:"{conditional["id"]}"').hits == 0, q
    # an unconditional entry's outside address is public and stays in the index
    assert conn.search(q=f'id:"{unconditional["id"]}"', fl="res_url").docs[0]["res_url"] == [OPEN]


@pytest.mark.parametrize("role", ["anonymous", "user", "other_department", "member", "sysadmin"])
def test_no_package_search_parameter_shows_or_matches_it(app, entries, role):
    conditional, _, users = entries
    headers = token(users[role])
    answers = {fl: _search(app, headers, q="name:linked", fl=fl)
               for fl in ("res_url", "data_dict", "validated_data_dict", "*", "res_url,data_dict,validated_data_dict")}
    for fl, result in answers.items():
        assert result["count"] == 1 and HOST not in json.dumps(result, ensure_ascii=False), fl
    facets = _search(app, headers, **{"facet.field": '["res_url"]', "facet.limit": "-1", "rows": "0"})
    assert HOST not in json.dumps(facets, ensure_ascii=False) and OPEN in facets["facets"]["res_url"]
    for q in (f"res_url:*{HOST}*", f"urls:*{HOST}*", HOST, f'res_url:"{SECRET}"'):
        assert _search(app, headers, q=q)["count"] == 0, q
    assert _search(app, headers, fq=f'res_url:"{SECRET}"')["count"] == 0
    # the ordinary answer shows the address to whoever may read the data, the gated one to others
    shown = _search(app, headers, q="name:linked")["results"][0]["resources"][0]["url"]
    assert (shown == SECRET) == (role in ("member", "sysadmin"))


@pytest.mark.parametrize("role", ["anonymous", "user", "other_department", "member", "sysadmin"])
def test_resource_search_neither_shows_nor_matches_it_without_access(app, entries, role):
    conditional, _, users = entries
    headers = token(users[role])
    sees = role in ("member", "sysadmin")

    def search(**params):
        r = app.get("/api/3/action/resource_search", query_string=params, headers=headers)
        assert r.status_code == 200, r.get_data(as_text=True)
        return r.json["result"]

    for query in (f"url:{HOST}", "url:hidden/export", "url:secret"):
        found = search(query=query)
        assert found["count"] == (1 if sees else 0), query
        assert (HOST in json.dumps(found)) == sees
    by_name = search(query="name:导出表")
    assert by_name["count"] == 1
    assert (by_name["results"][0]["url"] == SECRET) == sees
    if not sees:
        assert by_name["results"][0]["url"].endswith(f"/resource/{conditional['resources'][0]['id']}/download")
    # the unconditional entry's address is found by anyone; paging keeps count true
    everything = search(query="url:example.org", limit="1")
    assert everything["count"] == (2 if sees else 1) and len(everything["results"]) == 1
    assert search(query="url:open-host")["results"][0]["url"] == OPEN
    r = app.get("/api/3/action/resource_search", query_string={"query": "url:x", "limit": "-3"}, headers=headers)
    assert r.status_code == 409 and "limit" in r.json["error"]


def test_a_granted_app_key_sees_it_too(app):
    from tests.access.conftest import World, company, sysadmin_name
    from tests.interfaces.conftest import interface_entry
    org = factories.department(name="transport", title="市交通运输局")
    entry = interface_entry(org, open_level="conditional")
    linked = helpers.call_action("resource_create", {"user": sysadmin_name()}, package_id=entry["id"], url=SECRET,
                                 name="导出表")
    users = {"applicant": factories.user_in_role("user"), "owner_editor": factories.user_in_role("editor", org)}
    world = World(org, org, entry, users, company(users["applicant"], 1), {})
    key = world.granted_key()
    shown = app.get("/api/3/action/package_show", query_string={"id": entry["id"]}, headers=key_header(key)).json
    assert SECRET in [r["url"] for r in shown["result"]["resources"]]
    found = app.get("/api/3/action/resource_search", query_string={"query": f"url:{HOST}"},
                    headers=key_header(key)).json["result"]
    assert [r["id"] for r in found["results"]] == [linked["id"]]
    anonymous = app.get("/api/3/action/package_show", query_string={"id": entry["id"]}).json["result"]
    assert HOST not in json.dumps(anonymous)


def test_package_show_from_the_index_keeps_the_address_for_the_department(app, entries):
    """package_show answers from the index's copy when it is current: the department still gets
    the stored address, anyone else the gated one."""
    conditional, _, users = entries
    for role in users:
        shown = app.get("/api/3/action/package_show", query_string={"id": "linked"}, headers=token(users[role]))
        url = shown.json["result"]["resources"][0]["url"]
        assert (url == SECRET) == (role in ("member", "sysadmin")), role
    # internal calls (the CLI, the sysadmin's export) see what is stored
    assert helpers.call_action("package_show", id="linked")["resources"][0]["url"] == SECRET
