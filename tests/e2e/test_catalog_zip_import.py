"""A sysadmin imports the catalogue from the web with a zip of the workbook and its files, in a
real browser: a zip naming a path outside itself is refused on the form, in Chinese, naming the
path, and nothing is queued; the right zip is checked (the waiting status in Chinese), its report
confirmed, and the entry arrives with its file uploaded. axe-core finds no violation on the form."""
import io
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from ckan.lib import jobs
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_test_worker")]

PASSWORD = "Journey-pass-2026"
DEPT = "市交通运输局"


def _zip(tmp_path, extra: dict) -> bytes:
    book = wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT)], [
        {"信息资源代码": "SX-T-0001", "资源名称": "线路表", "资源类型": "文件下载", "资源地址": "files/lines.csv"}])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(book, "目录/c.xlsx")
        for name, data in extra.items():
            z.writestr(name, data)
    return out.getvalue()


def test_zip_import_refused_then_checked_confirmed_and_imported(portal, browser, tmp_path):
    factories.department(name="sx-transport", title=DEPT)
    ckan_factories.User(name="bureau", password=PASSWORD, email="bureau@example.com", sysadmin=True)
    page = e2e.login(browser, portal, "bureau", PASSWORD)
    page.goto(f"{portal}/ckan-admin/catalog/import")
    expect(page.locator(".import-takes")).to_contain_text(".zip")
    queued = jobs.get_queue().count

    page.set_input_files("#field-workbook", files=[{"name": "bad.zip", "mimeType": "application/zip",
                                                    "buffer": _zip(tmp_path, {"../evil.csv": "x\n"})}])
    page.get_by_role("button", name="检查工作簿").click()
    expect(page.locator(".import-refused")).to_have_text("压缩包中的路径 ../evil.csv 指向压缩包以外")
    assert jobs.get_queue().count == queued
    found = Axe().run(page, context="form").response["violations"]
    assert found == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in found]

    good = _zip(tmp_path, {"目录/files/lines.csv": "线路编号,线路名称\n1,1路\n"})
    page.set_input_files("#field-workbook", files=[{"name": "catalog.zip", "mimeType": "application/zip",
                                                    "buffer": good}])
    page.get_by_role("button", name="检查工作簿").click()
    expect(page.locator(".import-pending")).to_contain_text("等待导入任务处理")
    jobs.Worker().work(burst=True)
    page.reload()
    page.get_by_role("button", name="确认导入").click()
    jobs.Worker().work(burst=True)
    page.reload()
    expect(page.locator(".alert-success")).to_contain_text("导入完成")
    resource = helpers.call_action("package_show", id="sx-t-0001")["resources"][0]
    assert resource["url_type"] == "upload" and resource["url"].endswith("lines.csv")
