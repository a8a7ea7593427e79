"""The published catalogue export: public entries only, same layout as the import, and an
export imported into an empty portal recreates the same catalogue field by field."""
import io
import urllib.parse

import pytest
import time_machine
from ckan.tests import helpers
from openpyxl import load_workbook

from ckanext.shaoxing.catalog import export as exporter
from ckanext.shaoxing.catalog import layout
from ckanext.shaoxing.catalog.importer import import_workbook
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

FIELDS = ("title", "catalog_code", "notes", "domain", "open_level", "open_condition", "update_frequency",
          "region_code", "record_count", "issued", "modified", "temporal_start", "temporal_end",
          "contact_phone", "contact_email", "license_id", "data_items")


def catalogue():
    org = factories.department(name="sx-transport", title="市交通运输局")
    factories.entry(org, name="bus", catalog_code="SX-JT-2021-0001", title="绍兴市区公交线路信息",
                    open_level="conditional", open_condition="签署承诺书", record_count="320",
                    modified="2024-02-01", temporal_start="2020-01-01", temporal_end="2020-12-31",
                    contact_phone="0575-88881234", contact_email="jt@sx.gov.cn", license_id="cc-by",
                    tag_string="公交,线路",
                    data_items=[{"field_name": "route", "field_label": "线路", "field_type": "string",
                                 "description": "线路编号"}],
                    resources=[{"url": "https://data.sx.gov.cn/api/open/1", "name": "线路接口",
                                "format": "API", "interface_type": "open_api", "issued": "2024-01-20",
                                "description": "实时"}])
    factories.entry(org, name="closed", catalog_code="SX-JT-2021-0002", title="内部调度数据",
                    open_level="not_open")
    factories.entry(org, name="secret", catalog_code="SX-JT-2021-0003", title="草稿目录", private=True)
    return org


def snapshot() -> dict:
    found = helpers.call_action("package_search", q="*:*", rows=100, include_private=False)["results"]
    out = {}
    for d in found:
        ds = helpers.call_action("package_show", id=d["id"])
        out[ds["catalog_code"]] = {
            **{f: ds.get(f) or None for f in FIELDS}, "department": ds["organization"]["title"],
            "tags": sorted(t["name"] for t in ds["tags"]),
            "resources": [{k: r.get(k) for k in ("name", "url", "format", "interface_type", "issued", "description")}
                          for r in ds["resources"]]}
    return out


def test_anonymous_download_lists_public_entries_only(app):
    catalogue()
    res = app.get("/catalog/export.xlsx")
    assert res.status_code == 200
    assert res.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(res.data))
    assert book.sheetnames == [layout.ENTRIES, layout.RESOURCES, layout.DATA_ITEMS]
    rows = list(book[layout.ENTRIES].values)
    assert list(rows[0]) == [c.header for c in layout.ENTRY_COLUMNS]
    codes = [r[1] for r in rows[1:]]
    assert codes == ["SX-JT-2021-0001", "SX-JT-2021-0002"]      # the private draft is not published
    first = dict(zip(rows[0], rows[1]))
    assert first["数源单位"] == "市交通运输局" and first["开放属性"] == "有条件开放"
    assert first["行政区划"] == "绍兴市（市本级）"
    assert first["发布日期"].date().isoformat() == "2024-01-15" and first["数据量"] == 320


def test_the_file_is_named_by_the_city_date(app):
    # 2027-12-31 17:30 UTC is already 2028-01-01 in Shaoxing: the name follows the city's calendar.
    with time_machine.travel("2027-12-31T17:30:00+00:00", tick=False):
        res = app.get("/catalog/export.xlsx")
    assert "20280101.xlsx" in urllib.parse.unquote(res.headers["Content-Disposition"])


def test_export_then_import_into_an_empty_portal_recreates_the_catalogue(tmp_path, reset_db, migrate_db_for,
                                                                          reset_index):
    catalogue()
    before = snapshot()
    exporter.write(str(tmp_path / "catalogue.xlsx"))

    reset_db()
    migrate_db_for("shaoxing")
    reset_index()
    factories.department(name="sx-transport", title="市交通运输局")
    report = import_workbook(tmp_path / "catalogue.xlsx")
    assert len(report.created) == 2
    assert snapshot() == before


FORMULA_LIKE = ("=1+1", "+x", "-y", "@z", "\tq")


def test_text_that_looks_like_a_formula_survives_export_and_import(tmp_path, reset_db, migrate_db_for,
                                                                   reset_index):
    """Titles, abstracts and a department name beginning with =, +, -, @ or a tab are written as
    text cells and read back exactly (the importer refuses formula cells)."""
    org = factories.department(name="sx-formula", title="=部门")
    for n, text in enumerate(FORMULA_LIKE, start=1):
        factories.entry(org, name=f"f{n}", catalog_code=f"SX-JT-2021-{n:04d}", title=text, notes=text)
    before = snapshot()
    # the dataset schema trims titles; an abstract keeps its leading tab
    assert sorted(v["title"] for v in before.values()) == sorted(t.strip() for t in FORMULA_LIKE)
    assert sorted(v["notes"] for v in before.values()) == sorted(FORMULA_LIKE)
    path = tmp_path / "catalogue.xlsx"
    exporter.write(str(path))
    book = load_workbook(path)
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]

    reset_db()
    migrate_db_for("shaoxing")
    reset_index()
    factories.department(name="sx-formula", title="=部门")
    report = import_workbook(path)
    assert len(report.created) == len(FORMULA_LIKE)
    assert snapshot() == before
