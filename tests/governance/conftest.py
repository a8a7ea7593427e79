"""Entries with files for the quality checks. The clock is fixed by passing the day to the
check (`run.check(id, day=DAY)`), or moved with time-machine where a page reads today."""
from __future__ import annotations

import datetime as dt

import pytest
from ckan.tests import helpers

from tests import factories
from tests.interfaces.conftest import upload  # noqa: F401  (re-exported for the tests)

DAY = dt.date(2026, 6, 15)
ITEMS = [{"field_name": "name", "field_label": "名称", "field_type": "string", "is_key": "true"},
         {"field_name": "seats", "field_label": "座位数", "field_type": "integer"},
         {"field_name": "opened", "field_label": "开通日期", "field_type": "date"},
         {"field_name": "region", "field_label": "行政区划代码", "field_type": "region_code"},
         {"field_name": "lng", "field_label": "经度", "field_type": "longitude"},
         {"field_name": "lat", "field_label": "纬度", "field_type": "latitude"}]
HEADER = "name,seats,opened,region,lng,lat\n"
GOOD_ROWS = [f"站点{i},{i * 3},2021-03-{i % 28 + 1:02d},330602,120.{580 + i},30.0{i % 10}" for i in range(1, 41)]
GOOD = HEADER + "\n".join(GOOD_ROWS) + "\n"
COMPLETE = dict(modified="2026-06-01", contact_phone="0575-88881234", license_id="cc-by", tag_string="公交",
                record_count="40", temporal_start="2021-01-01", data_items=ITEMS)


@pytest.fixture
def org():
    return transport()


def transport() -> dict:
    return factories.department(name="sx-transport", title="市交通运输局")


@pytest.fixture
def checked(worlds) -> dict:
    """An entry of the transport department (its `organization`) with the GOOD file, checked on
    DAY: built once, restored for every test after."""
    def build():
        pkg = entry_with(transport(), GOOD)
        check(pkg)
        return pkg
    return worlds("quality-checked", build)


def entry_with(org, data: bytes | str, filename: str = "stations.csv", fmt: str = "CSV", **overrides) -> dict:
    pkg = factories.entry(org, **{**COMPLETE, **overrides})
    res = upload(pkg["id"], filename, data.encode() if isinstance(data, str) else data, fmt)
    pkg = helpers.call_action("package_show", id=pkg["id"])
    pkg["file"] = res
    return pkg


def check(pkg: dict, day: dt.date = DAY) -> dict:
    from ckanext.shaoxing.governance import run
    return run.check(pkg["id"], day=day)


def evidence(result: dict, dimension: str) -> dict[str, dict]:
    return {e["code"]: e for e in result["dimensions"][dimension]["evidence"]}
