"""Benchmark: the DataStore — loading and serving.

Loading: a generated 200,000-row, 20-column CSV (Chinese text, integers, decimals, dates, as the
entry's data items declare them) through the plugin's checked load (`ckan shaoxing datastore load`:
the whole file read and checked, then xloader's COPY, full-text and column indexes) vs `psql \\copy`
of the same file into a plain table of the same column types on the same PostgreSQL. Reports
seconds, rows/s, peak memory and the ratio (goal ≤ 3×).

Serving: `datastore_search` (limit 100, one filter) through a 2-worker portal vs the same query
sent straight to PostgreSQL with psycopg2 from the same client process (the rows and the total,
as datastore_search returns them); also the interface endpoint /api/open/<code>/1, and a
Chinese `q` (a substring match over the row) vs its SQL sent direct. Reports median, p99 and
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

from bench.stack import ckan_cli, reset, serve, solr_core, timed  # noqa: E402

TYPES = ["string", "integer", "decimal", "date", "string"] * 4      # 20 columns
PG_TYPES = {"string": "text", "integer": "int8", "decimal": "numeric", "date": "date"}
DISTRICTS = ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"]


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
        with serve(15004, {"ckan.max_resource_size": "1000"}) as portal:
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
            steps = requests.post(f"{portal}/api/3/action/shaoxing_datastore_status", headers=h,
                                  json={"resource_id": rid}).json()["result"]
            copy_s, copy_peak = psql_copy(path)
            floor_s, _ = psql_copy(path, searchable=True)
            summary["loading"] = {
                "loader": {"seconds": round(seconds, 2), "rows_per_s": round(args.rows / seconds), "peak_mb": peak,
                           "steps_s": steps.get("seconds")},
                "psql_copy": {"seconds": round(copy_s, 2), "rows_per_s": round(args.rows / copy_s), "peak_mb": copy_peak},
                "ratio": round(seconds / copy_s, 2),
                "psql_copy_with_full_text_and_indexes": {"seconds": round(floor_s, 2)},
                "ratio_to_that": round(seconds / floor_s, 2)}
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

                # A Chinese q matches substrings (chinese_q.py): it reads the rows, the same SQL direct.
                row = "concat_ws(' ', " + ", ".join(f"c{i:02d}::text" for i in range(len(TYPES))) + ")"

                def chinese_q():
                    r = s.post(f"{portal}/api/3/action/datastore_search", json={"resource_id": rid, "q": "站点1999"})
                    assert r.status_code == 200 and r.json()["result"]["total"] > 0

                def chinese_q_direct():
                    cur.execute(f'SELECT * FROM "{rid}" WHERE {row} ILIKE %s LIMIT 100', ("%站点1999%",))
                    cur.fetchall()
                    cur.execute(f'SELECT count(*) FROM "{rid}" WHERE {row} ILIKE %s', ("%站点1999%",))
                    cur.fetchone()

                kinds = {"datastore_search": portal_search, "interface": interface, "psycopg2": direct,
                         "chinese_q": chinese_q, "chinese_q_psycopg2": chinese_q_direct}
                times = {k: [] for k in kinds}
                for fn in kinds.values():
                    timed(fn, 5)          # warm
                for _ in range(args.rounds):
                    for k, fn in kinds.items():
                        times[k] += timed(fn, args.requests // (10 if k.startswith("chinese") else 1))
            conn.close()
            serving = {k: stats(v) for k, v in times.items()}
            base = serving["psycopg2"]
            for k, b in (("datastore_search", base), ("interface", base), ("chinese_q", serving["chinese_q_psycopg2"])):
                serving[k]["ratio_median"] = round(serving[k]["median_ms"] / b["median_ms"], 1)
                serving[k]["ratio_p99"] = round(serving[k]["p99_ms"] / b["p99_ms"], 1)
            summary["serving"] = serving
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/datastore.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
