"""A table with every kind of column the views draw, and its bad rows: loaded once through the
plugin's checked load (which makes the views), restored for every test after."""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from tests import factories
from tests.interfaces.conftest import site_user, upload

ITEMS = [{"field_name": "name", "field_label": "名称", "field_type": "string"},
         {"field_name": "kind", "field_label": "场所类别", "field_type": "string"},
         {"field_name": "amount", "field_label": "可容纳人数", "field_type": "integer"},
         {"field_name": "opened", "field_label": "启用日期", "field_type": "date"},
         {"field_name": "noted", "field_label": "登记日期", "field_type": "string"},
         {"field_name": "region", "field_label": "行政区划代码", "field_type": "region_code"},
         {"field_name": "lon", "field_label": "经度", "field_type": "decimal"},
         {"field_name": "lat", "field_label": "纬度", "field_type": "decimal"},
         {"field_name": "remark", "field_label": "备注", "field_type": "string"}]
ROWS = [
    ("越城避难所", "Ⅰ类", 100, "2024-01-05", "2024-01-05", "330602", "120.58", "29.99"),
    ("柯桥避难所", "Ⅱ类", 200, "2024-01-20", "2024/1/20", "330603", "120.49", "30.08"),
    ("上虞避难所", "Ⅰ类", 300, "2024-02-03", "2024年2月3日", "330604", "120.87", "30.03"),
    ("诸暨避难所", "Ⅲ类", 50, "2024-03-01", "20240301", "330681", "120.25", "29.71"),
    ("嵊州避难所", "Ⅰ类", 10, "2024-03-15", "2024.3.15", "330683", "120.83", "29.56"),
    ("新昌避难所", "Ⅱ类", 40, "2024-03-20", "不详", "330624123000", "120.90", "29.50"),
    ("颠倒的点", "Ⅲ类", 5, "2024-03-21", "2023-02-30", "330602", "29.99", "120.58"),
    ("海上的点", "Ⅲ类", 5, "2024-03-22", "", "330106", "121.00", "30.35"),
    ("超出范围", "Ⅲ类", 5, "2024-03-23", "", "330602", "200", "95"),
    ("没有坐标", "", 5, "", "", "", "", ""),
]


def csv_of(rows) -> bytes:
    head = ",".join(i["field_name"] for i in ITEMS)
    return ("\n".join([head, *(",".join(map(str, (*r, ""))) for r in rows)]) + "\n").encode()


def loaded(org: dict, name: str, rows, items=ITEMS, **extra) -> dict:
    from ckanext.shaoxing.interfaces import jobs
    pkg = factories.entry(org, name=name, data_items=items, **extra)
    table = upload(pkg["id"], f"{name}.csv", csv_of(rows) if items is ITEMS else rows, "CSV")
    state = jobs.load(table["id"])
    assert state["state"] == "complete", state
    return {"package": helpers.call_action("package_show", id=pkg["id"]), "table": table["id"]}


def _build() -> dict:
    org = factories.department(name="emergency", title="市应急管理局")
    places = loaded(org, "places", ROWS)
    many = ("kind,amount\n" + "".join(f"类别{i:05d},{i % 7}\n" for i in range(10000))
            + "".join("类别00001,1\n" for _ in range(5)))
    wide = loaded(org, "wide", many.encode(), items=[
        {"field_name": "kind", "field_label": "类别", "field_type": "string"},
        {"field_name": "amount", "field_label": "数量", "field_type": "integer"}])
    # The loader refuses a file of no rows: a table emptied through the DataStore API.
    empty_pkg = factories.entry(org, name="empty", data_items=[
        {"field_name": "kind", "field_label": "类别", "field_type": "string"},
        {"field_name": "amount", "field_label": "数量", "field_type": "integer"}])
    empty = helpers.call_action("datastore_create", {"user": site_user()}, resource={"package_id": empty_pkg["id"]},
                                fields=[{"id": "kind", "type": "text"}, {"id": "amount", "type": "int8"}],
                                force=True)
    empty = {"package": empty_pkg, "table": empty["resource_id"]}
    return {"org": org, "places": places, "wide": wide, "empty": empty, "site_user": site_user()}


@pytest.fixture
def places(worlds) -> dict:
    return worlds("dataviews", _build)
