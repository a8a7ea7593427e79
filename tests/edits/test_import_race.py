"""A catalogue import and a form edit of the same entry at once: neither silently erases the
other. The import saves each changed entry on the condition that it is still the version the
import compared; a save that lands in between fails the import (all or nothing, the entry named)
and stays; a form opened before the import and saved after it meets the conflict page's refusal."""
from __future__ import annotations

import threading

import pytest
from ckan import model
from ckan.tests import helpers

from ckanext.shaoxing.catalog import importer
from ckanext.shaoxing.catalog.importer import ImportFailed, import_workbook
from ckanext.shaoxing.edits.conflicts import Conflict
from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
DEPT = "市交通运输局"
LINK = [{"信息资源代码": "SX-T-0001", "资源名称": "接口", "资源类型": "开放接口", "数据格式": "API",
         "资源地址": "https://api.example.gov.cn/open/1"}]


@pytest.fixture
def catalogue(tmp_path):
    factories.department(name="sx-transport", title=DEPT)
    assert import_workbook(wb.write(tmp_path / "first.xlsx", [wb.entry_row(1, DEPT)], LINK)).created == ["SX-T-0001"]
    return wb.write(tmp_path / "second.xlsx", [wb.entry_row(1, DEPT, 数据目录名称="导入的名称")], LINK)


def _shown() -> dict:
    return helpers.call_action("package_show", id="sx-t-0001")


def _form_save(**changes) -> None:
    """A save by another request (its own session and connection), committed."""
    def save():
        try:
            helpers.call_action("package_patch", {"user": helpers.call_action("get_site_user")["name"]},
                                id="sx-t-0001", **changes)
        finally:
            model.Session.remove()
    thread = threading.Thread(target=save)
    thread.start()
    thread.join()


def test_a_save_between_the_imports_comparison_and_its_write_fails_the_import(catalogue, monkeypatch):
    write = importer._update

    def racing(change, user):
        _form_save(notes="表单里改的摘要")
        return write(change, user)

    monkeypatch.setattr(importer, "_update", racing)
    with pytest.raises(ImportFailed) as failed:
        import_workbook(catalogue)
    assert "导入期间已在平台上被修改" in str(failed.value.problems[0])
    assert "changed on the portal while the import ran" in str(failed.value.problems[0])
    shown = _shown()
    assert (shown["title"], shown["notes"]) == ("测试目录1", "表单里改的摘要")

    # Imported again (nothing racing), the workbook is compared with the saved entry and applied.
    monkeypatch.setattr(importer, "_update", write)
    assert import_workbook(catalogue).updated == ["SX-T-0001"]
    assert _shown()["title"] == "导入的名称"


def test_a_form_opened_before_the_import_is_refused_after_it(catalogue):
    opened = _shown()["metadata_modified"]
    assert import_workbook(catalogue).updated == ["SX-T-0001"]
    with pytest.raises(Conflict):
        helpers.call_action("package_patch", {"user": helpers.call_action("get_site_user")["name"]},
                            id="sx-t-0001", notes="过时的表单", if_match=opened)
    assert (_shown()["title"], _shown()["notes"]) == ("导入的名称", "测试摘要1")
