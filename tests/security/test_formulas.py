"""Finding 6: text typed by users that begins with =, +, -, @, a tab or a carriage return is
written into every workbook the portal serves as a text cell (never a formula), exactly as stored."""
import io

import pytest
from ckan.tests import helpers
from openpyxl import load_workbook

from ckanext.shaoxing import clock, spreadsheet
from tests import factories
from tests.conftest import PLUGINS
from tests.contest.conftest import at, call, world  # noqa: F401  (world: the contest fixture)
from tests.interfaces.conftest import upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

FORMULA_LIKE = ("=1+1", "+x", "-y", "@z", "\tq", "\rr", '=HYPERLINK("http://evil.example","x")')


def texts(data: bytes) -> list[str]:
    """Every string cell of the workbook; fails if any cell is a formula."""
    book = load_workbook(io.BytesIO(data))
    formulas = [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert not formulas, formulas
    return [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_catalogue_export_writes_titles_abstracts_and_departments_as_text(app):
    org = factories.department(name="sx-formula", title="=cmd|' /C calc'!A0")
    for n, text in enumerate(FORMULA_LIKE[:4], start=1):
        factories.entry(org, name=f"f{n}", title=text, notes=text)
    factories.entry(org, name="tab", title="制表", notes="\tq")
    cells = texts(app.get("/catalog/export.xlsx").data)
    assert "=cmd|' /C calc'!A0" in cells and "\tq" in cells
    assert set(FORMULA_LIKE[:4]) <= set(cells)


def test_targets_workbook_writes_department_names_as_text(app):
    year = clock.today().year - 1
    org = factories.department(name="sx-formula", title="=1+1")
    factories.entry(org, issued=f"{year}-01-05")
    cells = texts(app.get("/targets.xlsx", query_string={"year": str(year)}).data)
    assert "=1+1" in cells


def test_contest_results_workbook_writes_entry_titles_as_text(app, world):  # noqa: F811
    with at("registration"):
        t = call("contest_team_register", world["leader"], contest_id="sx-2030", name="@队", track="transport",
                 entrant_type="enterprise", organization_name="越城科技")
    with at("preliminary"):
        s = call("contest_submission_create", world["leader"], team_id=t["id"], phase="preliminary",
                 title="=1+1", dataset_ids=[world["datasets"][0]["id"]])
    call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user=world["judge"])
    with at("preliminary_judging"):
        call("contest_score_submit", world["judge"], submission_id=s["id"],
             scores={c: 80 for c in ("innovation", "data_use", "value", "technical", "presentation")})
    with at("after"):
        call("contest_results_publish", world["admin"], contest_id="sx-2030",
             awards=[{"submission_id": s["id"], "award": "first"}])
    cells = texts(app.get("/contest/sx-2030/results.xlsx").data)
    assert "=1+1" in cells and "@队" in cells


def test_datastore_xlsx_dump_writes_cells_as_text_exactly_as_the_table_holds_them(app):
    from ckanext.shaoxing.interfaces import jobs
    org = factories.department(name="sx-formula", title="测试单位")
    pkg = factories.entry(org, data_items=[{"field_name": "name", "field_label": "名称", "field_type": "string"}])
    body = "name\n" + "".join('"' + t.replace('"', '""') + '"\n' for t in FORMULA_LIKE)
    table = upload(pkg["id"], "t.csv", body.encode(), "CSV")
    assert jobs.load(table["id"])["state"] == "complete"
    held = [r["name"] for r in helpers.call_action("datastore_search", resource_id=table["id"])["records"]]
    assert "=1+1" in held and '=HYPERLINK("http://evil.example","x")' in held
    cells = texts(app.get(f"/datastore/dump/xlsx/{table['id']}").data)
    assert cells[1:] == held


def test_csv_text_follows_the_owasp_rule_and_leaves_other_text_alone():
    assert [spreadsheet.csv_text(t) for t in FORMULA_LIKE] == ["'" + t for t in FORMULA_LIKE]
    assert spreadsheet.csv_text("绍兴 =1") == "绍兴 =1" and spreadsheet.csv_text(None) == ""
