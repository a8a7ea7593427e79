"""Each dimension with a passing and a failing fixture, through the real check of an uploaded file."""
import datetime as dt
import io
import json

import openpyxl
import pytest

from ckanext.shaoxing.credit_code import check_symbol
from tests.conftest import PLUGINS
from tests.governance.conftest import DAY, GOOD, GOOD_ROWS, HEADER, check, entry_with, evidence

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def rows(*extra, base=GOOD_ROWS):
    return HEADER + "\n".join([*base, *extra]) + "\n"


def test_a_good_entry_passes_every_dimension(org):
    result = check(entry_with(org, GOOD))
    scores = {k: d["score"] for k, d in result["dimensions"].items()}
    assert scores == {k: 100 for k in scores} | {"completeness": 100}, result["dimensions"]
    assert result["passed"] and result["score"] == 100 and result["privacy"][0]["findings"] == []


def test_completeness_missing_metadata_and_empty_cells(org):
    data = rows(base=[r.replace(",330602,", ",,") if i < 10 else r for i, r in enumerate(GOOD_ROWS)])
    result = check(entry_with(org, data, data_items=[], contact_phone="", license_id="", tag_string=""))
    ev = evidence(result, "completeness")
    assert {"no_data_items", "recommended_missing", "empty_cells"} <= set(ev)
    assert ev["empty_cells"]["column"] == "region" and ev["empty_cells"]["count"] == 10
    assert result["dimensions"]["completeness"]["score"] < 90


def test_accuracy_wrong_types_future_and_old_dates_and_coordinates(org):
    bad = ["站点x,三十,2021-02-30,330602,120.6,30.0", "站点y,5,2031-01-01,330602,120.6,30.0",
           "站点z,5,1900-01-01,330602,116.4,39.9"]
    result = check(entry_with(org, rows(*bad, base=GOOD_ROWS[:37]), record_count="40"))
    ev = result["dimensions"]["accuracy"]["evidence"]
    wrong = {(e["code"], e["column"]): e for e in ev}
    assert wrong[("wrong_type", "seats")]["rows"] == [39] and wrong[("wrong_type", "seats")]["examples"] == ["三十"]
    assert wrong[("wrong_type", "opened")]["examples"] == ["2021-02-30"]          # no such day
    assert wrong[("implausible", "opened")]["rows"] == [40, 41]                    # 2031 is ahead of DAY; 1900 < 1949
    assert wrong[("implausible", "lng")]["rows"] == [41] and wrong[("implausible", "lat")]["count"] == 1
    assert result["dimensions"]["accuracy"]["score"] < 80


def test_the_future_is_told_by_the_clock(org):
    pkg = entry_with(org, rows("站点y,5,2026-07-01,330602,120.6,30.0", base=GOOD_ROWS[:39]))
    assert "implausible" in {e["code"] for e in check(pkg, day=DAY)["dimensions"]["accuracy"]["evidence"]}
    assert check(pkg, day=dt.date(2026, 7, 2))["dimensions"]["accuracy"]["evidence"] == []


def test_standardization_codes_and_formats(org):
    items = [{"field_name": "name", "field_label": "名称", "field_type": "string"},
             {"field_name": "uscc", "field_label": "统一社会信用代码", "field_type": "credit_code"}]
    good = "91330602MA2D7XYB1" + check_symbol("91330602MA2D7XYB1")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    data = f"name,uscc\n甲公司,{good}\n乙公司,{wrong}\n"
    result = check(entry_with(org, data, data_items=items, record_count="2"))
    ev = evidence(result, "standardization")
    assert ev["nonstandard_code"]["column"] == "uscc" and ev["nonstandard_code"]["count"] == 1
    pdf = entry_with(org, b"%PDF-1.4", filename="report.pdf", fmt="PDF", data_items=[], record_count="")
    assert "closed_format" in evidence(check(pdf), "standardization")


def test_consistency_header_record_count_ragged_and_mixed(org):
    data = "name,seats,opened,region,lng,extra\n" + "\n".join(GOOD_ROWS[:30]) + "\n站点99,1,2021-01-01\n"
    result = check(entry_with(org, data, record_count="40"))
    ev = evidence(result, "consistency")
    assert {"header_missing", "header_extra", "record_count", "ragged"} <= set(ev)
    assert ev["ragged"]["rows"] == [32]
    mixed = "code,n\n" + "\n".join(f"c{i},{i}" for i in range(30)) + "\nc99,无\n"
    result = check(entry_with(org, mixed, data_items=[], record_count="31"))
    assert evidence(result, "consistency")["mixed_types"]["column"] == "n"


def test_uniqueness_duplicate_rows_and_keys(org):
    result = check(entry_with(org, rows(GOOD_ROWS[0], GOOD_ROWS[1], base=GOOD_ROWS[:38])))
    ev = evidence(result, "uniqueness")
    assert ev["duplicate_rows"]["count"] == 2 and ev["duplicate_rows"]["rows"] == [40, 41]
    assert ev["duplicate_keys"]["column"] == "name"
    assert result["dimensions"]["uniqueness"]["score"] < 80 and not result["passed"]


def test_relatedness_unknown_region_codes(org):
    result = check(entry_with(org, rows("站点y,5,2021-01-01,110101,120.6,30.0", base=GOOD_ROWS[:39])))
    ev = evidence(result, "relatedness")
    assert ev["unknown_codes"]["examples"] == ["110101"]


def test_timeliness_a_monthly_entry_unchanged_for_90_days_is_late(org):
    pkg = entry_with(org, GOOD, modified="2026-03-17")
    assert check(pkg, day=dt.date(2026, 4, 1))["dimensions"]["timeliness"]["score"] == 100
    late = check(pkg, day=dt.date(2026, 6, 15))                 # 90 days later
    assert late["dimensions"]["timeliness"]["score"] == 0 and not late["passed"]
    assert evidence(late, "timeliness")["late"]["count"] == 90
    ahead = check(pkg, day=dt.date(2026, 3, 1))                 # modified lies in the future
    assert "future_date" in evidence(ahead, "timeliness")


# The link's server is on loopback, which links may point at only through the allowlist.
@pytest.mark.ckan_config("ckanext.shaoxing.outbound.allow", "127.0.0.1")
def test_accessibility_a_dead_link_on_a_closed_local_port(org):
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()                                    # nothing listens there now
    from tests import factories
    from tests.governance.conftest import COMPLETE
    pkg = factories.entry(org, **COMPLETE, resources=[{"url": f"http://127.0.0.1:{port}/gone.csv", "name": "gone.csv",
                                                       "format": "CSV"}])
    result = check(pkg)
    assert evidence(result, "accessibility")["unreachable"]["resource"] == "gone.csv"
    assert result["dimensions"]["accessibility"]["score"] == 0 and not result["passed"]


def test_xlsx_and_json_are_checked_too(org):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for r in GOOD_ROWS:
        sheet.append(r.split(","))
    sheet.append(GOOD_ROWS[0].split(","))
    out = io.BytesIO()
    book.save(out)
    result = check(entry_with(org, out.getvalue(), filename="s.xlsx", fmt="XLSX", record_count="41"))
    assert evidence(result, "uniqueness")["duplicate_rows"]["count"] == 1
    data = [dict(zip(HEADER.strip().split(","), r.split(","))) for r in GOOD_ROWS[:5]]
    data[0]["seats"] = "多"
    result = check(entry_with(org, json.dumps(data, ensure_ascii=False), filename="s.json", fmt="JSON", record_count="5"))
    assert {e["column"] for e in result["dimensions"]["accuracy"]["evidence"]} == {"seats"}


@pytest.mark.ckan_config("ckanext.shaoxing.quality.threshold", "99")
@pytest.mark.ckan_config("ckanext.shaoxing.quality.weights", "timeliness:1")
def test_weights_and_threshold_are_configured(org):
    pkg = entry_with(org, rows(GOOD_ROWS[0], base=GOOD_ROWS[:39]))     # a duplicate: uniqueness < 100
    result = check(pkg)
    assert result["dimensions"]["timeliness"]["weight"] == 1.0 and result["score"] == 100    # over the threshold
    # Uniqueness weighs nothing here, yet one dimension under the floor (60) fails the entry.
    assert result["dimensions"]["uniqueness"]["score"] == 56 and result["passed"] is False
    assert check(pkg, day=DAY + dt.timedelta(days=200))["score"] == 0


@pytest.mark.ckan_config("ckanext.shaoxing.quality.weights", "timeliness:1 uniqueness:1")
@pytest.mark.ckan_config("ckanext.shaoxing.quality.dimension_floor", "50")
@pytest.mark.parametrize("passed", [
    pytest.param(True, marks=pytest.mark.ckan_config("ckanext.shaoxing.quality.threshold", "78"), id="threshold 78"),
    pytest.param(False, marks=pytest.mark.ckan_config("ckanext.shaoxing.quality.threshold", "79"), id="threshold 79")])
def test_over_the_floor_the_threshold_decides(org, passed):
    result = check(entry_with(org, rows(GOOD_ROWS[0], base=GOOD_ROWS[:39])))       # uniqueness 56, timeliness 100
    assert result["score"] == 78 and result["passed"] is passed
