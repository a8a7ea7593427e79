"""The kept figures and values (targets/figures.py and datasets.py, maintained by the dataset and
resource hooks and the signals) must equal the direct count (queries.aggregate, governance and
quality, the reference) after every kind of change: creates, updates, deletes, privacy and
open-level changes, department moves, resources added and removed, a table loaded, quality checks
passed and failed, purges, bulk updates, the catalogue import, and across a year boundary."""
import datetime as dt

import pytest
import sqlalchemy as sa
import time_machine
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.shaoxing import clock
from ckanext.shaoxing.catalog.importer import import_workbook
from ckanext.shaoxing.governance import jobs as quality_jobs
from ckanext.shaoxing.governance import rate, run
from ckanext.shaoxing.targets import datasets, figures, queries
from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

API = {"url": "https://data.sx.gov.cn/api/1", "interface_type": "open_api", "issued": "2026-02-01"}
SHARED = {"url": "https://share.sx.gov.cn/api/1", "interface_type": "shared_api"}
FILE = {"url": "https://example.org/a.csv", "issued": "2025-07-01"}


def _kept() -> tuple[list, list]:
    """The kept figures and their month sums (a group emptied keeps a row of zeros, which a rebuild drops)."""
    months = sorted(model.Session.execute(sa.text("SELECT * FROM shaoxing_target_month")).all(), key=repr)
    assert not [row for row in months if not row.figure_rows and any(row[5:])]
    return (sorted(model.Session.execute(sa.text(f"SELECT {figures.COLUMNS} FROM shaoxing_target_figure")).all()),
            [row for row in months if row.figure_rows])


def _kept_values() -> tuple[list, ...]:
    """The kept values and their sums (a group emptied keeps a row of zeros, which a rebuild drops)."""
    def rows(sql):
        return sorted(model.Session.execute(sa.text(sql)).all(), key=repr)
    assert not rows("SELECT * FROM shaoxing_target_group WHERE datasets = 0 AND (passing <> 0 OR completeness <> 0)")
    return (rows(f"SELECT {datasets.COLUMNS} FROM shaoxing_target_dataset"),
            rows("SELECT * FROM shaoxing_target_group WHERE datasets <> 0"),
            rows("SELECT * FROM shaoxing_target_dates WHERE datasets <> 0"))


def same_as_counted(*orgs) -> None:
    """Kept rows equal a rebuild from scratch, and their sums equal the direct count for every
    year, filter and breakdown."""
    kept = _kept()
    for params in ({}, *({"organization": o["id"]} for o in orgs), {"region_code": "330602"}):
        # Whole years and months (the month sums), and weeks (the days).
        ranges = [(dt.date(y, 1, 1), dt.date(y + 1, 1, 1)) for y in (2024, 2025, 2026)]
        ranges += [(dt.date(2026, 1, 1), dt.date(2026, 2, 1)), (dt.date(2025, 12, 29), dt.date(2026, 1, 5)),
                   (dt.date(2026, 1, 26), dt.date(2026, 2, 2))]
        for start, end in ranges:
            assert figures.aggregate(start, end, params) == queries.aggregate(start, end, params), (start, params)
    whole = (dt.date(1900, 1, 1), dt.date(9999, 1, 1), {}, ("organization",))
    assert figures.aggregate(*whole) == queries.aggregate(*whole)
    # The governance rate and the ranking's quality parts: a recorded day, a day before any
    # record and today (live: the rates counted from the kept values).
    for params in ({}, *({"organization": o["id"]} for o in orgs), {"region_code": "330602"}):
        assert datasets.governance(params) == queries.governance(params), params
        for day in (dt.date(2026, 2, 10), dt.date(2025, 6, 30), clock.today()):
            assert datasets.quality(day, params) == queries.quality(day, params), (day, params)
    assert datasets.live_rates() == rate.live()
    values = _kept_values()
    figures.rebuild()
    assert _kept() == kept
    assert _kept_values() == values


def test_kept_figures_follow_every_change(tmp_path):
    a = factories.department(name="sx-transport", title="市交通运输局")
    b = factories.department(name="sx-health", title="市卫生健康委员会")
    site = factories.as_site
    # Entries without an issue date count on their creation day in Shaoxing: 23:30 on 31 December
    # and 00:30 on 1 January fall in different years.
    with time_machine.travel("2025-12-31T15:30:00+00:00", tick=False):
        late = factories.entry(a, issued="", resources=[{**SHARED, "issued": ""}])
    with time_machine.travel("2025-12-31T16:30:00+00:00", tick=False):
        early = factories.entry(b, issued="", region_code="330602", resources=[{**API, "issued": ""}])
    first = factories.entry(a, issued="2025-05-01", resources=[API, {**API, "issued": "2025-12-31"}, SHARED, FILE])
    second = factories.entry(b, issued="2026-01-01", private=True, region_code="330602", resources=[API, SHARED])
    third = factories.entry(a, issued="2024-03-01", open_level="not_open")
    same_as_counted(a, b)

    # A table loaded into the DataStore: the dataset's interfaces now answer.
    helpers.call_action("resource_patch", site(), id=first["resources"][3]["id"], datastore_active=True)
    helpers.call_action("resource_patch", site(), id=early["resources"][0]["id"], issued="2024-06-30")
    same_as_counted(a, b)

    helpers.call_action("package_patch", site(), id=second["id"], private=False)          # published
    helpers.call_action("package_patch", site(), id=third["id"], open_level="conditional",
                        open_condition="签署承诺书")
    helpers.call_action("package_patch", site(), id=first["id"], domain="health", region_code="330602")
    same_as_counted(a, b)

    helpers.call_action("package_patch", site(), id=first["id"], owner_org=b["id"])       # moved
    helpers.call_action("package_owner_org_update", site(), id=third["name"], organization_id=b["id"])
    same_as_counted(a, b)

    # Quality checks: one passes, then fails (a failed check is recorded as not passing).
    checked = factories.entry(a, modified="2026-02-01", contact_phone="0575-88881234", license_id="cc-by",
                              tag_string="公交", data_items=[{"field_name": "a", "field_label": "甲",
                                                             "field_type": "string"}])
    assert run.check(checked["id"], day=dt.date(2026, 2, 10))["passed"]
    same_as_counted(a, b)
    quality_jobs._record_failure(checked["id"], RuntimeError("unreadable"))
    same_as_counted(a, b)
    assert run.check(checked["id"], day=dt.date(2026, 2, 10))["passed"]
    helpers.call_action("package_patch", site(), id=checked["id"], update_frequency="daily", tag_string="")
    same_as_counted(a, b)

    helpers.call_action("resource_create", site(), package_id=second["id"], **API)
    helpers.call_action("resource_delete", site(), id=first["resources"][3]["id"])        # the table goes
    for res in helpers.call_action("package_show", id=early["id"])["resources"]:          # the last one
        helpers.call_action("resource_delete", site(), id=res["id"])
    same_as_counted(a, b)

    helpers.call_action("bulk_update_private", site(), datasets=[late["id"]], org_id=a["id"])
    helpers.call_action("package_delete", site(), id=second["id"])
    helpers.call_action("dataset_purge", site(), id=first["name"])
    same_as_counted(a, b)

    # The catalogue import: new entries and an update of one, by whatever path it saves them.
    rows = [wb.entry_row(1, "市交通运输局"), wb.entry_row(2, "市卫生健康委员会", 发布日期=dt.date(2026, 3, 1),
                                  更新日期=dt.date(2026, 4, 1))]
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": "接口", "资源类型": "开放接口", "数据格式": "API",
                  "资源地址": "https://data.sx.gov.cn/api/open/1", "发布日期": dt.date(2026, 4, 2)}]
    import_workbook(wb.write(tmp_path / "c.xlsx", rows, resources))
    moved = wb.entry_row(1, "市交通运输局", 发布日期=dt.date(2025, 2, 1), 更新日期=dt.date(2025, 3, 1),
                         行政区划="柯桥区")
    import_workbook(wb.write(tmp_path / "d.xlsx", [moved, rows[1]], resources))
    same_as_counted(a, b)

    ids = [d["id"] for d in helpers.call_action("package_search", fq=f"owner_org:{a['id']}")["results"]]
    helpers.call_action("bulk_update_delete", site(), datasets=ids, org_id=a["id"])
    same_as_counted(a, b)
    assert tk.get_action("shaoxing_target_progress")({}, {"year": 2026})["metrics"]["open_datasets"]["actual"] >= 1
