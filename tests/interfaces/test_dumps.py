"""A loaded table downloaded by a person: every dump is named after the resource, and the CSV
and XLSX for reading carry the data items' names as their header, 是/否 for booleans, numbers as
numbers and formula-like text marked as text. CKAN's machine-readable dump keeps column ids."""
import csv
import io
from urllib.parse import quote

import pytest
from ckan.tests import helpers
from openpyxl import load_workbook

from tests import factories
from tests.conftest import PLUGINS
from tests.interfaces.conftest import site_user, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

ITEMS = [{"field_name": "name", "field_label": "名称", "field_type": "string"},
         {"field_name": "seats", "field_label": "座位数", "field_type": "integer"},
         {"field_name": "open", "field_label": "是否开放", "field_type": "boolean"}]
# `note` is a column of the file no data item declares: it keeps its column id as its header
BODY = "name,seats,open,note\n越城区避难所,-3,true,=1+1\n柯桥避难所,40,false,普通\n"


def _load(worlds):
    def build():
        from ckanext.shaoxing.interfaces import jobs
        org = factories.department(name="emergency", title="市应急管理局")
        pkg = factories.entry(org, name="shelters", data_items=ITEMS)
        table = upload(pkg["id"], "shelters.csv", BODY.encode(), "CSV")
        helpers.call_action("resource_patch", {"user": site_user()}, id=table["id"], name="应急避难场所/2026:新")
        assert jobs.load(table["id"])["state"] == "complete"
        return table["id"]
    return worlds("shelters-dump", build)


@pytest.fixture
def table(worlds):
    return _load(worlds)


def _named(response, extension: str, table: str) -> None:
    disposition = response.headers["Content-Disposition"]
    # characters no file system takes (/ :) become spaces; the plain name stays the id
    assert f"filename*=UTF-8''{quote('应急避难场所 2026 新')}.{extension}" in disposition, disposition
    assert f'filename="{table}.{extension}"' in disposition
    assert len(response.headers.getlist("Content-Disposition")) == 1


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv", "xml"])
def test_ckans_dump_is_named_after_the_resource_and_keeps_column_ids(app, table, fmt):
    r = app.get(f"/datastore/dump/{table}", query_string={"format": fmt})
    assert r.status_code == 200
    _named(r, fmt, table)
    if fmt == "csv":
        assert r.get_data(as_text=True).splitlines()[0] == "_id,name,seats,open,note"


def test_the_csv_for_reading_has_chinese_headers_and_values_a_person_reads(app, table):
    r = app.get(f"/datastore/dump/labelled-csv/{table}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    _named(r, "csv", table)
    text = r.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    # no _id column; the undeclared column keeps its id
    assert rows == [["名称", "座位数", "是否开放", "note"],
                    ["越城区避难所", "-3", "是", "'=1+1"],
                    ["柯桥避难所", "40", "否", "普通"]]


def test_the_xlsx_has_chinese_headers_and_exact_values(app, table):
    r = app.get(f"/datastore/dump/xlsx/{table}")
    assert r.status_code == 200
    _named(r, "xlsx", table)
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["名称", "座位数", "是否开放", "note"]
    assert rows[1] == ["越城区避难所", -3, True, "=1+1"] and sheet["D2"].data_type == "s"


def test_a_table_of_many_pages_comes_whole(app, worlds, monkeypatch):
    """Rows beyond the first page (the dump pages through datastore_search) are all there, once."""
    from ckanext.shaoxing.interfaces import dumps
    table = _load(worlds)
    helpers.call_action("datastore_upsert", resource_id=table, method="insert", force=True,
                        records=[{"name": f"点{n}", "seats": n, "open": n % 2 == 0, "note": ""} for n in range(25)])
    monkeypatch.setattr(dumps, "PAGE", 4)
    rows = list(csv.reader(io.StringIO(app.get(f"/datastore/dump/labelled-csv/{table}").get_data().decode()[1:])))
    assert len(rows) == 1 + 2 + 25 and [r[0] for r in rows[3:]] == [f"点{n}" for n in range(25)]
