"""Benchmark: the portal's home page vs CKAN's stock home page, under 8 concurrent clients.

Two portals (2 gunicorn workers each) on the bench database loaded with the seed catalogue, one
with ckanext.shaoxing.portal.home = false (CKAN's own home page, same plugins, same data);
8 client threads fetch `/` from one portal, then the other, in alternating rounds so that
machine noise hits both alike. Reports median and p95 and their ratios (goal: median ≤ 1.1×).

    make bench BENCH=home_page   (options: --requests N --rounds N --clients N)
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pathlib
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Two portals on PORT and PORT + 1 (another session's bench may hold the default ones).
PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15004"))
sys.path.insert(0, str(ROOT))

from bench.stack import ckan_cli, latency_summary, reset, serve, solr_core  # noqa: E402


def burst(url: str, total: int, clients: int) -> list[float]:
    def one(session: requests.Session) -> float:
        t = time.perf_counter()
        r = session.get(url)
        assert r.status_code == 200, r.status_code
        return (time.perf_counter() - t) * 1000
    sessions = [requests.Session() for _ in range(clients)]
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda n: one(sessions[n % clients]), range(total)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="per portal per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with solr_core("ckan_bench_home"):
        reset()
        ckan_cli("shaoxing", "catalog", "import", str(ROOT / "catalog_seed/catalog.xlsx"))
        times: dict[str, list[float]] = {"ours": [], "stock": []}
        with serve(PORT) as ours, serve(PORT + 1, {"ckanext.shaoxing.portal.home": "false"}) as stock:
            for base in (ours, stock):
                burst(base + "/", 40, args.clients)            # warm both (and our figures' cache)
            for _ in range(args.rounds):
                times["ours"] += burst(ours + "/", args.requests, args.clients)
                times["stock"] += burst(stock + "/", args.requests, args.clients)
    summary = {**latency_summary(times, "ours", "stock", digits=1), "clients": args.clients}
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/home_page.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
