"""Interfaces as endpoints of this portal: the REST form maps to datastore_search on the
entry's table; who may call open and shared interfaces; each call counted; the targets count
only interfaces that answer."""
import json

import pytest
from ckan.tests import helpers

from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS
from tests.interfaces.conftest import interface_entry, token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
OPEN, SHARED = "/api/open/SX-JT-2024-0001/1", "/api/share/SX-JT-2024-0001/1"


@pytest.fixture
def org():
    return factories.department(name="transport", title="市交通运输局")


def test_an_open_api_serves_its_entrys_table_to_anyone(app, stations):
    body = app.get(OPEN).json
    assert body["success"] is True and body["result"]["interface"] == OPEN and body["result"]["total"] == 2
    assert [r["name"] for r in body["result"]["records"]] == ["越城区公交站", "柯桥公交站"]
    labels = {f["id"]: (f.get("info") or {}).get("label") for f in body["result"]["fields"]}
    assert labels["seats"] == "座位数"
    # the parameters of datastore_search
    one = app.get(OPEN, query_string={"filters": json.dumps({"name": "柯桥公交站"})}).json["result"]
    assert [r["seats"] for r in one["records"]] == [40]
    assert app.get(OPEN, query_string={"q": "柯桥公交站"}).json["result"]["total"] == 1
    assert [r["seats"] for r in app.get(OPEN, query_string={"sort": "seats desc", "fields": "seats"}).json[
        "result"]["records"]] == [40, 32]
    page = app.get(OPEN, query_string={"limit": 1, "offset": 1}).json["result"]
    assert [r["name"] for r in page["records"]] == ["柯桥公交站"]


def test_chinese_q_matches_parts_of_cells_on_every_path(app, stations):
    # PostgreSQL keeps 越城区公交站 as one token: Chinese terms match as substrings instead.
    table = stations["table"]["id"]

    def total(q) -> int:
        return app.get(OPEN, query_string={"q": q if isinstance(q, str) else json.dumps(q)}).json["result"]["total"]

    assert total("公交") == 2 and total("越城") == 1 and total("公交站") == 2
    assert total("柯桥 公交") == 1 and total("柯桥 越城") == 0          # every term, anywhere in the row
    assert total("２０２１") == 0 and total("2021-03 越城") == 1         # a date column as its text
    assert total({"name": "柯桥"}) == 1 and total({"name": "2021"}) == 0  # one column's terms in that column
    assert total("公交%") == 0 and total("公交_") == 0                   # LIKE's wildcards are literal
    assert total("32") == 1                                              # no Chinese: the full-text search
    assert helpers.call_action("datastore_search", resource_id=table, q="越城")["total"] == 1
    assert helpers.call_action("datastore_search", resource_id=table, q={"name": "桥公"})["total"] == 1

def test_a_chinese_q_matching_more_rows_than_the_threshold_answers_an_estimated_total(app, stations):
    table = stations["table"]["id"]

    def search(**params):
        r = app.post("/api/3/action/datastore_search", json={"resource_id": table, **params})
        assert r.status_code == 200, r.json
        return r.json["result"]

    exact = search(q="公交")
    # the default threshold (1,000) is above the table's rows: exact, counted once, as before
    assert exact["total"] == 2 and "total_was_estimated" not in exact and exact["include_total"] is True
    for threshold in (1, 0, 5):
        result = search(q="公交", total_estimation_threshold=threshold)
        assert result["records"] == exact["records"] and result["include_total"] is True
        assert result.get("total_was_estimated", False) == (threshold == 1)
        assert result["total"] >= 2 if threshold == 1 else result["total"] == 2
    # a term matching no more rows than the threshold: exact; other queries keep CKAN's count
    assert search(q="柯桥", total_estimation_threshold=1)["total"] == 1
    assert "total_was_estimated" not in search(q="32", total_estimation_threshold=1)
    assert search(q="公交", include_total=False, total_estimation_threshold=1).get("total") is None
    # the open API takes the parameter too, and a wrong one is a 409 naming it
    body = app.get(OPEN, query_string={"q": "公交", "total_estimation_threshold": "1"}).json["result"]
    assert body["total_was_estimated"] is True and [r["name"] for r in body["records"]] == ["越城区公交站", "柯桥公交站"]
    bad = app.get(OPEN, query_string={"q": "公交", "total_estimation_threshold": "-1"})
    assert bad.status_code == 409 and "total_estimation_threshold" in bad.json["error"]


def test_the_seed_form_of_an_interface_becomes_this_portals_address(stations):
    pkg = stations
    import ckan.plugins.toolkit as tk

    from ckanext.shaoxing.catalog.importer import own_interface_url
    site = tk.config.get("ckan.site_url").rstrip("/")
    assert own_interface_url(pkg["open_api"]["url"], "open_api", "SX-JT-2024-0001") == site + OPEN
    assert own_interface_url(pkg["shared_api"]["url"], "shared_api", "SX-JT-2024-0001") == site + SHARED
    assert own_interface_url(site + OPEN, "open_api", "SX-JT-2024-0001") == site + OPEN      # idempotent
    assert own_interface_url("https://x.example/api/open/OTHER/1", "open_api", "SX-JT-2024-0001").startswith("https://x")


def test_bad_parameters_are_a_409_naming_the_field(app, stations):
    r = app.get(OPEN, query_string={"filters": "{not json"})
    assert r.status_code == 409 and "filters" in r.json["error"]
    r = app.get(OPEN, query_string={"limit": "-1"})
    assert r.status_code == 409 and "limit" in r.json["error"]
    assert app.get("/api/open/NO-SUCH/1").status_code == 404
    assert app.get("/api/open/SX-JT-2024-0001/9").status_code == 404


@pytest.mark.parametrize("role, status", [("anonymous", 403), ("user", 403), ("other_department", 200),
                                          ("member", 200), ("sysadmin", 200)])
def test_shared_interfaces_answer_department_members_and_sysadmins_only(app, stations, role, status):
    org = stations["organization"]
    if role == "other_department":
        user = factories.user_in_role("member", factories.department())
    else:
        user = factories.user_in_role(role, org)
    r = app.get(SHARED, headers=token(user))
    assert r.status_code == status
    if status == 403:
        assert r.json["success"] is False and "部门" in r.json["error"]["message"]
        assert "members of a department" in r.json["error"]["message"]
    else:
        assert r.json["result"]["total"] == 2


@pytest.mark.parametrize("role, status", [("anonymous", 403), ("user", 403), ("member", 200), ("sysadmin", 200)])
def test_a_conditional_entrys_data_is_read_by_its_department_only_on_every_path(app, conditional_stations, role,
                                                                                status):
    pkg = conditional_stations
    user = factories.user_in_role(role, pkg["organization"])
    headers = token(user)
    assert app.get(OPEN, headers=headers).status_code == status
    table = pkg["table"]["id"]
    r = app.post("/api/3/action/datastore_search", json={"resource_id": table}, headers=headers)
    assert r.status_code == status
    # an estimated total is no way round the gate
    r = app.post("/api/3/action/datastore_search", headers=headers,
                 json={"resource_id": table, "q": "公交", "total_estimation_threshold": 1})
    assert r.status_code == status and (status == 403 or r.json["result"]["total_was_estimated"])
    # the company gate answers in front of core's dump (which would say "not found")
    assert app.get(f"/datastore/dump/{table}", headers=headers).status_code == status
    assert app.get(f"/datastore/dump/xlsx/{table}", headers=headers).status_code == status
    assert app.get(f"/datastore/dump/labelled-csv/{table}", headers=headers).status_code == status
    page = app.get(f"/dataset/{pkg['name']}/resource/{table}", headers=headers).get_data(as_text=True)
    assert ("shaoxing-preview-refused" in page) == (status == 403)
    doc = app.get("/interfaces/open/SX-JT-2024-0001/1", headers=headers).get_data(as_text=True)
    assert ("越城区公交站" in doc) == (status == 200)      # the live sample rows


def test_each_call_counts_as_an_api_call_of_the_interface(app, stations):
    pkg = stations
    for _ in range(3):
        assert app.get(OPEN).status_code == 200
    app.get(SHARED)                                   # refused: not counted
    app.get("/interfaces/open/SX-JT-2024-0001/1")     # the documentation's sample is not a call
    flush()
    usage = helpers.call_action("shaoxing_usage_show", resource_id=pkg["open_api"]["id"])
    assert usage["api_calls"] == 3
    assert helpers.call_action("shaoxing_usage_show", resource_id=pkg["table"]["id"])["api_calls"] == 0
    assert helpers.call_action("shaoxing_usage_show", resource_id=pkg["shared_api"]["id"])["api_calls"] == 0


def test_only_api_clients_calls_count_as_api_calls_and_a_dump_is_one_download(app, stations):
    """The resource page's preview reads the table through datastore_search several times per
    view; a dump reads it a page of rows at a time. Neither is an API call: the figures on the
    home page, the entry and the department ranking would grow with every page view."""
    table = stations["table"]["id"]
    view = next(v for v in helpers.call_action("resource_view_list", id=table) if v["view_type"] == "datatables_view")
    preview = {"draw": "1", "start": "0", "length": "10", "search[value]": "", "order[0][column]": "0",
               "order[0][dir]": "asc", "columns[0][data]": "_id", "columns[0][searchable]": "true"}
    for _ in range(2):
        assert app.get(f"/dataset/{stations['name']}/resource/{table}").status_code == 200
        assert app.post(f"/datatables/ajax/{view['id']}", data=preview).status_code == 200
    helpers.call_action("datastore_search", resource_id=table)          # the portal's own code, no request
    assert app.get(f"/datastore/dump/{table}").status_code == 200
    assert app.get(f"/datastore/dump/xlsx/{table}").status_code == 200
    assert app.get(f"/datastore/dump/labelled-csv/{table}").status_code == 200
    assert app.post("/api/3/action/datastore_search", json={"resource_id": table}).status_code == 200
    assert app.get("/api/3/action/datastore_search", query_string={"resource_id": table}).status_code == 200
    flush()
    usage = helpers.call_action("shaoxing_usage_show", resource_id=table)
    assert (usage["api_calls"], usage["downloads"]) == (2, 3)


def test_the_targets_count_only_open_apis_that_answer(app, stations):
    interface_entry(stations["organization"], name="not-loaded", code="SX-JT-2024-0002", load=False)
    metric = helpers.call_action("shaoxing_target_progress", year=2024)["metrics"]["open_apis"]
    assert metric["actual"] == 1 and metric["failed"] == 1
    page = app.get("/targets", query_string={"year": 2024}).get_data(as_text=True)
    assert "open-apis-failed" in page
    r = app.get("/api/open/SX-JT-2024-0002/1")
    assert r.status_code == 503 and r.json["success"] is False


def test_a_table_that_fails_to_load_does_not_make_its_interface_count(org):
    from ckanext.shaoxing.interfaces import jobs
    from tests.interfaces.conftest import upload
    pkg = interface_entry(org, load=False)
    bad = pkg["table"]
    helpers.call_action("resource_delete", factories.as_site(), id=bad["id"])
    bad = upload(pkg["id"], "bad.csv", b"a,b\n1\n", "CSV")
    assert jobs.load(bad["id"])["state"] == "error"
    metric = helpers.call_action("shaoxing_target_progress", year=2024)["metrics"]["open_apis"]
    assert (metric["actual"], metric["failed"]) == (0, 1)


def test_the_interface_index_lists_and_filters_by_department_and_domain(app, stations):
    other = factories.department(name="health", title="市卫生健康委员会")
    interface_entry(other, name="clinics", code="SX-YL-2024-0001")
    page = app.get("/interfaces").get_data(as_text=True)
    assert OPEN in page and "/api/open/SX-YL-2024-0001/1" in page
    page = app.get("/interfaces", query_string={"organization": "health"}).get_data(as_text=True)
    assert OPEN not in page and "/api/open/SX-YL-2024-0001/1" in page
    page = app.get("/interfaces", query_string={"domain": "health"}).get_data(as_text=True)
    assert OPEN not in page
    listed = helpers.call_action("shaoxing_interface_list", organization="transport")
    assert {r["path"] for r in listed} == {OPEN, SHARED} and all(r["answers"] for r in listed)
    helpers.call_action("package_patch", factories.as_site(), id="clinics", private=True)
    assert {r["catalog_code"] for r in helpers.call_action("shaoxing_interface_list", {"user": ""})} == {"SX-JT-2024-0001"}
    assert "SX-YL-2024-0001" not in app.get("/interfaces").get_data(as_text=True)
    assert "数据接口" in app.get("/").get_data(as_text=True)
    assert "/interfaces" in app.get("/developers").get_data(as_text=True)


@pytest.mark.parametrize("role, status", [("anonymous", 403), ("user", 403), ("member", 200), ("sysadmin", 200)])
def test_the_load_status_of_a_private_entrys_resource(app, stations, role, status):
    pkg = stations
    helpers.call_action("package_patch", factories.as_site(), id=pkg["id"], private=True)
    user = factories.user_in_role(role, pkg["organization"])
    r = app.get("/api/3/action/shaoxing_datastore_status", query_string={"resource_id": pkg["table"]["id"]},
                headers=token(user))
    assert r.status_code == status
    if status == 200:
        assert r.json["result"]["status"] == "complete" and r.json["result"]["rows"] == 2
