"""A small published catalogue: a department with an open entry (a linked file, an open API and a
shared interface), a conditional entry (an outside file link, an open API, a shared interface),
a private and a draft entry; a second department; accounts in each role that matters."""
from __future__ import annotations

import dataclasses

import pytest

from tests import factories
from tests.interfaces.conftest import ITEMS

SECRET = "https://files.example.org/taxi/licences.csv"        # a conditional entry's outside address
OPEN_FILE = "https://files.example.org/bus/stops.csv"
SHARED_HOST = "share.sx.gov.cn"
ROLES = ("anonymous", "other_editor", "member", "sysadmin")


@dataclasses.dataclass
class Catalogue:
    org: dict
    other_org: dict
    open: dict
    conditional: dict
    private: dict
    draft: dict
    users: dict


def _interfaces(code: str) -> list[dict]:
    return [{"url": f"https://data.sx.gov.cn/api/open/{code}/1", "name": "查询接口", "format": "API",
             "interface_type": "open_api", "issued": "2024-05-01"},
            {"url": f"https://{SHARED_HOST}/api/share/{code}/1", "name": "共享接口", "format": "API",
             "interface_type": "shared_api", "issued": "2024-05-01"}]


def build() -> Catalogue:
    # the catalogue's publisher (ckanext.shaoxing.federation.catalog_publisher)
    factories.department(name="sx-data-bureau", title="市数据局")
    org = factories.department(name="sx-transport", title="市交通运输局", title_en="Shaoxing Transport Bureau")
    other = factories.department(name="sx-health", title="市卫生健康委员会")
    open_entry = factories.entry(
        org, name="bus-stops", title="公交站点信息", catalog_code="SX-JT-2024-0001", data_items=ITEMS,
        tag_string="公交,站点", contact_phone="0575-88001234", contact_email="jt@sx.gov.cn",
        temporal_start="2020-01-01", temporal_end="2024-12-31", modified="2024-06-01", license_id="cc-by",
        resources=[{"url": OPEN_FILE, "name": "公交站点.csv", "format": "CSV", "issued": "2024-05-01"},
                   *_interfaces("SX-JT-2024-0001")])
    conditional = factories.entry(
        org, name="taxi-licences", title="出租车许可信息", catalog_code="SX-JT-2024-0002", open_level="conditional",
        open_condition="须签署数据安全承诺书", update_frequency="daily", region_code="330602", data_items=ITEMS,
        resources=[{"url": SECRET, "name": "出租车许可.csv", "format": "CSV"}, *_interfaces("SX-JT-2024-0002")])
    private = factories.entry(org, name="private-entry", title="内部数据", catalog_code="SX-JT-2024-0003", private=True,
                              resources=[{"url": "https://files.example.org/private.csv", "format": "CSV"}])
    draft = factories.entry(org, name="draft-entry", title="草稿数据", catalog_code="SX-JT-2024-0004", state="draft")
    users = {role: factories.user_in_role(role.split("_")[-1], org) for role in ("anonymous", "member", "sysadmin")}
    users["other_editor"] = factories.user_in_role("editor", other)
    return Catalogue(org, other, open_entry, conditional, private, draft, users)


@pytest.fixture
def catalogue(worlds) -> Catalogue:
    return worlds("federation", build)
