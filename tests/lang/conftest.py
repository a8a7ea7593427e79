"""The language tests' world: departments with an editor each, an open entry with a tag and a
file, a conditional entry with a loaded DataStore table and its interfaces, two companies, a
contest and a sysadmin (built once, restored for every test after)."""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import _build as access_world


@pytest.fixture
def world(worlds):
    return worlds("lang", _build)


def _build() -> dict:
    from tests.contest.conftest import call, phases
    access = access_world()
    open_entry = factories.entry(access.org, name="bus-lines", title="公交线路", tags=[{"name": "公交"}],
                                 region_code="330602")
    helpers.call_action("resource_create", factories.as_site(), package_id=open_entry["id"],
                        url="https://example.org/lines.xlsx", name="线路表", format="XLSX")
    call("contest_create", access.users["sysadmin"], name="sx-2030", title="绍兴市公共数据开放创新应用大赛",
         edition=3, phases=phases(), rules="## 规则")
    return {"sysadmin": access.users["sysadmin"], "editor": access.users["owner_editor"], "entry": access.entry}
