"""Benchmark: paging through the DCAT catalogue (`/catalog.ttl?page=N`, 100 entries a page) vs
paging through CKAN's `package_search` (rows=100) over the same entries, on one portal
(2 gunicorn workers) on the bench database loaded with the seed catalogue. One client, the two
walks alternating for each page so that machine noise hits both alike. Reports the total time
of each walk and the ratio (the issue's goal: ≤ 2×).

    make bench BENCH=dcat_catalog   (options: --rounds N)
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15004"))
sys.path.insert(0, str(ROOT))

from bench.stack import ckan_cli, reset, serve, solr_core  # noqa: E402


def timed(session: requests.Session, url: str) -> float:
    t = time.perf_counter()
    r = session.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with solr_core("ckan_bench_dcat"):
        reset()
        ckan_cli("shaoxing", "catalog", "import", str(ROOT / "catalog_seed/catalog.xlsx"))
        with serve(PORT) as base:
            s = requests.Session()
            count = s.get(base + "/api/3/action/package_search?rows=0").json()["result"]["count"]
            pages = (count + 99) // 100
            totals = {"dcat": [], "search": []}
            timed(s, base + "/catalog.ttl?page=1")                      # warm
            for _ in range(args.rounds):
                walk = {"dcat": 0.0, "search": 0.0}
                for page in range(1, pages + 1):
                    walk["dcat"] += timed(s, f"{base}/catalog.ttl?page={page}")
                    walk["search"] += timed(s, f"{base}/api/3/action/package_search?rows=100&start={(page - 1) * 100}")
                for k in walk:
                    totals[k].append(walk[k])
    summary = {"entries": count, "pages": pages, "rounds": args.rounds,
               "dcat_s": round(statistics.median(totals["dcat"]), 2),
               "search_s": round(statistics.median(totals["search"]), 2),
               "ratio": round(statistics.median(totals["dcat"]) / statistics.median(totals["search"]), 1),
               "load_average": os.getloadavg()[0]}
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/dcat_catalog.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
