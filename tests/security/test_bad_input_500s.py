"""Finding 9, data part: a NUL inside a JSON `q` or `filters` on datastore_search, the interface
endpoints (/api/open/...) and the DataStore dump, and a DataTables download form with a wrong
`params` (`{}`) answered 500. Now each is a field error (409) naming the field, bilingual, on the
real gunicorn portal."""
from __future__ import annotations

import json

import pytest
import requests
from ckan.tests import helpers

from tests import factories
from tests.bad_input import bilingual
from tests.conftest import PLUGINS
from tests.interfaces import conftest as interfaces

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

OPEN = "/api/open/SX-JT-2024-0001/1"
# JSON values holding a NUL somewhere inside: a value, a key, a list item, deeper.
NUL_QUERIES = [{"name": "越城\x00"}, {"na\x00me": "越城"}, {"name": ["a", "\x00"]}, {"name": {"x": ["\x00"]}}]

stations = interfaces.stations     # the transport department's entry, its table loaded


@pytest.fixture
def table(stations) -> dict:
    return stations["table"]


def assert_field_error(r: requests.Response, field: str) -> None:
    assert r.status_code == 409, (r.status_code, r.text[:300])
    message = " ".join(r.json()["error"][field])
    assert bilingual(message) and "NUL" in message, message


@pytest.mark.parametrize("field", ["q", "filters"])
def test_nul_inside_json_on_datastore_search(portal, table, field):
    url = f"{portal}/api/3/action/datastore_search"
    for value in NUL_QUERIES:
        assert_field_error(requests.post(url, json={"resource_id": table["id"], field: value}, timeout=60), field)
        # A query string carries the JSON text, where the NUL is an escape (\u0000).
        assert_field_error(requests.get(url, params={"resource_id": table["id"], field: json.dumps(value)},
                                        timeout=60), field)
    # Without the NUL the same shapes are answered.
    r = requests.post(url, json={"resource_id": table["id"], field: {"name": "越城区公交站"}}, timeout=60)
    assert r.status_code == 200 and r.json()["result"]["total"] == 1


@pytest.mark.parametrize("field", ["q", "filters"])
def test_nul_inside_json_on_the_open_interface_and_the_dump(portal, table, field):
    for value in NUL_QUERIES:
        text = json.dumps(value)
        assert_field_error(requests.get(portal + OPEN, params={field: text}, timeout=60), field)
        assert_field_error(requests.get(f"{portal}/datastore/dump/{table['id']}", params={field: text}, timeout=60),
                           field)
    r = requests.get(portal + OPEN, params={field: json.dumps({"name": "越城区公交站"})}, timeout=60)
    assert r.status_code == 200 and r.json()["result"]["total"] == 1


def download_params(**overrides) -> str:
    # What the DataTables preview posts (one sortable, visible column per table field).
    params = {"search": {"value": ""}, "order": [{"column": 0, "dir": "asc"}], "visible": [True] * 6,
              "columns": [{"name": "name", "search": {"value": ""}}]}
    return json.dumps({**params, **overrides})


@pytest.mark.parametrize("params, field", [
    ("{}", "params.search"),
    ("[]", "params"),
    ("not json", "params"),
    (download_params(search="x"), "params.search"),
    (download_params(search={"value": 1}), "params.search.value"),
    (download_params(order={"column": 0}), "params.order"),
    (download_params(order=[{"column": 99, "dir": "asc"}]), "params.order[0].column"),
    (download_params(order=[{"column": -1, "dir": "asc"}]), "params.order[0].column"),
    (download_params(order=[{"column": "x", "dir": "asc"}]), "params.order[0].column"),
    (download_params(visible=None), "params.visible"),
    (download_params(columns=[{"name": "name"}]), "params.columns[0].search"),
    (download_params(columns=[{"search": {"value": "越城"}}]), "params.columns[0].name"),
])
def test_a_wrong_datatables_download_form_names_its_field(portal, table, params, field):
    view = helpers.call_action("resource_view_create", {"ignore_auth": True, **factories.as_site()}, resource_id=table["id"],
                               view_type="datatables_view", title="表格")
    url = f"{portal}/datatables/filtered-download/{view['id']}"
    r = requests.post(url, data={"params": params, "format": "csv"}, allow_redirects=False, timeout=60)
    assert r.status_code == 409, (r.status_code, r.text[:300])
    message = " ".join(r.json()["error"][field])
    assert bilingual(message), message


def test_the_datatables_download_form_still_downloads(portal, table):
    view = helpers.call_action("resource_view_create", {"ignore_auth": True, **factories.as_site()}, resource_id=table["id"],
                               view_type="datatables_view", title="表格")
    url = f"{portal}/datatables/filtered-download/{view['id']}"
    r = requests.post(url, data={"format": "csv"}, allow_redirects=False, timeout=60)
    assert r.status_code == 409 and "params" in r.json()["error"]
    r = requests.post(url, data={"params": download_params(), "format": "xlsx"}, allow_redirects=False, timeout=60)
    assert r.status_code == 409 and "format" in r.json()["error"]
    r = requests.post(url, data={"params": download_params(), "format": "csv"}, timeout=60)
    assert r.status_code == 200 and r.text.count("\n") == 3, r.text[:300]     # header and two rows


def page_request(**overrides) -> dict:
    # What the DataTables preview posts for one page of rows.
    return {"draw": "1", "start": "0", "length": "10", "search[value]": "", "order[0][column]": "1",
            "order[0][dir]": "asc", **overrides}


def test_a_wrong_datatables_page_request_names_its_field(portal, table):
    view = helpers.call_action("resource_view_create", {"ignore_auth": True, **factories.as_site()}, resource_id=table["id"],
                               view_type="datatables_view", title="表格")
    url = f"{portal}/datatables/ajax/{view['id']}"
    for field, value in (("draw", "x"), ("start", "一"), ("length", "1.5"), ("order[0][column]", "99"),
                         ("order[0][column]", "-1"), ("order[0][column]", "x")):
        r = requests.post(url, data=page_request(**{field: value}), timeout=60)
        assert r.status_code == 409 and field in r.json()["error"], (field, value, r.status_code, r.text[:200])
    r = requests.post(url, data=page_request(), timeout=60)
    assert r.status_code == 200 and r.json()["recordsTotal"] == 2
