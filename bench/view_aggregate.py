"""Benchmark: the chart view's aggregation (`shaoxing_view_aggregate`) on a big DataStore table
through a 2-worker portal vs the same SQL sent straight to PostgreSQL with psycopg2 from the same
client process. Goal: ≤ 1.5× (issue #28).

The table (default 3,500,000 rows: a category of 60 values, an integer, a date over six years, a
district code) is made with datastore_create and filled by one INSERT … SELECT from
generate_series on the bench database (minutes faster than a file load, which bench/datastore.py
measures). Three aggregations: count by category (top 20 + 其他), sum by month, a histogram of
10 bins. Alternating rounds; medians and p95 of each, and the ratios.

    make bench BENCH=view_aggregate   (options: --rows N --requests N --rounds N)
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import socket
import sys
import time

import psycopg2
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "ckanext-shaoxing"))

from bench.stack import latency_summary, reset, serve, solr_core, timed  # noqa: E402
from ckanext.shaoxing.dataviews import sql  # noqa: E402  (the statements the action runs)

FIELDS = {"kind": "text", "amount": "int8", "day": "date", "region": "text"}
CASES = {"category_count": {"group_by": "kind", "group": "category", "aggregation": "count"},
         "month_sum": {"group_by": "day", "group": "month", "aggregation": "sum", "value": "amount"},
         "histogram": {"group_by": "amount", "group": "bin", "aggregation": "count", "bins": 10}}
ITEMS = [{"field_name": "kind", "field_label": "类别", "field_type": "string"},
         {"field_name": "amount", "field_label": "数量", "field_type": "integer"},
         {"field_name": "day", "field_label": "日期", "field_type": "date"},
         {"field_name": "region", "field_label": "行政区划代码", "field_type": "region_code"}]


def free_port() -> int:
    """A port free now: fixed ports near the bench's can lie in the range outgoing connections
    take their local ports from (tests/conftest.py's limits portal does the same)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fill(rid: str, rows: int) -> float:
    conn = psycopg2.connect(os.environ["CKAN_DATASTORE_WRITE_URL"])
    conn.autocommit = True
    cur = conn.cursor()
    started = time.perf_counter()
    cur.execute(f'ALTER TABLE "{rid}" DISABLE TRIGGER USER')     # the full-text column: not read here
    cur.execute(f"""INSERT INTO "{rid}" (kind, amount, day, region)
        SELECT '类别' || mod(i, 60), mod(i::bigint * 7919, 10000), date '2020-01-01' + mod(i, 2190),
               (ARRAY['330602','330603','330604','330624','330681','330683'])[1 + mod(i, 6)]
        FROM generate_series(1, %s) AS i""", (rows,))
    cur.execute(f'ANALYZE "{rid}"')
    conn.close()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3_500_000)
    parser.add_argument("--requests", type=int, default=4, help="per case per round")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with solr_core("ckan_bench_views"):
        token = reset()
        settings = {"ckanext.shaoxing.views.statement_timeout": "60000"}   # measured, not cut
        with serve(free_port(), settings) as portal:
            h = {"Authorization": token}
            r = requests.post(f"{portal}/api/3/action/package_create", headers=h, json={
                "name": "bench-views", "title": "视图基准", "catalog_code": "BENCH-VIEW-1", "notes": "基准",
                "owner_org": "sx-data-bureau", "domain": "transport", "open_level": "unconditional",
                "update_frequency": "static", "region_code": "330600", "data_items": ITEMS}).json()
            assert r["success"], r
            r = requests.post(f"{portal}/api/3/action/datastore_create", headers=h, json={
                "resource": {"package_id": "bench-views", "name": "big", "format": "CSV"},
                "fields": [{"id": k, "type": v} for k, v in FIELDS.items()], "force": True}).json()
            assert r["success"], r
            rid = r["result"]["resource_id"]
            fill_s = fill(rid, args.rows)
            conn = psycopg2.connect(os.environ["CKAN_DATASTORE_READ_URL"])
            conn.autocommit = True
            cur = conn.cursor()
            times: dict = {f"{c}_{w}": [] for c in CASES for w in ("action", "direct")}
            with requests.Session() as s:
                s.headers.update(h)
                for case, params in CASES.items():
                    statement, bound = sql.aggregate(rid, FIELDS, params["group_by"], params["group"],
                                                     params["aggregation"], params.get("value"), params.get("bins", 10))
                    statement = re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", statement)

                    def action(params=params):
                        res = s.get(f"{portal}/api/3/action/shaoxing_view_aggregate",
                                    params={"resource_id": rid, **params})
                        assert res.status_code == 200 and res.json()["result"]["rows"] == args.rows, res.text[:300]

                    def direct(statement=statement, bound=bound):
                        cur.execute(statement, bound)
                        cur.fetchall()

                    action(), direct()      # warm: plans, caches, the workers' imports
                    for _ in range(args.rounds):
                        times[f"{case}_action"] += timed(action, args.requests)
                        times[f"{case}_direct"] += timed(direct, args.requests)
            summary = {"rows": args.rows, "fill_s": round(fill_s, 1), "load_average": os.getloadavg()}
            for case in CASES:
                summary[case] = latency_summary({"action": times[f"{case}_action"], "direct": times[f"{case}_direct"]},
                                                "action", "direct", digits=1)
            print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
