"""The web catalogue import of a zip (the workbook and the files its rows name, as the command
line finds them beside the workbook): the seed zipped imports with no problem; a bad zip (a bomb
by size or by ratio, `../`, an absolute path, a symbolic link, too many members, no workbook, not
a zip, an empty file) is refused on the form in the page's language, naming the problem, and
nothing is queued, kept or imported; a file a row names but the zip lacks is named by its row.
The report groups problems by row, a page of rows at a time."""
from __future__ import annotations

import io
import pathlib
import re
import shutil
import stat
import zipfile
from urllib.parse import urlsplit

import pytest
from ckan.cli.cli import ckan
from ckan.lib import jobs
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.catalog import workbook as wb
from tests.catalog.test_pages import _csrf, _run_jobs
from tests.conftest import PLUGINS

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "catalog_seed"
DEPT = "市交通运输局"
pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture
def admin(app):
    factories.department(name="sx-transport", title=DEPT)
    app.set_session_user(ckan_factories.Sysadmin()["name"])
    return app


def _workdir() -> pathlib.Path:
    return pathlib.Path(helpers.config["ckan.storage_path"]) / "catalog-imports"


def kept() -> set:
    """What the import keeps on disk (other tests' checks may have left theirs)."""
    return set(_workdir().rglob("*")) if _workdir().exists() else set()


def upload(app, data: bytes, name: str, prefix: str = ""):
    token = _csrf(app.get(f"{prefix}/ckan-admin/catalog/import").body)
    return app.post(f"{prefix}/ckan-admin/catalog/import", data={"workbook": (io.BytesIO(data), name), **token},
                    follow_redirects=False)


def zipped(members: dict[str, bytes], links: dict[str, str] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name, target in dict(links).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)
    return out.getvalue()


def book(tmp_path, resources=()) -> bytes:
    return wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT)], list(resources)).read_bytes()


def refused(app, data: bytes, name: str, words: str, prefix: str = "") -> None:
    before, queued = kept(), jobs.get_queue().count
    r = upload(app, data, name, prefix)
    assert r.status_code == 400, r.status_code
    alert = re.search(r'<div class="alert alert-danger import-refused" role="alert">(.*?)</div>', r.body, re.S).group(1)
    assert words in alert, alert
    assert (" / " not in alert) and (re.search("[\u4e00-\u9fff]", alert) is None) == bool(prefix)   # one language
    assert jobs.get_queue().count == queued and kept() == before       # nothing queued, nothing kept
    assert helpers.call_action("package_search", q="*:*")["count"] == 0


@pytest.mark.ckan_config("ckanext.shaoxing.catalog.max_bundle_bytes", "2000000")
def test_a_zip_bomb_by_size_is_refused_before_it_is_unpacked(admin, tmp_path):
    bomb = zipped({"c.xlsx": book(tmp_path), "files/zero.csv": bytes(3_000_000)})
    refused(admin, bomb, "bomb.zip", "疑似压缩炸弹")
    refused(admin, bomb, "bomb.zip", "a zip bomb?", prefix="/en")


def test_a_zip_bomb_by_ratio_is_refused(admin, tmp_path):
    refused(admin, zipped({"c.xlsx": book(tmp_path), "files/zero.csv": bytes(5_000_000)}), "b.zip", "压缩比")


@pytest.mark.parametrize("name", ["../evil.csv", "files/../../evil.csv", "/etc/evil.csv", "C:/evil.csv"])
def test_paths_outside_the_zip_are_refused(admin, tmp_path, name):
    refused(admin, zipped({"c.xlsx": book(tmp_path), name: b"x\n1\n"}), "p.zip", f"{name} 指向压缩包以外")


def test_a_symbolic_link_is_refused(admin, tmp_path):
    data = zipped({"c.xlsx": book(tmp_path)}, links={"files/link.csv": "/etc/passwd"})
    refused(admin, data, "l.zip", "files/link.csv 是符号链接")
    refused(admin, data, "l.zip", "symbolic link", prefix="/en")


@pytest.mark.ckan_config("ckanext.shaoxing.catalog.max_bundle_files", "3")
def test_too_many_members_are_refused(admin, tmp_path):
    refused(admin, zipped({"c.xlsx": book(tmp_path), **{f"files/{n}.csv": b"a\n" for n in range(3)}}), "m.zip",
            "有 4 个文件，上限为 3 个")


def test_not_a_zip_an_empty_file_and_a_zip_without_a_workbook_are_refused(admin, tmp_path):
    refused(admin, "信息资源代码\nSX-1\n".encode(), "c.csv", "既不是 .xlsx 工作簿也不是 .zip 压缩包")
    refused(admin, b"", "empty.zip", "上传的文件是空的")
    refused(admin, b"", "empty.zip", "the uploaded file is empty", prefix="/en")
    refused(admin, zipped({"files/a.csv": b"a\n"}), "n.zip", "没有 .xlsx 工作簿")
    refused(admin, zipped({"a.xlsx": book(tmp_path), "b.xlsx": book(tmp_path)}), "two.zip", "多个工作簿")
    r = admin.post("/ckan-admin/catalog/import", data=_csrf(admin.get("/ckan-admin/catalog/import").body))
    assert r.status_code == 400 and "选择" in r.body


@pytest.mark.usefixtures("with_test_worker")
def test_a_file_the_zip_lacks_is_named_by_its_row_and_nothing_is_imported(admin, tmp_path):
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": "线路", "资源类型": "文件下载", "资源地址": "files/lines.csv"},
                 {"信息资源代码": "SX-T-0001", "资源名称": "站点", "资源类型": "文件下载", "资源地址": "files/missing.csv"}]
    before = kept()
    r = upload(admin, zipped({"c.xlsx": book(tmp_path, resources), "files/lines.csv": "线路\n1路\n".encode()}), "c.zip")
    assert r.status_code == 302
    _run_jobs()
    page = admin.get(r.headers["Location"]).body
    assert "工作表「资源」第 3 行" in page and "找不到文件 files/missing.csv" in page and "files/lines.csv" not in page
    assert helpers.call_action("package_search", q="*:*")["count"] == 0
    assert kept() == before          # the failed check's files are gone


@pytest.fixture
def departments(cli, worlds):
    def build():
        result = cli.invoke(ckan, ["shaoxing", "seed", "--departments", str(SEED / "departments.csv"), "--no-accounts"])
        assert result.exit_code == 0, result.output
    return worlds("seed-departments", build)


@pytest.mark.usefixtures("with_test_worker", "departments")
def test_the_seed_zipped_imports_through_the_web_form_with_no_problem(app, tmp_path):
    """The folder `ckan shaoxing catalog import` takes (catalog.xlsx and files/), zipped, as a
    department's clerk would zip it: inside a folder of its own. The check finds every file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(SEED / "catalog.xlsx", "catalog_seed/catalog.xlsx")
        for path in sorted((SEED / "files").rglob("*")):
            z.write(path, f"catalog_seed/{path.relative_to(SEED)}")
    app.set_session_user(ckan_factories.Sysadmin()["name"])
    before = kept()
    r = upload(app, out.getvalue(), "catalog_seed.zip")
    assert r.status_code == 302
    _run_jobs()
    page = app.get(r.headers["Location"]).body
    assert "import-problems" not in page and "确认导入" in page, page[:3000]
    created = int(re.search(r"<tbody><tr><td>(\d+)</td>", page).group(1))
    assert created > 300 and helpers.call_action("package_search", q="*:*")["count"] == 0    # checked, not written
    # Confirming queues the same checked upload (the import itself is the command line's, tested
    # in test_roundtrip.py); it stays in the catalogue storage until then.
    left = kept() - before
    assert left
    first = min(left, key=lambda p: len(p.parts))
    first.unlink() if first.is_file() else shutil.rmtree(first)


@pytest.mark.usefixtures("with_test_worker")
def test_the_report_groups_problems_by_row_a_page_at_a_time(admin, tmp_path):
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": f"r{n}", "资源类型": "文件下载",
                  "资源地址": f"files/{n}.csv"} for n in range(60)]
    r = upload(admin, book(tmp_path, resources), "c.xlsx")
    _run_jobs()
    first = admin.get(r.headers["Location"]).body
    assert first.count('class="import-problem-row') == 50 and "60" in first
    assert 'aria-current="page"' in first and "排队" not in first
    second = admin.get(r.headers["Location"], query_string={"page": 2}).body
    assert second.count('class="import-problem-row') == 10
    assert " / " not in re.search(r'<div class="import-problems">(.*?)</div>\s*<nav', first, re.S).group(1)
    en = admin.get("/en" + urlsplit(r.headers["Location"]).path).body
    assert "Sheet 资源, row 2" in en and "not found" in en and "找不到" not in en


def test_the_waiting_status_is_in_the_page_language(admin, tmp_path):
    r = upload(admin, book(tmp_path), "c.xlsx")                     # no worker runs: it waits
    assert "等待导入任务" in admin.get(r.headers["Location"]).body
    en = admin.get("/en" + urlsplit(r.headers["Location"]).path).body
    assert "waiting for the import worker" in en and "(queued)" not in en


@pytest.mark.parametrize("where", ["bare", "in a zip"])
def test_a_workbook_that_is_itself_a_bomb_is_refused_before_it_is_read(admin, tmp_path, where):
    """An .xlsx is a zip too: a small workbook with gigabytes of sheet XML inside, sent bare or
    inside the bundle, is refused from its directory before openpyxl decompresses it."""
    from ckanext.shaoxing.catalog.problems import WorkbookRefused
    from ckanext.shaoxing.catalog.reader import Workbook
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(io.BytesIO(book(tmp_path))) as good, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            z.writestr(info, good.read(info))
        z.writestr("xl/worksheets/sheet9.xml", bytes(5_000_000))      # 5 MB of zeros, packed ≈ 1000:1
    if where == "in a zip":
        bundle = tmp_path / "bundle"
        bundle.mkdir()
        zipfile.ZipFile(io.BytesIO(zipped({"c.xlsx": path.read_bytes()}))).extractall(bundle)
        path = bundle / "c.xlsx"
    with pytest.raises(WorkbookRefused) as e:
        Workbook(path, 50 * 1048576, 1000)
    assert "疑似压缩炸弹" in e.value.problems[0].zh and "zip bomb" in e.value.problems[0].en
