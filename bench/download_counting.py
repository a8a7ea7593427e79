"""Benchmark: latency of the download view with usage counting vs with counting switched off.

Two portals (2 gunicorn workers each) on the bench database, one with
ckanext.shaoxing.usage.enabled = false; the same resource (an external link, so the view's
own work is the redirect) downloaded by one client, alternating between the portals in rounds
so that machine noise hits both alike (each round starts with the other portal than the last).
Reports median and p95 and their ratios (goal ≤ 1.05×). `--control`: counting off on both
portals, the same measure otherwise — the ratio two identical portals show on this machine now.
`--swap`: the counting portal on the second port, the plain one on the first.

    make bench BENCH=download_counting   (options: --requests N --rounds N --control --swap)
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Two portals on PORT and PORT + 1 (another session's bench may hold the default ones).
PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15002"))
sys.path.insert(0, str(ROOT))

from bench.stack import latency_summary, reset, serve, solr_core  # noqa: E402


def timed(session: requests.Session, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = session.get(url, allow_redirects=False)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 302, r.status_code
    return out


def measure(token: str, n: int, rounds: int, control: bool = False, swap: bool = False) -> dict[str, list[float]]:
    off = {"ckanext.shaoxing.usage.enabled": "false"}
    with serve(PORT + swap, off if control else None) as counting, serve(PORT + (not swap), off) as plain:
        created = requests.post(f"{counting}/api/3/action/package_create", headers={"Authorization": token}, json={
            "name": "bench-download", "title": "下载计数基准", "catalog_code": "BENCH-DL-1", "notes": "基准",
            "owner_org": "sx-data-bureau", "domain": "transport", "open_level": "unconditional",
            "update_frequency": "static", "region_code": "330600",
            "resources": [{"url": "https://data.sx.gov.cn/files/bus.csv", "name": "bus.csv"}]}).json()
        assert created["success"], created
        ds = created["result"]
        path = f"/dataset/{ds['id']}/resource/{ds['resources'][0]['id']}/download"
        times: dict[str, list[float]] = {"counting": [], "plain": []}
        with requests.Session() as s:
            timed(s, counting + path, 50)       # warm both
            timed(s, plain + path, 50)
            portals = [("counting", counting), ("plain", plain)]
            for _ in range(rounds):
                for name, base in portals:
                    times[name] += timed(s, base + path, n)
                portals.reverse()
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500, help="per portal per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--control", action="store_true", help="counting off on both portals")
    parser.add_argument("--swap", action="store_true", help="the counting portal on the second port")
    args = parser.parse_args()
    with solr_core("ckan_bench_download"):
        times = measure(reset(), args.requests, args.rounds, args.control, args.swap)
    summary = {**latency_summary(times, "counting", "plain"), "control": args.control, "swap": args.swap}
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/download_counting.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
