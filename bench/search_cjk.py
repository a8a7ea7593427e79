"""Benchmark: Chinese search with the portal's Solr schema vs CKAN's stock schema; and the
portal's core searched as citizens type (segmentation, pinyin, the synonym list: search/query.py)
against the same core searched as before (`ours`), in the same run.

Same run, same 10,000 generated entries indexed by CKAN's own indexer into two Solr cores of the
same Solr (`ckan_bench`: our schema; `ckan_bench_stock`: CKAN 2.12's schema unchanged), then
`package_search` timed over 30 Chinese substring queries on each. Reports median and p95 latency,
their ratio, and the recall of each schema against the true substring matches.

    make bench BENCH=search_cjk        (or: devstack/bench.sh search_cjk [--entries N])
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import QUERIES, entries  # noqa: E402
from bench.stack import SOLR, ckan_cli, solr_core  # noqa: E402

CORES = {"ours": "ckan_bench", "stock": "ckan_bench_stock"}


def package_dict(e: dict) -> dict:
    return {
        "id": e["id"], "name": e["name"], "title": e["title"], "notes": e["notes"], "type": "dataset",
        "state": "active", "private": False, "owner_org": None, "organization": None,
        "tags": [{"name": t} for t in e["tags"]], "groups": [], "resources": [], "extras": [],
        "metadata_created": "2024-01-01T00:00:00", "metadata_modified": "2024-01-01T00:00:00",
        "license_id": "cc-by", "domain": e["domain"], "open_level": "unconditional",
        "catalog_code": e["name"].upper(), "update_frequency": "monthly", "region_code": "330600",
    }


def index(corpus, core: str) -> float:
    from ckan.common import config
    from ckan.lib.search import commit
    from ckan.lib.search.index import PackageSearchIndex
    config["solr_url"] = f"{SOLR}/{core}"
    indexer = PackageSearchIndex()
    started = time.perf_counter()
    for e in corpus:
        pkg = package_dict(e)
        indexer.index_package(dict(pkg, with_custom_schema=pkg), defer_commit=True)
    commit()
    return time.perf_counter() - started


def measure(core: str, truth: dict[str, set], repeats: int, modes: tuple[bool, ...] = (False,)) -> list[dict]:
    """One result per mode (`ckanext.shaoxing.search.expand` off, on): correctness first, then
    the timed rounds, the modes alternating round by round (a busy machine then slows both alike)."""
    from ckan.common import config
    from ckan.plugins import toolkit as tk
    config["solr_url"] = f"{SOLR}/{core}"
    search = tk.get_action("package_search")
    context = {"ignore_auth": True}
    results = []
    for expand in modes:
        config["ckanext.shaoxing.search.expand"] = expand
        recalls, precise = {}, 0
        for q in QUERIES:   # warm-up and correctness: every hit, page by page (rows ≤ 1000)
            found, start = set(), 0
            while True:
                page = search(dict(context), {"q": q, "rows": 1000, "start": start, "fl": "name"})["results"]
                found |= {r["name"] for r in page}
                start += 1000
                if len(page) < 1000:
                    break
            recalls[q] = len(found & truth[q]) / len(truth[q])
            precise += found <= truth[q]
        results.append({"timings": [], "count_only": [], "recalls": recalls, "precise": precise})
    for round_ in range(repeats):
        for i in (range(len(modes)) if round_ % 2 == 0 else reversed(range(len(modes)))):
            config["ckanext.shaoxing.search.expand"] = modes[i]
            for q in QUERIES:
                t = time.perf_counter()
                search(dict(context), {"q": q, "rows": 10})
                results[i]["timings"].append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                search(dict(context), {"q": q, "rows": 0})
                results[i]["count_only"].append((time.perf_counter() - t) * 1000)
    out = []
    for r in results:
        timings, count_only, recalls = sorted(r["timings"]), sorted(r["count_only"]), r["recalls"]
        out.append({"median_ms": statistics.median(timings), "p95_ms": timings[int(len(timings) * 0.95)],
                    "rows0_median_ms": statistics.median(count_only),
                    "rows0_p95_ms": count_only[int(len(count_only) * 0.95)],
                    "recall": sum(recalls.values()) / len(recalls),
                    "queries_full_recall": sum(r == 1.0 for r in recalls.values()),
                    "queries_without_false_hits": r["precise"], "per_query_recall": recalls})
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app
    for plugin in ([], ["-p", "shaoxing"]):      # the synonym list's table
        ckan_cli("db", "upgrade", *plugin)
    os.environ.setdefault("CKAN_SOLR_URL", f"{SOLR}/{CORES['ours']}")     # this run's Solr from the start
    app = make_app(CKANConfigLoader(args.ini).get_config())

    corpus = entries(args.entries)
    truth = {q: {e["name"] for e in corpus if q in e["title"] or q in e["notes"] or any(q in t for t in e["tags"])}
             for q in QUERIES}
    assert all(truth.values()), "every benchmark query must match something"
    results = {}
    with app._wsgi_app.test_request_context():
        from ckanext.shaoxing.search import api as search_api
        search_api.import_synonyms(search_api.SEED_SYNONYMS, user=None, keep=False)
        for label, core in CORES.items():
            with solr_core(core, stock=(label == "stock")):
                seconds = index(corpus, core)
                # ours: also the same core as citizens type (the query rewritten), rounds alternating
                measured = measure(core, truth, args.repeats, (False, True) if label == "ours" else (False,))
                results[label] = {"index_seconds": round(seconds, 1), **measured[0]}
                if label == "ours":
                    results["expanded"] = measured[1]
    ours, stock, expanded = results["ours"], results["stock"], results["expanded"]
    summary = {
        "entries": args.entries, "queries": len(QUERIES), "repeats": args.repeats,
        "ours": {k: v for k, v in ours.items() if k != "per_query_recall"},
        "stock": {k: v for k, v in stock.items() if k != "per_query_recall"},
        # Synonyms widen and segmented words match apart: more hits than the exact substrings
        # (`queries_without_false_hits` counts those), never fewer (`recall`).
        "expanded": {k: v for k, v in expanded.items() if k != "per_query_recall"},
        "ratio_expanded_median": round(expanded["median_ms"] / ours["median_ms"], 2),
        "ratio_expanded_p95": round(expanded["p95_ms"] / ours["p95_ms"], 2),
        "ratio_median": round(ours["median_ms"] / stock["median_ms"], 2),
        "ratio_p95": round(ours["p95_ms"] / stock["p95_ms"], 2),
        # rows=0 leaves out CKAN's decoding of result rows, which only ours returns.
        "ratio_rows0_median": round(ours["rows0_median_ms"] / stock["rows0_median_ms"], 2),
        "ratio_rows0_p95": round(ours["rows0_p95_ms"] / stock["rows0_p95_ms"], 2),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "search_cjk.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
