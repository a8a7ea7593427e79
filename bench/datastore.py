"""Benchmark: the DataStore — loading and serving.

Loading: a generated 200,000-row, 20-column CSV (Chinese text, integers, decimals, dates, as the
entry's data items declare them) through the plugin's checked load (`ckan shaoxing datastore load`:
the whole file read and checked, then xloader's COPY — the table answers — then the full-text
column, its index and the trigram index of Chinese `q`) vs `psql \\copy` of the same file into a
plain table of the same column types on the same PostgreSQL. Reports until the table answers
(goal ≤ 3×) and until it is fully indexed (goal ≤ 6×), for the command (its start paid) and for
the job in a running `ckan jobs worker` (a second resource of the same file, polled for its
state), seconds, rows/s, peak memory and the ratios.

Serving: `datastore_search` (limit 100, one filter) through a 2-worker portal vs the same query
sent straight to PostgreSQL with psycopg2 from the same client process (the rows and the total,
as datastore_search returns them); also the interface endpoint /api/open/<code>/1, and a
Chinese `q` (a substring match over the row) of 1, 2, 3 and 5 characters vs its SQL sent direct
and vs the SQL before the trigram index (the whole row cast to text). Reports median, p99 and
the ratios.

    make bench BENCH=datastore   (options: --rows N --requests N --rounds N)
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time

import psutil
import psycopg2
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import CKAN, ckan_cli, reset, serve, solr_core, timed  # noqa: E402

TYPES = ["string", "integer", "decimal", "date", "string"] * 4      # 20 columns
PG_TYPES = {"string": "text", "integer": "int8", "decimal": "numeric", "date": "date"}
DISTRICTS = ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"]
# Chinese q by term length. The generated text repeats: 1, 2, 3 and 5 characters match most
# rows (each row names several districts' stations); 6, the term of this bench's earlier runs,
# matches 111 rows.
Q_TERMS = {1: "柯", 2: "站点", 3: "柯桥区", 5: "越城区站点", 6: "站点1999"}


def worker_load(portal: str, h: dict, path: pathlib.Path) -> dict:
    """The same file as a second resource, loaded by a running `ckan jobs worker` (its start not
    paid): seconds from the load's recorded start until its state says answering, then indexed,
    polled every 20 ms."""
    worker = subprocess.Popen([*CKAN, "jobs", "worker"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=os.environ)
    try:
        time.sleep(8)       # the worker's start, before the load is queued
        with open(path, "rb") as f:
            rid = requests.post(f"{portal}/api/3/action/resource_create", headers=h,
                                data={"package_id": "bench-ds", "name": "bench2.csv", "format": "CSV"},
                                files={"upload": ("bench2.csv", f)}).json()["result"]["id"]
        seen: dict = {}
        deadline = time.time() + 600
        while "indexed" not in seen and time.time() < deadline:
            st = requests.post(f"{portal}/api/3/action/shaoxing_datastore_status", headers=h,
                               json={"resource_id": rid}).json()["result"]
            now = dt.datetime.utcnow()
            if st["status"] == "complete":
                seen.setdefault("answering", now)
                seen.setdefault("started", dt.datetime.fromisoformat(st["started"]))
                if st["indexes"] == "indexed":
                    seen["indexed"] = now
            time.sleep(0.02)
        assert "indexed" in seen, "the worker did not finish the load"
        r = requests.post(f"{portal}/api/3/action/datastore_search", json={"resource_id": rid, "limit": 1}).json()
        assert r["result"]["total"] > 0
        return {"answering_s": round((seen["answering"] - seen["started"]).total_seconds(), 2),
                "indexed_s": round((seen["indexed"] - seen["started"]).total_seconds(), 2), "steps_s": st["seconds"]}
    finally:
        worker.terminate()
        worker.wait(30)


def generate(path: pathlib.Path, rows: int) -> None:
    rnd = random.Random(8)
    day0 = dt.date(2020, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"c{i:02d}" for i in range(len(TYPES))])
        for n in range(rows):
            row = []
            for i, t in enumerate(TYPES):
                if t == "string":
                    row.append(DISTRICTS[rnd.randrange(6)] if i == 0 else f"{DISTRICTS[(n + i) % 6]}站点{n}")
                elif t == "integer":
                    row.append(rnd.randrange(10**6))
                elif t == "decimal":
                    row.append(f"{rnd.random() * 1000:.2f}")
                else:
                    row.append((day0 + dt.timedelta(days=rnd.randrange(2000))).isoformat())
            w.writerow(row)


def psql_copy(path: pathlib.Path, searchable: bool = False) -> tuple[float, int]:
    """`psql \\copy` of the file into a plain table of the same types. `searchable`: then, in the
    same psql, the work the DataStore's `q` needs and a bare table lacks: the full-text column
    (to_tsvector of every row) and its GiST index (the DataStore's default: no per-column text
    index, ckan.datastore.default_fts_index_field_types is empty) — the floor of any loader that
    gives the DataStore's search."""
    url = os.environ["CKAN_DATASTORE_WRITE_URL"]
    cols = ", ".join(f"c{i:02d} {PG_TYPES[t]}" for i, t in enumerate(TYPES))
    psql = "/usr/lib/postgresql/15/bin/psql"
    subprocess.run([psql, url, "-qc", f"DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy ({cols}"
                    + (", _full_text tsvector)" if searchable else ")")], check=True)
    script = [f"\\copy bench_copy ({', '.join(f'c{i:02d}' for i in range(len(TYPES)))}) "
              f"FROM '{path}' WITH (FORMAT csv, HEADER true)"]
    if searchable:
        text = " || ' ' || ".join(f"coalesce(c{i:02d}::text, '')" for i in range(len(TYPES)))
        script += [f"UPDATE bench_copy SET _full_text = to_tsvector({text})",
                   "CREATE INDEX ON bench_copy USING gist(_full_text)"]
    started = time.perf_counter()
    child = psutil.Popen([psql, url, "-q", "-v", "ON_ERROR_STOP=1", *[a for c in script for a in ("-c", c)]])
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, child.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    assert child.returncode == 0
    subprocess.run([psql, url, "-qc", "DROP TABLE bench_copy"], check=True)
    return seconds, peak // 2**20


def stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"requests": len(values), "median_ms": round(statistics.median(values), 3),
            "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200, help="per kind per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--loading-only", action="store_true")
    args = parser.parse_args()
    summary: dict = {}
    with solr_core("ckan_bench_datastore"), tempfile.TemporaryDirectory() as tmp:
        token = reset()
        path = pathlib.Path(tmp) / "bench.csv"
        generate(path, args.rows)
        summary["file_mb"] = round(path.stat().st_size / 2**20, 1)
        with serve(int(os.environ.get("SHAOXING_CKAN_PORT", "15000")) + 4, {"ckan.max_resource_size": "1000"}) as portal:
            h = {"Authorization": token}
            items = [{"field_name": f"c{i:02d}", "field_label": f"列{i}", "field_type": t} for i, t in enumerate(TYPES)]
            r = requests.post(f"{portal}/api/3/action/package_create", headers=h, json={
                "name": "bench-ds", "title": "数据存储基准", "catalog_code": "BENCH-DS-1", "notes": "基准",
                "owner_org": "sx-data-bureau", "domain": "transport", "open_level": "unconditional",
                "update_frequency": "static", "region_code": "330600", "data_items": items,
                "resources": [{"url": "https://data.sx.gov.cn/api/open/BENCH-DS-1/1", "name": "接口",
                               "format": "API", "interface_type": "open_api"}]}).json()
            assert r["success"], r
            with open(path, "rb") as f:
                res = requests.post(f"{portal}/api/3/action/resource_create", headers=h,
                                    data={"package_id": "bench-ds", "name": "bench.csv", "format": "CSV"},
                                    files={"upload": ("bench.csv", f)}).json()
            assert res["success"], res
            rid = res["result"]["id"]
            seconds, peak, out = ckan_cli("shaoxing", "datastore", "load", rid, "--force")
            assert "complete" in out, out
            status = requests.post(f"{portal}/api/3/action/shaoxing_datastore_status", headers=h,
                                   json={"resource_id": rid}).json()["result"]
            assert status["indexes"] == "indexed", status
            steps = status["seconds"]
            # The command runs both phases in turn: it answered when the index steps began (the
            # two indexes are built side by side).
            answering = seconds - (steps.get("full_text", 0) + max(steps.get("indexes", 0), steps.get("q_index", 0))
                                   + steps.get("statistics", 0))
            in_worker = worker_load(portal, h, path)
            copy_s, copy_peak = psql_copy(path)
            floor_s, _ = psql_copy(path, searchable=True)
            summary["loading"] = {
                "loader": {"answering_s": round(answering, 2), "indexed_s": round(seconds, 2),
                           "rows_per_s": round(args.rows / answering), "peak_mb": peak, "steps_s": steps},
                "job_in_worker": in_worker,
                "psql_copy": {"seconds": round(copy_s, 2), "rows_per_s": round(args.rows / copy_s), "peak_mb": copy_peak},
                "ratio_answering": round(answering / copy_s, 2), "ratio_indexed": round(seconds / copy_s, 2),
                "worker_ratio_answering": round(in_worker["answering_s"] / copy_s, 2),
                "worker_ratio_indexed": round(in_worker["indexed_s"] / copy_s, 2),
                "psql_copy_with_full_text_and_indexes": {"seconds": round(floor_s, 2)},
                "ratio_indexed_to_that": round(seconds / floor_s, 2)}
            print(json.dumps(summary["loading"]), flush=True)
            if args.loading_only:
                print(json.dumps(summary, indent=1, ensure_ascii=False))
                return

            # Serving: the same filtered page of 100 rows three ways, alternating in rounds.
            body = {"resource_id": rid, "limit": 100, "filters": {"c00": "柯桥区"}}
            conn = psycopg2.connect(os.environ["CKAN_DATASTORE_READ_URL"])
            conn.autocommit = True
            cur = conn.cursor()

            def direct():
                cur.execute(f'SELECT * FROM "{rid}" WHERE c00 = %s LIMIT 100', ("柯桥区",))
                cur.fetchall()
                cur.execute(f'SELECT count(*) FROM "{rid}" WHERE c00 = %s', ("柯桥区",))
                cur.fetchone()

            with requests.Session() as s:
                def portal_search():
                    r = s.post(f"{portal}/api/3/action/datastore_search", json=body)
                    assert r.status_code == 200 and len(r.json()["result"]["records"]) == 100

                def interface():
                    r = s.get(f"{portal}/api/open/BENCH-DS-1/1", params={"filters": json.dumps({"c00": "柯桥区"})})
                    assert r.status_code == 200 and len(r.json()["result"]["records"]) == 100

                # A Chinese q matches substrings (chinese_q.py): of the text columns (the trigram
                # index's expression) since the index; before it, of the whole row cast to text.
                row = "concat_ws(' ', " + ", ".join(f"c{i:02d}::text" for i in range(len(TYPES))) + ")"
                text = " || ' ' || ".join(f"coalesce(c{i:02d}, '')" for i, t in enumerate(TYPES) if t == "string")

                def chinese_q(term, **sort):
                    # no sort: the DataStore orders a q's rows by their full-text rank, computed for
                    # every matching row; sort=_id reads the first rows only
                    def call():
                        r = s.post(f"{portal}/api/3/action/datastore_search",
                                   json={"resource_id": rid, "q": term, **sort})
                        assert r.status_code == 200 and r.json()["result"]["total"] > 0
                    return call

                def chinese_q_direct(term, expression):
                    def call():
                        cur.execute(f'SELECT * FROM "{rid}" WHERE ({expression}) ILIKE %s LIMIT 100', (f"%{term}%",))
                        cur.fetchall()
                        cur.execute(f'SELECT count(*) FROM "{rid}" WHERE ({expression}) ILIKE %s', (f"%{term}%",))
                        cur.fetchone()
                    return call

                # what each term's answer says of its total (exact, or estimated above the threshold)
                summary["chinese_q_totals"] = {}
                for n, term in Q_TERMS.items():
                    r = s.post(f"{portal}/api/3/action/datastore_search", json={"resource_id": rid, "q": term}).json()
                    cur.execute(f'SELECT count(*) FROM "{rid}" WHERE ({text}) ILIKE %s', (f"%{term}%",))
                    summary["chinese_q_totals"][term] = {"total": r["result"]["total"], "exact": cur.fetchone()[0],
                                                         "estimated": r["result"].get("total_was_estimated", False)}
                kinds = {"datastore_search": portal_search, "interface": interface, "psycopg2": direct}
                for n, term in Q_TERMS.items():
                    kinds[f"chinese_q_{n}"] = chinese_q(term)
                    kinds[f"chinese_q_{n}_by_id"] = chinese_q(term, sort="_id")
                    kinds[f"chinese_q_{n}_psycopg2"] = chinese_q_direct(term, text)
                    kinds[f"chinese_q_{n}_before"] = chinese_q_direct(term, row)
                times = {k: [] for k in kinds}
                for k, fn in kinds.items():
                    timed(fn, 1 if k.startswith("chinese") else 5)          # warm
                for _ in range(args.rounds):
                    for k, fn in kinds.items():
                        # the full scans of "before" fewer times
                        times[k] += timed(fn, args.requests // (40 if k.endswith("before") else
                                                                10 if k.startswith("chinese") else 1))
            conn.close()
            serving = {k: stats(v) for k, v in times.items()}
            base = serving["psycopg2"]
            for k, b in (("datastore_search", base), ("interface", base),
                         *((f"chinese_q_{n}{by}", serving[f"chinese_q_{n}_psycopg2"]) for n in Q_TERMS
                           for by in ("", "_by_id"))):
                serving[k]["ratio_median"] = round(serving[k]["median_ms"] / b["median_ms"], 1)
                serving[k]["ratio_p99"] = round(serving[k]["p99_ms"] / b["p99_ms"], 1)
            for n in Q_TERMS:
                serving[f"chinese_q_{n}"]["ratio_median_to_before"] = round(
                    serving[f"chinese_q_{n}"]["median_ms"] / serving[f"chinese_q_{n}_before"]["median_ms"], 2)
            summary["serving"] = serving
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/datastore.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
