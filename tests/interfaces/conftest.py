"""Entries with tabular files, loaded through the plugin's checked load (the synchronous entry
point the worker's job calls) into the test DataStore."""
from __future__ import annotations

import io

import pytest
from ckan.tests import helpers
from werkzeug.datastructures import FileStorage

from tests import factories

ITEMS = [{"field_name": "name", "field_label": "名称", "field_type": "string"},
         {"field_name": "seats", "field_label": "座位数", "field_type": "integer"},
         {"field_name": "price", "field_label": "票价", "field_type": "decimal"},
         {"field_name": "opened", "field_label": "开通日期", "field_type": "date"},
         {"field_name": "updated", "field_label": "更新时间", "field_type": "datetime"}]
CSV = ("name,seats,price,opened,updated\n越城区公交站,32,2.5,2021-03-05,2026-11-19 15:33:00\n"
       "柯桥公交站,40,1,2022-01-01,2026-11-20 08:00:00\n")


def site_user() -> str:
    return helpers.call_action("get_site_user", {"ignore_auth": True})["name"]


def upload(package_id: str, filename: str, data: bytes, fmt: str, **extra) -> dict:
    """A resource with an uploaded file, as the web form makes it."""
    storage = FileStorage(io.BytesIO(data), filename=filename)
    return helpers.call_action("resource_create", {"user": site_user()}, package_id=package_id, upload=storage,
                               url=filename, name=filename, format=fmt, **extra)


def replace(resource_id: str, filename: str, data: bytes, fmt: str) -> dict:
    storage = FileStorage(io.BytesIO(data), filename=filename)
    return helpers.call_action("resource_patch", {"user": site_user()}, id=resource_id, upload=storage,
                               url=filename, format=fmt)


@pytest.fixture
def org():
    return transport()


def transport() -> dict:
    return factories.department(name="transport", title="市交通运输局")


@pytest.fixture
def stations(worlds) -> dict:
    """interface_entry of the transport department (市交通运输局), its table loaded: built once,
    restored for every test after. The department is the entry's `organization`."""
    return worlds("stations", lambda: interface_entry(transport()))


@pytest.fixture
def conditional_stations(worlds) -> dict:
    """The same, of a conditional entry."""
    return worlds("conditional-stations", lambda: interface_entry(transport(), open_level="conditional"))


@pytest.fixture
def entry(org):
    return factories.entry(org, name="stations", catalog_code="SX-JT-2024-0001", data_items=ITEMS)


def token(user: str) -> dict:
    """Headers of an API call as `user` (none for anonymous)."""
    if not user:
        return {}
    return {"Authorization": helpers.call_action("api_token_create", {"user": user}, user=user, name="t")["token"]}


def interface_entry(org: dict, open_level: str = "unconditional", name: str = "stations",
                    code: str = "SX-JT-2024-0001", load: bool = True) -> dict:
    """An entry with a CSV table and one open API and one shared interface as the bureau's
    workbook gives them (addresses on the old gateway's host)."""
    from ckanext.shaoxing.interfaces import jobs
    pkg = factories.entry(org, name=name, catalog_code=code, data_items=ITEMS, open_level=open_level,
                          **({"open_condition": "须签署数据安全承诺书"} if open_level == "conditional" else {}),
                          resources=[{"url": f"https://data.sx.gov.cn/api/open/{code}/1", "name": "站点查询接口",
                                      "format": "API", "interface_type": "open_api", "issued": "2024-05-01"},
                                     {"url": f"https://share.sx.gov.cn/api/share/{code}/1", "name": "站点共享接口",
                                      "format": "API", "interface_type": "shared_api", "issued": "2024-05-01"}])
    table = upload(pkg["id"], "stations.csv", CSV.encode(), "CSV")
    if load:
        state = jobs.load(table["id"])
        assert state["state"] == "complete", state
    pkg = helpers.call_action("package_show", id=pkg["id"])
    pkg["table"] = table
    pkg["open_api"], pkg["shared_api"] = pkg["resources"][0], pkg["resources"][1]
    return pkg
