"""The DataStore database down (its URLs pointed at a port where nothing listens; CKAN's own
database answers): datastore_search and the interfaces' REST endpoints answer JSON 503 in both
languages with Retry-After; the entry's pages still render."""
import pytest
from ckan.common import config

from tests.conftest import PLUGINS
from tests.interfaces.conftest import interface_entry, transport

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins", "clean_index")]

DEAD = "postgresql://datastore_default@127.0.0.1:9/shaoxing_test_datastore"


@pytest.fixture
def stations(worlds, monkeypatch):
    """An entry with a loaded table and its interfaces, then the DataStore database gone."""
    from ckanext.datastore.backend import DatastoreBackend
    pkg = worlds("degrade-stations", lambda: interface_entry(transport()))
    backend = DatastoreBackend.get_active_backend()
    for key in ("read_url", "write_url"):
        monkeypatch.setitem(config, f"ckan.datastore.{key}", DEAD)
        monkeypatch.setattr(backend, key, DEAD)
    return pkg


def assert_datastore_503(res):
    assert res.status_code == 503 and res.headers["Retry-After"] == "60"
    body = res.json
    assert body["success"] is False and body["error"]["__type"] == "DataStore Unavailable"
    assert body["error"]["message"] == "数据服务暂时不可用 / The data service is temporarily unavailable"


def test_datastore_search_and_the_interfaces_answer_503(app, stations):
    assert_datastore_503(app.get("/api/3/action/datastore_search", query_string={"resource_id": stations["table"]["id"]}))
    assert_datastore_503(app.get("/api/open/SX-JT-2024-0001/1"))


def test_the_entry_pages_still_render(app, stations):
    assert "站点查询接口" in app.get("/dataset/stations").body
    page = app.get(f"/dataset/stations/resource/{stations['table']['id']}")
    assert page.status_code == 200 and "shaoxing-preview-unavailable" in page.body
    assert "数据服务正在恢复" in page.body
