"""Importing the catalogue workbook: upsert by code, all or nothing, every problem named."""
import datetime as dt
import io
import zipfile

import pytest
from ckan import model
from ckan.tests import helpers
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from ckanext.shaoxing.catalog.importer import ImportFailed, import_workbook
from ckanext.shaoxing.catalog.problems import WorkbookRefused
from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

DEPT = "市交通运输局"


@pytest.fixture
def dept():
    return factories.department(name="sx-transport", title=DEPT)


def entries_count() -> int:
    return model.Session.query(model.Package).filter(model.Package.state == "active").count()


def problems(path, **kw) -> list[str]:
    with pytest.raises((ImportFailed, WorkbookRefused)) as e:
        import_workbook(path, **kw)
    return [str(p) for p in e.value.problems]


def test_import_creates_entries_with_resources_items_and_files(dept, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "stops.csv").write_text("stop_id,name\n1,解放路\n", encoding="utf-8")
    rows = [wb.entry_row(1, DEPT, 开放属性="有条件开放", 开放条件="签署承诺书"), wb.entry_row(2, DEPT)]
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": "站点", "资源类型": "文件下载", "数据格式": "CSV",
                  "资源地址": "files/stops.csv", "发布日期": dt.date(2024, 3, 2)},
                 {"信息资源代码": "SX-T-0001", "资源名称": "接口", "资源类型": "开放接口", "数据格式": "API",
                  "资源地址": "https://data.sx.gov.cn/api/open/1"}]
    items = [{"信息资源代码": "SX-T-0001", "字段名": "stop_id", "中文名称": "站点编号", "字段类型": "字符串"}]
    report = import_workbook(wb.write(tmp_path / "c.xlsx", rows, resources, items))
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (2, 0, 0)

    ds = helpers.call_action("package_show", id="sx-t-0001")
    assert ds["domain"] == "transport" and ds["open_level"] == "conditional" and ds["region_code"] == "330602"
    assert ds["update_frequency"] == "monthly" and ds["issued"] == "2024-03-01" and ds["license_id"] == "cc-by"
    assert ds["organization"]["name"] == "sx-transport" and {t["name"] for t in ds["tags"]} == {"公交", "线路"}
    assert ds["data_items"] == [{"field_name": "stop_id", "field_label": "站点编号", "field_type": "string"}]
    file, api = ds["resources"]
    assert file["url_type"] == "upload" and file["url"].endswith("/stops.csv") and file["issued"] == "2024-03-02"
    assert api["interface_type"] == "open_api" and api["url"] == "https://data.sx.gov.cn/api/open/1"
    # indexed when the import returns
    found = helpers.call_action("package_search", q="测试目录1")["results"]
    assert "sx-t-0001" in [d["name"] for d in found]


def test_reimport_changes_nothing_and_a_changed_row_updates_one(dept, tmp_path):
    rows = [wb.entry_row(n, DEPT) for n in (1, 2, 3)]
    path = wb.write(tmp_path / "c.xlsx", rows)
    import_workbook(path)
    modified = {p.name: p.metadata_modified for p in model.Session.query(model.Package)}
    again = import_workbook(path)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 3)
    assert {p.name: p.metadata_modified for p in model.Session.query(model.Package)} == modified

    rows[1]["数据目录名称"] = "改过的名称"
    report = import_workbook(wb.write(tmp_path / "c2.xlsx", rows))
    assert report.updated == ["SX-T-0002"] and len(report.unchanged) == 2
    assert helpers.call_action("package_show", id="sx-t-0002")["title"] == "改过的名称"


def test_dry_run_writes_nothing(dept, tmp_path):
    report = import_workbook(wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT)]), dry_run=True)
    assert report.created == ["SX-T-0001"] and entries_count() == 0


def test_one_bad_row_writes_nothing_and_every_problem_is_listed(dept, tmp_path):
    rows = [wb.entry_row(1, DEPT), wb.entry_row(2, DEPT, 数据领域="天文"),
            wb.entry_row(3, "市不存在局", 发布日期="2024-02-30"), wb.entry_row(4, DEPT, 开放属性="有条件开放")]
    found = problems(wb.write(tmp_path / "c.xlsx", rows))
    assert entries_count() == 0
    assert any(p.startswith("第3行 列「数据领域」") and "code list" in p for p in found)
    assert any(p.startswith("第4行 列「数源单位」") and "市不存在局" in p for p in found)
    assert any(p.startswith("第4行 列「发布日期」") and "YYYY-MM-DD" in p for p in found)
    assert any(p.startswith("第5行 列「开放条件」") for p in found), found


def test_schema_problems_name_row_and_column(dept, tmp_path):
    rows = [wb.entry_row(1, DEPT, 更新日期=dt.date(2020, 1, 1), 联系邮箱="nobody")]
    found = problems(wb.write(tmp_path / "c.xlsx", rows))
    assert any(p.startswith("第2行 列「更新日期」") for p in found)
    assert any(p.startswith("第2行 列「联系邮箱」") and 'row 2, column "联系邮箱"' in p for p in found)


def test_duplicate_code_in_file(dept, tmp_path):
    rows = [wb.entry_row(1, DEPT), wb.entry_row(2, DEPT, 信息资源代码="SX-T-0001")]
    assert "第3行 列「信息资源代码」: 信息资源代码与第2行重复 / row 3, column \"信息资源代码\": " \
           "catalogue code duplicates row 2" in problems(wb.write(tmp_path / "c.xlsx", rows))


def test_unknown_and_missing_headers(dept, tmp_path):
    headers = [h for h in wb.ENTRY_HEADERS if h != "数据领域"] + ["备注"]
    found = problems(wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT)], entry_headers=headers))
    assert any("列「备注」" in p and "unknown header" in p for p in found)
    assert any("列「数据领域」" in p and "required column is missing" in p for p in found)


def test_resource_rows_pointing_nowhere_and_missing_files(dept, tmp_path):
    resources = [{"信息资源代码": "SX-NONE", "资源名称": "x", "资源类型": "文件下载", "资源地址": "https://a.b/c"},
                 {"信息资源代码": "SX-T-0001", "资源名称": "y", "资源类型": "文件下载", "资源地址": "files/missing.csv"},
                 {"信息资源代码": "SX-T-0001", "资源名称": "z", "资源类型": "下载", "资源地址": "https://a.b/d"}]
    found = problems(wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT)], resources))
    assert any(p.startswith("工作表「资源」第2行 列「信息资源代码」") for p in found)
    assert any(p.startswith("工作表「资源」第4行 列「资源类型」") for p in found)


def test_files_missing_or_outside_the_workbooks_folder(dept, tmp_path):
    book = tmp_path / "book"
    (book / "files").mkdir(parents=True)
    (tmp_path / "secret.csv").write_text("password\nhunter2\n", encoding="utf-8")
    (book / "files" / "link.csv").symlink_to(tmp_path / "secret.csv")
    addresses = ["files/missing.csv", "../secret.csv", "files/link.csv", str(tmp_path / "secret.csv")]
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": f"r{n}", "资源类型": "文件下载", "资源地址": a}
                 for n, a in enumerate(addresses)]
    found = problems(wb.write(book / "c.xlsx", [wb.entry_row(1, DEPT)], resources))
    for row, address in enumerate(addresses, start=2):
        assert f"工作表「资源」第{row}行 列「资源地址」: 找不到文件 {address}（须在工作簿所在文件夹内）" in " ".join(found)
    assert len(found) == len(addresses) and entries_count() == 0


def test_merged_cells_and_formulas(dept, tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "目录"
    ws.append(wb.ENTRY_HEADERS)
    row = wb.entry_row(1, DEPT)
    ws.append([row.get(h) for h in wb.ENTRY_HEADERS])
    ws["J2"] = "=100*2"
    ws.merge_cells("P2:Q2")
    book.save(tmp_path / "c.xlsx")
    found = problems(tmp_path / "c.xlsx")
    assert any("P2:Q2" in p for p in found)
    book = Workbook()
    ws = book.active
    ws.title = "目录"
    ws.append(wb.ENTRY_HEADERS)
    ws.append([row.get(h) for h in wb.ENTRY_HEADERS])
    ws["J2"] = "=100*2"
    book.save(tmp_path / "f.xlsx")
    assert any(p.startswith("第2行 列「数据量」") and "formula" in p for p in problems(tmp_path / "f.xlsx"))


def test_empty_sheet_and_missing_sheet(dept, tmp_path):
    book = Workbook()
    book.active.title = "目录"
    book.save(tmp_path / "empty.xlsx")
    assert any("empty" in p for p in problems(tmp_path / "empty.xlsx"))
    book = Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "other.xlsx")
    assert any("目录" in p and "missing" in p for p in problems(tmp_path / "other.xlsx"))


def test_files_that_are_not_xlsx(dept, tmp_path):
    (tmp_path / "a.csv").write_text("信息资源代码\nSX-1\n", encoding="utf-8")
    assert "not an Excel workbook" in problems(tmp_path / "a.csv")[0]
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert "cannot read this Excel file" in problems(tmp_path / "b.xlsx")[0]


def test_password_protected_workbook(dept, tmp_path):
    plain = wb.write(tmp_path / "plain.xlsx", [wb.entry_row(1, DEPT)])
    encrypted = io.BytesIO()
    with open(plain, "rb") as f:
        office = OOXMLFile(f)
        office.encrypt("secret", encrypted)
    (tmp_path / "locked.xlsx").write_bytes(encrypted.getvalue())
    assert "password-protected" in problems(tmp_path / "locked.xlsx")[0]


@pytest.mark.ckan_config("ckanext.shaoxing.catalog.max_import_rows", "2")
def test_too_many_rows_refused_before_reading(dept, tmp_path):
    path = wb.write(tmp_path / "c.xlsx", [wb.entry_row(n, DEPT) for n in (1, 2, 3)])
    assert "too many rows" in problems(path)[0] and entries_count() == 0


@pytest.mark.ckan_config("ckanext.shaoxing.catalog.max_import_bytes", "1000")
def test_too_large_file_refused(dept, tmp_path):
    path = wb.write(tmp_path / "c.xlsx", [wb.entry_row(n, DEPT) for n in (1, 2, 3)])
    assert "file too large" in problems(path)[0]
