"""Bad files: every one either checks or fails with a clear recorded reason, within bounds of
memory and time; the worker (the real `ckan jobs worker`) never dies and goes on with the next job."""
import os
import pathlib
import subprocess
import sys
import tracemalloc

import pytest
from ckan.tests import helpers

from ckanext.shaoxing.governance.checks.table import Profiler
from tests.bad_files import many_sheets, zip_bomb
from tests.conftest import PLUGINS, ROOT
from tests.governance.conftest import DAY, GOOD, ITEMS, check, entry_with, evidence

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
CHINESE = [{"field_name": "名称", "field_label": "名称", "field_type": "string"},
           {"field_name": "数量", "field_label": "数量", "field_type": "integer"}]


def chinese_csv(n=30):
    return "名称,数量\n" + "".join(f"越城区站点{i},{i}\n" for i in range(n))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_encodings_read_the_chinese_header(org, encoding):
    result = check(entry_with(org, chinese_csv().encode(encoding), data_items=CHINESE, record_count="30"))
    assert result["dimensions"]["consistency"]["evidence"] == [] and result["errors"] == []
    assert result["dimensions"]["accuracy"]["score"] == 100


def test_embedded_newlines_and_ragged_rows(org):
    data = 'name,seats,opened,region,lng,lat\n"站点\n一号",3,2021-03-01,330602,120.58,30.01\n站点2,4\n'
    result = check(entry_with(org, data, record_count="2"))
    ev = evidence(result, "consistency")
    assert "record_count" not in ev and ev["ragged"]["rows"] == [3]     # the quoted newline is one row


def test_a_nul_byte_is_a_value_not_a_crash(org):
    result = check(entry_with(org, GOOD.replace("站点1,", "站\x00点1,", 1).encode()))
    assert result["errors"] == [] and result["dimensions"]["accuracy"]["score"] == 100


def test_a_file_in_no_known_encoding_is_a_recorded_reason(org):
    result = check(entry_with(org, b"name,seats\n\xff\xfe\xfa,1\n" * 3))
    assert "UTF-8" in result["errors"][0]["en"] and not result["passed"]


def test_a_zip_bomb_renamed_xlsx_is_refused_unread(org):
    result = check(entry_with(org, zip_bomb(), filename="bomb.xlsx", fmt="XLSX"))
    assert "zip bomb" in result["errors"][0]["en"] and not result["passed"]


def test_an_xlsx_with_1000_sheets_checks_its_first(org):
    result = check(entry_with(org, many_sheets(1000), filename="many.xlsx", fmt="XLSX", record_count="1"))
    assert result["errors"] == [] and evidence(result, "consistency")["sheets"]["en"].startswith("the workbook has 1000")


@pytest.mark.ckan_config("ckanext.shaoxing.quality.max_bytes", "1000")
def test_a_file_over_the_byte_limit_is_not_read(org):
    result = check(entry_with(org, GOOD * 3))
    assert "over the check's limit of 1000" in result["errors"][0]["en"]


@pytest.mark.ckan_config("ckanext.shaoxing.quality.max_rows", "6000")
def test_a_table_over_the_row_limit_stops_with_a_reason(org):
    rows = "".join(f"站点{i},{i},2021-03-01,330602,120.58,30.01\n" for i in range(12000))
    result = check(entry_with(org, "name,seats,opened,region,lng,lat\n" + rows))
    assert "6000 rows" in result["errors"][0]["en"]


@pytest.mark.ckan_config("ckanext.shaoxing.quality.max_seconds", "0")
def test_a_check_over_its_time_limit_stops_with_a_reason(org):
    rows = "".join(f"站点{i},{i},2021-03-01,330602,120.58,30.01\n" for i in range(12000))
    result = check(entry_with(org, "name,seats,opened,region,lng,lat\n" + rows))
    assert "time limit" in result["errors"][0]["en"]


# The profiler holds at most a batch of rows and `unique_rows` row hashes. Both caps are a tenth of
# the portal's here, and so are the files (2,000 and 20,000 rows: each over the caps): the same
# proof in a tenth of the time under tracemalloc. Anything growing with the rows weighs more
# against smaller caps, not less.
CAP = 500


def _peak(n_rows: int) -> int:
    def rows():
        for i in range(n_rows):
            yield [f"站点{i}", str(i), "2021-03-01", "330602", "120.58", "30.01"]
    items = {i["field_name"]: i for i in ITEMS}
    tracemalloc.start()
    Profiler(["name", "seats", "opened", "region", "lng", "lat"], items, DAY, {"330602"}, unique_rows=CAP,
             batch=CAP).run(rows())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_the_file():
    small, large = _peak(4 * CAP), _peak(40 * CAP)
    assert large < 1.5 * small, (small, large)


def test_the_real_worker_goes_on_after_bad_files(org):
    from ckan.lib.jobs import get_queue

    from ckanext.shaoxing.governance import jobs
    bomb = entry_with(org, zip_bomb(), filename="bomb.xlsx", fmt="XLSX")
    good = entry_with(org, GOOD)
    get_queue().empty()
    for package_id in (bomb["id"], "no-such-dataset", good["id"]):
        jobs.enqueue(package_id)
    worker = subprocess.run([str(pathlib.Path(sys.executable).parent / "ckan"), "-c", str(ROOT / "test.ini"), "jobs",
                             "worker", "--burst"], cwd=ROOT, env=os.environ, capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr[-2000:]
    bad = helpers.call_action("shaoxing_quality_show", id=bomb["id"])
    assert "zip bomb" in bad["errors"][0]["en"] and not bad["passed"]
    assert helpers.call_action("shaoxing_quality_show", id=good["id"])["checked_at"] is not None
    assert get_queue().count == 0
