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
CSV = "name,seats,price,opened,updated\n越城区公交站,32,2.5,2021-03-05,2026-11-19 15:33:00\n柯桥公交站,40,1,2022-01-01,2026-11-20 08:00:00\n"


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
    return factories.department(name="transport", title="市交通运输局")


@pytest.fixture
def entry(org):
    return factories.entry(org, name="stations", catalog_code="SX-JT-2024-0001", data_items=ITEMS)
