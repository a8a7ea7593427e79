"""The catalogue import writes history like any edit: an entry it creates (bulk path) or changes
(package_update) gets an activity under the account that confirmed the import; an unchanged
entry gets none."""
from __future__ import annotations

import json

import pytest
from ckan.tests import helpers

from ckanext.shaoxing.catalog.importer import import_workbook
from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
DEPT = "市交通运输局"


def _history(name: str, user: str) -> list[dict]:
    return helpers.call_action("package_activity_list", {"user": user}, id=name)


def test_an_import_records_new_and_changed_entries_under_its_sysadmin_and_nothing_for_the_unchanged(tmp_path):
    factories.department(name="sx-transport", title=DEPT)
    sysadmin = factories.user_in_role("sysadmin")
    rows = [wb.entry_row(1, DEPT), wb.entry_row(2, DEPT)]
    report = import_workbook(wb.write(tmp_path / "a.xlsx", rows), user=sysadmin)
    assert len(report.created) == 2
    user_id = helpers.call_action("user_show", id=sysadmin)["id"]
    for name in ("sx-t-0001", "sx-t-0002"):
        # shown in the stream (the site user's would be hidden), made by the sysadmin
        assert [(a["activity_type"], a["user_id"]) for a in _history(name, "")] == [("new package", user_id)]

    again = import_workbook(wb.write(tmp_path / "b.xlsx", rows), user=sysadmin)
    assert len(again.unchanged) == 2
    assert len(_history("sx-t-0001", "")) == 1 and len(_history("sx-t-0002", "")) == 1

    rows[1]["数据目录名称"] = "改过的目录名称"
    changed = import_workbook(wb.write(tmp_path / "c.xlsx", rows), user=sysadmin)
    assert changed.updated == ["SX-T-0002"]
    assert len(_history("sx-t-0001", "")) == 1
    latest = _history("sx-t-0002", "")[0]
    assert (latest["activity_type"], latest["user_id"]) == ("changed package", user_id)
    diff = helpers.call_action("activity_diff", {"user": ""}, id=latest["id"], object_type="package")["diff"]
    assert f'+  "title": {json.dumps("改过的目录名称")}' in diff
