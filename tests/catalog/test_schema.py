"""The catalogue schema accepts good values and rejects bad ones with a field-level error."""
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture
def org():
    return factories.department(title="市交通运输局")


def errors_of(org, **fields) -> dict:
    with pytest.raises(tk.ValidationError) as e:
        factories.entry(org, **fields)
    return e.value.error_dict


def test_a_complete_entry_is_stored_with_codes(org):
    ds = factories.entry(org, catalog_code="SX-JT-2021/0001.a", domain="transport", open_level="conditional",
                         open_condition="签署数据安全承诺书", update_frequency="realtime", region_code="330681",
                         record_count="1200", issued="2021-03-01", modified="2022-01-01",
                         temporal_start="2020-01-01", temporal_end="2020-12-31", contact_phone="0575-88881234",
                         contact_email="opendata@sx.gov.cn", license_id="cc-by",
                         data_items=[{"field_name": "stop_id", "field_label": "站点编号", "field_type": "string"}],
                         resources=[{"url": "https://data.sx.gov.cn/api/open/1", "name": "接口", "format": "API",
                                     "interface_type": "open_api", "issued": "2021-04-01"},
                                    {"url": "https://example.org/a.csv", "name": "文件"}])
    assert ds["name"] == "sx-jt-2021-0001-a"          # URL name made from the code
    assert ds["record_count"] == "1200" and ds["region_code"] == "330681"
    assert ds["data_items"][0]["field_type"] == "string"
    assert [r["interface_type"] for r in ds["resources"]] == ["open_api", "file"]   # file by default


@pytest.mark.parametrize("field,value", [
    ("catalog_code", "含中文"), ("catalog_code", "A" * 65), ("catalog_code", "bad code"),
    ("domain", "traffic"), ("open_level", "open"), ("update_frequency", "hourly"),
    ("region_code", "330100"), ("record_count", "-1"), ("record_count", "many"),
    ("issued", "2021-13-01"), ("issued", "yesterday"), ("contact_phone", "0575 8888"),
    ("contact_email", "not-an-email"),
])
def test_bad_values_are_rejected_on_their_field(org, field, value):
    assert field in errors_of(org, **{field: value})


@pytest.mark.parametrize("field", ["catalog_code", "title", "notes", "domain", "open_level",
                                   "update_frequency", "region_code"])
def test_required_fields(org, field):
    assert field in errors_of(org, **{field: ""})


def test_conditional_entries_need_their_conditions(org):
    errors = errors_of(org, open_level="conditional", open_condition="")
    assert "有条件开放" in errors["open_condition"][0]


def test_dates_must_be_in_order(org):
    assert "modified" in errors_of(org, issued="2022-01-01", modified="2021-12-31")
    assert "temporal_end" in errors_of(org, temporal_start="2022-01-01", temporal_end="2021-01-01")


def test_catalogue_code_is_unique_on_create_and_update(org):
    first = factories.entry(org, catalog_code="SX-DUP-1")
    assert "catalog_code" in errors_of(org, catalog_code="SX-DUP-1")
    other = factories.entry(org, catalog_code="SX-DUP-2")
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("package_patch", factories.as_site(), id=other["id"], catalog_code="SX-DUP-1")
    assert first["name"] in e.value.error_dict["catalog_code"][0]
    # updating an entry without changing its own code is fine
    helpers.call_action("package_patch", factories.as_site(), id=first["id"], title="改名")


def test_deleted_entries_free_their_code(org):
    first = factories.entry(org, catalog_code="SX-DEL-1")
    helpers.call_action("package_delete", factories.as_site(), id=first["id"])
    assert factories.entry(org, catalog_code="SX-DEL-1", name="again")["catalog_code"] == "SX-DEL-1"


def test_not_open_entries_carry_no_data(org):
    errors = errors_of(org, open_level="not_open", resources=[{"url": "https://example.org/a.csv"}])
    assert "open_level" in errors
    assert factories.entry(org, open_level="not_open")["num_resources"] == 0


def test_bad_data_item_and_resource_kind(org):
    errors = errors_of(org, data_items=[{"field_name": "a", "field_label": "甲", "field_type": "blob"}])
    assert "data_items" in errors
    errors = errors_of(org, resources=[{"url": "https://example.org/a", "interface_type": "soap"}])
    assert "resources" in errors


def test_department_credit_code_is_checked():
    with pytest.raises(tk.ValidationError) as e:
        factories.department(credit_code="11330600MB0000001X")
    assert "credit_code" in e.value.error_dict
    assert factories.department(credit_code=factories.credit_code(77))["credit_code"] == factories.credit_code(77)
