"""The portal's own export imported back into the same portal: nothing changes (database rows,
stored files, Solr documents, usage counts); an edited row updates that entry alone and keeps its
resources (ids, uploads, counts); resources are removed only when the import is told to."""
import hashlib
import pathlib

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.lib.search.common import make_connection
from ckan.tests import helpers
from openpyxl import load_workbook

from ckanext.shaoxing.catalog import export as exporter
from ckanext.shaoxing.catalog import layout
from ckanext.shaoxing.catalog.importer import ImportFailed, import_workbook
from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.catalog import workbook as wb
from tests.conftest import PLUGINS

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "catalog_seed"
pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
DEPT = "市交通运输局"


def counts(report) -> tuple[int, int, int, int]:
    return len(report.created), len(report.updated), len(report.unchanged), len(report.removed)


def database() -> dict:
    """Every row an import could touch, as stored."""
    out = {}
    # the activity table too: an unchanged entry records no change in its history
    for table in ("package", "resource", "package_tag", "tag", "member", "resource_view", "shaoxing_usage_daily",
                  "activity"):
        rows = model.Session.execute(sa.text(f"SELECT * FROM {table}")).mappings().all()
        out[table] = sorted(repr(sorted(dict(r).items())) for r in rows)
    return out


def storage() -> dict:
    root = pathlib.Path(helpers.config["ckan.storage_path"]) / "resources"
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in root.rglob("*") if p.is_file()}


def solr() -> dict:
    """Each document with Solr's own version stamp: any reindexing changes it."""
    conn = make_connection()
    found = conn.search("*:*", fl="id,_version_", rows=10000, fq=f"site_id:{helpers.config['ckan.site_id']}")
    return {d["id"]: d["_version_"] for d in found}


def downloads(resource_id: str) -> int:
    return helpers.call_action("shaoxing_usage_show", resource_id=resource_id)["downloads"]


def upload_resources() -> list[model.Resource]:
    return model.Session.query(model.Resource).filter(model.Resource.url_type == "upload",
                                                      model.Resource.state == "active").all()


@pytest.fixture
def seeded(cli, worlds):
    """The seed catalogue as make run loads it: departments, then catalog.xlsx with its files. Loaded
    once a session, restored for any later test."""
    return worlds("seed", lambda: _seed(cli))


def _seed(cli):
    result = cli.invoke(ckan, ["shaoxing", "seed", "--departments", str(SEED / "departments.csv"), "--no-accounts"])
    assert result.exit_code == 0, result.output
    report = import_workbook(SEED / "catalog.xlsx")
    assert report.created and not report.updated
    return report


def test_the_seeded_portals_own_export_imports_as_unchanged(seeded, app, tmp_path):
    uploads = upload_resources()
    assert len(uploads) > 200
    # counted downloads (of open entries' files: conditional ones are gated), flushed into PostgreSQL
    counted = [r.id for r in uploads if r.package.extras.get("open_level") == "unconditional"][:5]
    for rid in counted:
        res = model.Resource.get(rid)
        assert app.get(f"/dataset/{res.package_id}/resource/{res.id}/download/x", follow_redirects=False).status_code \
            in (200, 302)
    flush(reindex=False)
    model.Session.remove()
    before = (database(), storage(), solr(), [downloads(rid) for rid in counted])
    assert before[3] == [1] * 5

    exporter.write(str(tmp_path / "export.xlsx"))
    dry = import_workbook(tmp_path / "export.xlsx", dry_run=True)
    assert counts(dry) == (0, 0, len(seeded.created), 0), dry.summary()
    report = import_workbook(tmp_path / "export.xlsx")
    assert report.summary() == f"created 0, updated 0, unchanged {len(seeded.created)}, resources removed 0"
    model.Session.remove()
    assert (database(), storage(), solr(), [downloads(rid) for rid in counted]) == before


def small_catalogue(tmp_path: pathlib.Path) -> pathlib.Path:
    """Two entries: one with an uploaded file and a link, one with a file only."""
    factories.department(name="sx-transport", title=DEPT)
    files = tmp_path / "src" / "files"
    files.mkdir(parents=True)
    (files / "stops.csv").write_text("stop_id,name\n1,解放路\n", encoding="utf-8")
    (files / "lines.csv").write_text("line,name\n1,一路\n", encoding="utf-8")
    resources = [{"信息资源代码": "SX-T-0001", "资源名称": "站点", "资源类型": "文件下载", "数据格式": "CSV",
                  "资源地址": "files/stops.csv"},
                 {"信息资源代码": "SX-T-0001", "资源名称": "接口", "资源类型": "开放接口", "数据格式": "API",
                  "资源地址": "https://api.example.gov.cn/open/1"},
                 {"信息资源代码": "SX-T-0002", "资源名称": "线路", "资源类型": "文件下载", "数据格式": "CSV",
                  "资源地址": "files/lines.csv"}]
    report = import_workbook(wb.write(tmp_path / "src" / "c.xlsx", [wb.entry_row(1, DEPT), wb.entry_row(2, DEPT)],
                                      resources))
    assert counts(report) == (2, 0, 0, 0)
    return tmp_path / "src"


def resources_of(name: str) -> list[dict]:
    return helpers.call_action("package_show", id=name)["resources"]


def export_to(path: pathlib.Path, site_url: str | None = None) -> pathlib.Path:
    if site_url:
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(helpers.config, "ckan.site_url", site_url)
            exporter.write(str(path))
    else:
        exporter.write(str(path))
    return path


def edit(path: pathlib.Path, sheet: str, change) -> pathlib.Path:
    book = load_workbook(path)
    change(book[sheet])
    book.save(path)
    return path


def test_one_edited_title_updates_that_entry_and_keeps_its_resources(app, tmp_path):
    small_catalogue(tmp_path)
    before = resources_of("sx-t-0001")
    other = helpers.call_action("package_show", id="sx-t-0002")
    app.get(f"/dataset/{before[0]['package_id']}/resource/{before[0]['id']}/download/stops.csv")
    flush(reindex=False)
    stored = storage()

    path = edit(export_to(tmp_path / "export.xlsx"), layout.ENTRIES,
                lambda ws: ws.cell(row=2, column=3, value="改过的名称"))
    dry = import_workbook(path, dry_run=True)
    assert counts(dry) == (0, 1, 1, 0) and dry.updated == ["SX-T-0001"]
    assert counts(import_workbook(path)) == (0, 1, 1, 0)

    after = resources_of("sx-t-0001")
    assert helpers.call_action("package_show", id="sx-t-0001")["title"] == "改过的名称"
    assert [r["id"] for r in after] == [r["id"] for r in before]
    assert after[0]["url_type"] == "upload" and after[0]["url"] == before[0]["url"]
    assert downloads(after[0]["id"]) == 1              # the count stays with the resource
    assert app.get(after[0]["url"]).data == "stop_id,name\n1,解放路\n".encode()
    assert after[1]["url"] == "https://api.example.gov.cn/open/1" and not after[1]["url_type"]
    assert storage() == stored
    assert helpers.call_action("package_show", id="sx-t-0002")["metadata_modified"] == other["metadata_modified"]
    # and the edited export, imported again, is now unchanged
    assert counts(import_workbook(path)) == (0, 0, 2, 0)


def test_an_export_made_under_another_site_url_still_matches(tmp_path):
    small_catalogue(tmp_path)
    path = export_to(tmp_path / "export.xlsx", site_url="https://data.sx.gov.cn")
    urls = [row[4] for row in load_workbook(path)[layout.RESOURCES].values][1:]
    assert sum(u.startswith("https://data.sx.gov.cn/dataset/") for u in urls) == 2
    assert counts(import_workbook(path)) == (0, 0, 2, 0)


def test_a_removed_resource_row_is_reported_and_refused_without_the_flag(cli, tmp_path):
    small_catalogue(tmp_path)
    before = resources_of("sx-t-0001")
    path = edit(export_to(tmp_path / "export.xlsx"), layout.RESOURCES, lambda ws: ws.delete_rows(2))

    dry = import_workbook(path, dry_run=True)
    assert counts(dry) == (0, 1, 1, 1)
    assert dry.removed == [{"catalog_code": "SX-T-0001", "id": before[0]["id"], "name": "站点", "url": "stops.csv",
                            "change": "removed", "downloads": 0}]
    with pytest.raises(ImportFailed) as refused:
        import_workbook(path)
    assert "站点" in str(refused.value.problems[0]) and "--allow-resource-removal" in str(refused.value.problems[0])
    assert [r["id"] for r in resources_of("sx-t-0001")] == [r["id"] for r in before]     # nothing written

    result = cli.invoke(ckan, ["shaoxing", "catalog", "import", str(path)])
    assert result.exit_code != 0 and "站点" in result.output and "nothing was written" in result.output
    result = cli.invoke(ckan, ["shaoxing", "catalog", "import", "--allow-resource-removal", str(path)])
    assert result.exit_code == 0, result.output
    assert "resources removed 1" in result.output
    assert [r["id"] for r in resources_of("sx-t-0001")] == [before[1]["id"]]


def test_an_upload_replaced_by_a_link_needs_the_flag_too(tmp_path):
    small_catalogue(tmp_path)
    before = resources_of("sx-t-0002")
    path = edit(export_to(tmp_path / "export.xlsx"), layout.RESOURCES,
                lambda ws: ws.cell(row=4, column=5, value="https://other.example.gov.cn/lines.csv"))
    dry = import_workbook(path, dry_run=True)
    assert [(x["name"], x["change"]) for x in dry.removed] == [("线路", "upload_to_link")]
    with pytest.raises(ImportFailed):
        import_workbook(path)
    import_workbook(path, allow_resource_removal=True)
    after = resources_of("sx-t-0002")
    assert after[0]["id"] == before[0]["id"] and after[0]["url"] == "https://other.example.gov.cn/lines.csv"
    assert not after[0]["url_type"]


def test_a_changed_file_is_uploaded_again_into_the_same_resource_and_an_equal_one_is_not(app, tmp_path):
    src = small_catalogue(tmp_path)
    before = resources_of("sx-t-0001")
    stored = storage()
    assert counts(import_workbook(src / "c.xlsx")) == (0, 0, 2, 0)     # the same files: nothing to do
    assert storage() == stored

    (src / "files" / "stops.csv").write_text("stop_id,name\n1,解放路\n2,胜利路\n", encoding="utf-8")
    assert counts(import_workbook(src / "c.xlsx")) == (0, 1, 1, 0)
    after = resources_of("sx-t-0001")
    assert [r["id"] for r in after] == [r["id"] for r in before] and after[0]["url_type"] == "upload"
    assert "胜利路" in app.get(after[0]["url"]).data.decode()


def test_a_new_resource_row_adds_one_and_keeps_the_others(tmp_path):
    small_catalogue(tmp_path)
    before = resources_of("sx-t-0002")

    def add(ws):
        ws.append(["SX-T-0002", "线路接口", "开放接口", "API", "https://api.example.gov.cn/open/2", None, None])
    path = edit(export_to(tmp_path / "export.xlsx"), layout.RESOURCES, add)
    assert counts(import_workbook(path)) == (0, 1, 1, 0)
    after = resources_of("sx-t-0002")
    assert after[0]["id"] == before[0]["id"] and after[0]["url_type"] == "upload"
    assert after[1]["name"] == "线路接口"


@pytest.mark.parametrize("written, expected", [
    ("2021年3月5日", "2021-03-05"), ("2021/3/5", "2021-03-05"), ("2021.3.5", "2021-03-05"),
    ("2021-3-5", "2021-03-05"), ("２０２１－０３－０５", "2021-03-05"), (" 2021 年 3 月 5 日 ", "2021-03-05")])
def test_dates_as_chinese_workbooks_write_them(tmp_path, written, expected):
    factories.department(name="sx-transport", title=DEPT)
    import_workbook(wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT, 发布日期=written, 更新日期=written)]))
    entry = helpers.call_action("package_show", id="sx-t-0001")
    assert entry["issued"] == expected and entry["modified"] == expected


def test_full_width_codes_and_ideographic_spaces(tmp_path):
    factories.department(name="sx-transport", title=DEPT)
    row = wb.entry_row(1, DEPT, 信息资源代码="ＳＸ－ＪＴ－２０２１－０００１", 数源单位="\u3000市交通运输局\u3000",
                       数据领域="\u3000交通出行", 行政区划="绍兴市(市本级)", 数据量="１，２００",
                       联系电话="０５７５－８８８８１２３４")
    resources = [{"信息资源代码": "ＳＸ－ＪＴ－２０２１－０００１", "资源名称": "接口", "资源类型": "开放接口\u3000",
                  "数据格式": "ＡＰＩ", "资源地址": "https://api.example.gov.cn/open/1"}]
    import_workbook(wb.write(tmp_path / "c.xlsx", [row], resources))
    entry = helpers.call_action("package_show", id="sx-jt-2021-0001")
    assert entry["catalog_code"] == "SX-JT-2021-0001" and entry["organization"]["name"] == "sx-transport"
    assert entry["region_code"] == "330600" and entry["record_count"] == "1200"
    assert entry["contact_phone"] == "0575-88881234" and entry["resources"][0]["format"] == "API"
    assert entry["title"] == "测试目录1"


@pytest.mark.parametrize("value, column", [("2021年13月5日", "发布日期"), ("2021年2月30日", "发布日期"),
                                           ("去年三月", "发布日期"), ("ＳＸ＿ＪＴ＿１", "信息资源代码")])
def test_what_is_really_wrong_is_still_refused_by_name(tmp_path, value, column):
    factories.department(name="sx-transport", title=DEPT)
    with pytest.raises(ImportFailed) as e:
        import_workbook(wb.write(tmp_path / "c.xlsx", [wb.entry_row(1, DEPT, **{column: value})]))
    assert any(str(p).startswith(f"第2行 列「{column}」") for p in e.value.problems), e.value.problems
    assert model.Session.query(model.Package).count() == 0


def test_a_conditional_entrys_outside_address_is_not_in_the_public_export_and_survives_its_import(app, tmp_path):
    org = factories.department(name="sx-transport", title=DEPT)
    secret = "https://outside.example.cn/conditional/secret.csv"
    pkg = factories.entry(org, name="sx-cond", catalog_code="SX-T-0009", open_level="conditional",
                          open_condition="须签署数据安全承诺书",
                          resources=[{"url": secret, "name": "明细", "format": "CSV"}])
    body = app.get("/catalog/export.xlsx").data
    path = tmp_path / "public.xlsx"
    path.write_bytes(body)
    urls = [row[4] for row in load_workbook(path)[layout.RESOURCES].values][1:]
    rid = pkg["resources"][0]["id"]
    assert urls == [f"{helpers.config['ckan.site_url'].rstrip('/')}/dataset/{pkg['id']}/resource/{rid}/download"]
    assert b"outside.example.cn" not in body
    assert counts(import_workbook(path)) == (0, 0, 1, 0)
    assert [(r["id"], r["url"]) for r in resources_of("sx-cond")] == [(rid, secret)]
    # the CLI's (and a sysadmin's) export keeps it, so it can recreate the catalogue elsewhere
    full = export_to(tmp_path / "full.xlsx")
    assert [row[4] for row in load_workbook(full)[layout.RESOURCES].values][1:] == [secret]
