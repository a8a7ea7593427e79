"""A load in two phases: the table answers as soon as COPY has filled it, its indexes (the
full-text column, its index, the trigram index of Chinese `q`) follow; and Chinese `q` finding
exactly the rows it found before the trigram index, for terms of every length."""
import pytest
import sqlalchemy as sa
from ckan.tests import helpers

from ckanext.shaoxing.interfaces import chinese_q, jobs
from tests.conftest import PLUGINS
from tests.interfaces.conftest import CSV, replace, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

ROWS = CSV + ("越城区柯桥路站,7,0.5,2020-02-02,2026-01-01 00:00:00\n"
              "上虞区公交总站,32,12.25,2019-12-31,2025-06-30 23:59:59\n"
              "诸暨市,,,,\n")


def status(resource_id):
    return helpers.call_action("shaoxing_datastore_status", resource_id=resource_id)


def engine():
    from ckanext.datastore.backend.postgres import get_write_engine
    return get_write_engine()


def q_index_exists(resource_id) -> bool:
    with engine().connect() as conn:
        return bool(conn.execute(sa.text("SELECT 1 FROM pg_indexes WHERE tablename = :t AND indexname = :i"),
                                 {"t": resource_id, "i": f"{resource_id}_shaoxing_q"}).scalar())


def test_the_table_answers_while_it_is_indexed_then_says_indexed(entry, monkeypatch):
    res = upload(entry["id"], "stations.csv", ROWS.encode(), "CSV")
    seen = []
    index = jobs.index

    def watched(resource_id, load_id):
        seen.append((status(resource_id), helpers.call_action("datastore_search", resource_id=resource_id),
                     helpers.call_action("datastore_search", resource_id=resource_id, q="32")))
        index(resource_id, load_id)

    monkeypatch.setattr(jobs, "index", watched)
    assert jobs.load(res["id"])["state"] == "complete"
    (answering, search, searched), = seen
    assert (answering["status"], answering["indexes"], answering["datastore_active"]) == ("complete", "indexing", True)
    assert search["total"] == 5 and {f["id"]: f["type"] for f in search["fields"]}["seats"] == "int8"
    # Non-Chinese q answers before the full-text column is filled, with the rows it finds after.
    assert searched["total"] == 2
    done = status(res["id"])
    assert (done["status"], done["indexes"], done["rows"]) == ("complete", "indexed", 5)
    assert {"check", "copy", "full_text", "indexes", "q_index"} <= set(done["seconds"])
    assert q_index_exists(res["id"])
    # the planner's statistics of the index's expression: how many rows a Chinese term matches
    with engine().connect() as conn:
        assert conn.execute(sa.text("SELECT 1 FROM pg_stats WHERE tablename = :i"),
                            {"i": f"{res['id']}_shaoxing_q"}).scalar()
    # Non-Chinese q keeps the DataStore's full-text search, on the column filled after the answer.
    assert helpers.call_action("datastore_search", resource_id=res["id"], q="32")["total"] == 2


@pytest.mark.parametrize("q", ["柯", "区", "公交", "越城区", "柯桥公交站", "城区 柯桥", "公交 32", "诸暨市", "桥区路",
                               "不存在", "站 2019-12"])
def test_chinese_q_finds_the_same_rows_as_a_substring_of_the_whole_row(entry, q):
    res = upload(entry["id"], "stations.csv", ROWS.encode(), "CSV")
    jobs.load(res["id"])
    found = helpers.call_action("datastore_search", resource_id=res["id"], q=q, sort="_id")
    # The rule before the trigram index: every term a substring of the row cast to text.
    columns = ["name", "seats", "price", "opened", "updated"]
    row = "concat_ws(' ', {})".format(", ".join(f'"{c}"::text' for c in columns))
    terms = {f"t{i}": f"%{t}%" for i, t in enumerate(q.split())}
    with engine().connect() as conn:
        expected = [r[0] for r in conn.execute(sa.text(
            f'SELECT _id FROM "{res["id"]}" WHERE ' + " AND ".join(f"{row} ILIKE :{p}" for p in terms)
            + " ORDER BY _id"), terms)]
    assert [r["_id"] for r in found["records"]] == expected
    assert found["total"] == len(expected)


def test_the_text_of_a_row_the_index_holds_is_the_rewritten_query_s():
    # The query must spell the index's expression exactly, or the planner cannot use it.
    fields = {"_id": "int4", "name": "text", "seats": "int8", "note": "text", "_full_text": "tsvector"}
    where = chinese_q.rewrite({"q": "柯桥"}, fields, {"where": []})["where"]
    assert where[0][0] == f"({chinese_q.text_of(['name', 'note'])}) ILIKE :shaoxing_q0_0"


def test_a_newer_load_queued_while_indexing_supersedes_it(entry, monkeypatch):
    res = upload(entry["id"], "stations.csv", ROWS.encode(), "CSV")
    fill = jobs._fill_full_text
    built = []

    def newer_queued(*args):
        fill(*args)
        # A newer load is queued now (enqueue records its id): this one builds nothing more.
        replace(res["id"], "stations.csv", CSV.encode(), "CSV")
        jobs.record(res["id"], "pending", {"load": "newer"})

    monkeypatch.setattr(jobs, "_fill_full_text", newer_queued)
    monkeypatch.setattr(chinese_q, "create_index", lambda *a: built.append(a))
    assert jobs.load(res["id"])["state"] == "pending"      # the newer load's state, untouched
    assert built == [] and not q_index_exists(res["id"])
    monkeypatch.undo()
    assert jobs.load(res["id"], load_id="newer")["state"] == "complete"
    done = status(res["id"])
    assert (done["indexes"], done["rows"]) == ("indexed", 2) and q_index_exists(res["id"])
    assert helpers.call_action("datastore_search", resource_id=res["id"])["total"] == 2


def test_indexing_a_killed_process_left_is_finished_by_resume(entry):
    res = upload(entry["id"], "stations.csv", ROWS.encode(), "CSV")
    jobs.load(res["id"])
    with engine().begin() as conn:         # as a process killed while indexing leaves it
        conn.execute(sa.text(f'DROP INDEX "{res["id"]}_shaoxing_q"'))
    value = jobs.current(res["id"])["value"]
    jobs.record(res["id"], "complete", {**value, "index": "indexing"})
    assert jobs.abandoned() == [res["id"]]
    # What the load resume() queues does: the same file is not loaded again; its indexes are built.
    state = jobs.load(res["id"])
    assert (state["state"], state["value"]["index"], state["value"]["run"]) == ("complete", "indexed", value["run"])
    assert q_index_exists(res["id"]) and jobs.abandoned() == []


def test_a_resource_deleted_while_its_table_is_indexed_keeps_no_table(entry, monkeypatch):
    from tests import factories
    res = upload(entry["id"], "stations.csv", ROWS.encode(), "CSV")
    index = jobs.index

    def deleted_first(resource_id, load_id):
        # The deletion does not wait for the indexing (nor stall the table's readers behind a DROP):
        # it leaves the table to the indexing, which drops it when it sees the deletion.
        helpers.call_action("resource_delete", factories.as_site(), id=resource_id)
        index(resource_id, load_id)

    monkeypatch.setattr(jobs, "index", deleted_first)
    jobs.load(res["id"])
    assert jobs.current(res["id"])["value"] == {"deleted": True}
    with engine().connect() as conn:
        assert not conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": f'"{res["id"]}"'}).scalar()
