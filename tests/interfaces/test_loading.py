"""Loading files into the DataStore: encodings, formats, declared types and Chinese labels, and
every file that cannot be loaded keeping the table loaded before with a recorded reason."""
import io
import json
import time
import uuid

import openpyxl
import pytest
from ckan.tests import helpers

from ckanext.shaoxing.interfaces import jobs
from tests.bad_files import zip_bomb
from tests.conftest import PLUGINS
from tests.interfaces.conftest import CSV, replace, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def records(resource_id):
    return helpers.call_action("datastore_search", resource_id=resource_id, sort="_id")


def status(resource_id):
    return helpers.call_action("shaoxing_datastore_status", resource_id=resource_id)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding_loads_with_correct_chinese_and_declared_types(entry, encoding):
    res = upload(entry["id"], "stations.csv", CSV.encode(encoding), "CSV")
    assert jobs.load(res["id"])["state"] == "complete"
    result = records(res["id"])
    assert [r["name"] for r in result["records"]] == ["越城区公交站", "柯桥公交站"]
    types = {f["id"]: f["type"] for f in result["fields"]}
    assert types == {"_id": "int", "name": "text", "seats": "int8", "price": "numeric", "opened": "date",
                     "updated": "timestamp"}
    assert result["records"][0]["seats"] == 32 and result["records"][0]["opened"].startswith("2021-03-05")
    labels = {f["id"]: f.get("info", {}).get("label") for f in helpers.call_action(
        "datastore_info", id=res["id"])["fields"]}
    assert labels["seats"] == "座位数" and labels["opened"] == "开通日期"
    assert helpers.call_action("resource_show", id=res["id"])["datastore_active"] is True
    assert status(res["id"])["status"] == "complete" and status(res["id"])["rows"] == 2


def test_a_declared_number_filters_and_sorts_as_a_number(entry):
    res = upload(entry["id"], "stations.csv", (CSV + "诸暨站,100,3,2023-05-01,2026-01-01 00:00:00\n").encode(), "CSV")
    jobs.load(res["id"])
    result = helpers.call_action("datastore_search", resource_id=res["id"], sort="seats desc")
    assert [r["seats"] for r in result["records"]] == [100, 40, 32]   # as text, "40" > "100"


def test_xlsx_first_sheet_loads(entry):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "seats", "price", "opened", "updated"])
    import datetime as dt
    sheet.append(["越城区公交站", 32, 2.5, dt.date(2021, 3, 5), dt.datetime(2026, 11, 19, 15, 33)])
    out = io.BytesIO()
    book.save(out)
    res = upload(entry["id"], "stations.xlsx", out.getvalue(), "XLSX")
    state = jobs.load(res["id"])
    assert state["state"] == "complete", state
    rec = records(res["id"])["records"][0]
    assert rec["name"] == "越城区公交站" and rec["seats"] == 32 and rec["opened"].startswith("2021-03-05")


def test_json_array_of_flat_objects_loads(entry):
    data = [{"name": "越城区公交站", "seats": 32, "price": 2.5, "opened": "2021-03-05", "updated": "2026-11-19 15:33:00"},
            {"name": "柯桥公交站", "seats": 40, "price": 1, "opened": "2022-01-01", "updated": None}]
    res = upload(entry["id"], "stations.json", json.dumps(data, ensure_ascii=False).encode(), "JSON")
    assert jobs.load(res["id"])["state"] == "complete"
    assert [r["seats"] for r in records(res["id"])["records"]] == [32, 40]


BAD = {
    "ragged": ("stations.csv", b"name,seats\nA,1\nB,2,3\n", "CSV", ("第3行有 3 列", "row 3 has 3 columns")),
    "bad date": ("stations.csv", "name,opened\n越城,2021-02-30\n".encode(), "CSV", ("不是日期", "is not a date")),
    "empty": ("stations.csv", b"", "CSV", ("文件为空", "the file is empty")),
    "bad number": ("stations.csv", "name,seats\n越城,三十\n".encode(), "CSV", ("不是整数", "is not a whole number")),
    "zip bomb": ("stations.xlsx", None, "XLSX", ("压缩炸弹", "zip bomb")),
    "not json": ("stations.json", b'{"a": [1, 2', "JSON", ("JSON", "JSON")),
    "nested json": ("stations.json", b'[{"name": {"x": 1}}]', "JSON", ("不是简单值", "not a flat value")),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_file_that_cannot_be_loaded_keeps_the_old_table_and_says_why(app, entry, case):
    res = upload(entry["id"], "stations.csv", CSV.encode(), "CSV")
    assert jobs.load(res["id"])["state"] == "complete"
    filename, data, fmt, (zh, en) = BAD[case]
    replace(res["id"], filename, zip_bomb() if data is None else data, fmt)
    state = jobs.load(res["id"])
    assert state["state"] == "error"
    st = status(res["id"])
    assert st["status"] == "error" and zh in st["error_zh"] and en in st["error_en"]
    assert st["datastore_active"] is True and st["kept_previous"] is True
    assert [r["name"] for r in records(res["id"])["records"]] == ["越城区公交站", "柯桥公交站"]   # the old table
    page = app.get(f"/dataset/{entry['name']}/resource/{res['id']}").get_data(as_text=True)
    assert zh in page


def test_the_worker_job_never_raises(entry):
    res = upload(entry["id"], "stations.csv", b"", "CSV")
    jobs.job(res["id"])          # recorded, not raised
    assert status(res["id"])["status"] == "error"


@pytest.mark.parametrize("queued_ago", [0, 60])     # queued just now (retried), or long ago
def test_a_load_whose_resource_is_never_found_is_recorded_as_failed(monkeypatch, queued_ago):
    monkeypatch.setattr(jobs, "RETRY_DELAYS", (0, 0, 0))
    rid = str(uuid.uuid4())
    jobs.record(rid, "pending")            # as enqueue leaves it
    jobs.job(rid, time.time() - queued_ago)
    state = jobs.current(rid)
    assert state["state"] == "error"
    assert (state["error"]["zh"], state["error"]["en"]) == jobs.NOT_FOUND
    assert state["error"]["message"] == " / ".join(jobs.NOT_FOUND)


def test_a_pending_or_running_load_shows_on_the_resource_page(app, entry):
    res = upload(entry["id"], "stations.csv", CSV.encode(), "CSV")
    jobs.record(res["id"], "running", {"run": "x"})
    page = app.get(f"/dataset/{entry['name']}/resource/{res['id']}").get_data(as_text=True)
    assert 'data-state="running"' in page


def test_creating_a_resource_queues_its_load(entry):
    res = upload(entry["id"], "stations.csv", CSV.encode(), "CSV")
    assert status(res["id"])["status"] == "pending"
    from ckan.lib.jobs import get_queue
    assert any(j.args[0] == res["id"] for j in get_queue().jobs)


def test_a_new_upload_under_the_same_name_queues_a_load(entry):
    from ckan.lib.jobs import get_queue
    res = upload(entry["id"], "stations.csv", CSV.encode(), "CSV")
    jobs.load(res["id"])
    get_queue().empty()
    replace(res["id"], "stations.csv", (CSV + "诸暨站,100,3,2023-05-01,2026-01-01 00:00:00\n").encode(), "CSV")
    assert status(res["id"])["status"] == "pending"
    # one load (the quality check of its dataset is queued beside it)
    assert [j.args[0] for j in get_queue().jobs if j.func_name.endswith("interfaces.jobs.job")] == [res["id"]]
    get_queue().empty()
    jobs.load(res["id"])
    assert len(records(res["id"])["records"]) == 3


def test_load_all_missing_takes_up_again_a_load_lost_with_its_process(entry):
    # A load killed mid-way stays "running"; once older than a job may run it is loaded again,
    # a load running now is left to its process.
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import sqlalchemy as sa

    from ckanext.shaoxing.interfaces.cli import _tabular_resources
    lost, live, done = (upload(entry["id"], f"{n}.csv", CSV.encode(), "CSV") for n in ("lost", "live", "done"))
    for res in (lost, live, done):
        jobs.load(res["id"])
    jobs.record(lost["id"], "running", {"run": "killed"})
    jobs.record(live["id"], "running", {"run": "now"})
    with model.meta.engine.begin() as conn:
        conn.execute(sa.text("UPDATE task_status SET last_updated = last_updated - make_interval(secs => :s) "
                             "WHERE entity_id = :id"), {"s": int(tk.config.get("ckanext.xloader.job_timeout")) + 60,
                                                        "id": lost["id"]})
    todo = _tabular_resources(missing=True)
    assert lost["id"] in todo and live["id"] not in todo and done["id"] not in todo
    assert {lost["id"], live["id"], done["id"]} <= set(_tabular_resources(missing=False))
