"""Chinese typed into the table preview's search boxes finds the rows holding it, in the preview
and in its "download filtered" file; searches without Chinese keep CKAN's behaviour."""
import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from ckan.tests import helpers

from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _view(table: str) -> str:
    return next(v for v in helpers.call_action("resource_view_list", id=table)
                if v["view_type"] == "datatables_view")["id"]


def _page(app, view: str, search: str = "", column_search: str = "") -> list[str]:
    form = {"draw": "1", "start": "0", "length": "10", "search[value]": search,
            "order[0][column]": "0", "order[0][dir]": "asc"}
    for i, name in enumerate(["_id", "name", "seats"]):
        form.update({f"columns[{i}][data]": name, f"columns[{i}][name]": name,
                     f"columns[{i}][search][value]": column_search if name == "name" else ""})
    r = app.post(f"/datatables/ajax/{view}", data=form)
    assert r.status_code == 200, r.get_data(as_text=True)
    return [row["name"] for row in json.loads(r.get_data())["data"]]


@pytest.mark.parametrize("search, found", [("越城", ["越城区公交站"]), ("公交站", ["越城区公交站", "柯桥公交站"]),
                                           ("柯桥 公交", ["柯桥公交站"]), ("杭州", []), ("", ["越城区公交站", "柯桥公交站"])])
def test_the_preview_finds_chinese_as_typed(app, stations, search, found):
    assert _page(app, _view(stations["table"]["id"]), search) == found


def test_a_column_search_in_chinese_and_a_search_without_chinese(app, stations):
    view = _view(stations["table"]["id"])
    assert _page(app, view, column_search="柯桥") == ["柯桥公交站"]
    assert _page(app, view, "40") == ["柯桥公交站"]     # CKAN's own full-text prefix search


def test_the_filtered_download_holds_the_rows_found(app, stations):
    view = _view(stations["table"]["id"])
    params = {"search": {"value": "越城"}, "order": [], "visible": [True, True, True],
              "columns": [{"name": n, "search": {"value": ""}} for n in ("_id", "name", "seats")]}
    r = app.post(f"/datatables/filtered-download/{view}", data={"format": "csv", "params": json.dumps(params)},
               follow_redirects=False)
    assert r.status_code == 302
    location = urlsplit(r.headers["Location"])
    assert parse_qs(location.query)["q"] == ["越城"]
    rows = list(csv.reader(io.StringIO(app.get(location.path + "?" + location.query).get_data(as_text=True))))
    assert [row[1] for row in rows[1:]] == ["越城区公交站"]
