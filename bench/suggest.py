"""Benchmark: suggestions as one types (`GET /api/suggest`) on 10,000 entries.

The generated entries of search_cjk (bench/corpus.py) indexed by CKAN's own indexer into a
throwaway core of the portal's schema; a portal (2 gunicorn workers) on it. Timed through HTTP,
one client: `/api/suggest?q=…` for what a citizen types on the way to each of the 30 benchmark
queries (its first character, its first two, the whole query) vs the portal's plain search of
the same text through HTTP (`package_search`, rows=8: the baseline of one Solr query through
CKAN), in alternating rounds so that machine noise hits both alike. Reports median and p95, their
ratio, and checks the goal (median ≤ 50 ms).

    make bench BENCH=suggest   (options: --entries N --rounds N)
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import pathlib
import subprocess
import sys

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15004"))
sys.path.insert(0, str(ROOT))

from bench.corpus import QUERIES, entries  # noqa: E402
from bench.search_cjk import index  # noqa: E402
from bench.stack import CKAN, latency_summary, solr_core, timed  # noqa: E402

CORE = "ckan_bench_suggest"


@contextlib.contextmanager
def public_labels():
    """The generated entries are documents only (no rows in the database, whence CKAN reads an
    entry's permission labels): labelled public, as a public entry's document is, so that the
    suggestions, asked as anonymous, see them."""
    from ckan.lib import plugins as lib_plugins

    class Public:
        def get_dataset_labels(self, dataset_obj):
            return ["public"]

    from ckan import model
    original, get = lib_plugins.get_permission_labels, model.Package.get
    lib_plugins.get_permission_labels = lambda: Public()
    model.Package.get = lambda ref, *a, **kw: get(ref, *a, **kw) or object()   # (no row: labels all the same)
    try:
        yield
    finally:
        lib_plugins.get_permission_labels, model.Package.get = original, get


def typed() -> list[str]:
    """What is typed on the way to each query: one character, two, all of it."""
    return list(dict.fromkeys(t for q in QUERIES for t in (q[:1], q[:2], q)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    from bench.stack import serve

    texts = typed()
    times: dict[str, list[float]] = {"suggest": [], "package_search": []}
    with solr_core(CORE):     # (CKAN, here and in the portal, reads the core's address from the environment)
        app = make_app(CKANConfigLoader(args.ini).get_config())
        for step in (["db", "upgrade"], ["db", "upgrade", "-p", "shaoxing"]):   # the index reads usage totals
            subprocess.run([*CKAN, *step], check=True, capture_output=True)
        with app._wsgi_app.test_request_context(), public_labels():
            seconds = index(entries(args.entries), CORE)
        with serve(PORT, {"ckanext.shaoxing.suggest.per_second": "0"}) as base, requests.Session() as http:
            found = {t: http.get(f"{base}/api/suggest", params={"q": t}).json()["result"]["suggestions"] for t in texts}
            answered = sum(bool(found[q]) for q in QUERIES)
            for _ in range(args.rounds):
                for t in texts:
                    times["suggest"] += timed(lambda: http.get(f"{base}/api/suggest", params={"q": t}).raise_for_status(), 3)
                    times["package_search"] += timed(lambda: http.get(
                        f"{base}/api/3/action/package_search", params={"q": t, "rows": 8}).raise_for_status(), 3)
    summary = {"entries": args.entries, "index_seconds": round(seconds, 1), "typed": len(texts),
               "queries_with_suggestions": f"{answered} of {len(QUERIES)}",
               "load_average": [round(x, 2) for x in os.getloadavg()],
               "suggestions_per_text": round(sum(len(v) for v in found.values()) / len(found), 1),
               **latency_summary(times, "suggest", "package_search", digits=1)}
    summary["goal_median_50ms"] = summary["suggest"]["median_ms"] <= 50
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "suggest.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
