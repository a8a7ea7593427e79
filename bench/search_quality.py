"""Benchmark: search quality on the judged query set (bench/search_quality.json, written from
bench/search_quality_rules.py by reading the seed's titles): nDCG@10 and the share of queries with
a relevant entry (grade ≥ 1) in the top 10, for the portal's search as it reads what citizens type
(segmentation, pinyin, the synonym list of search/data/synonyms.csv) against the same core searched
as before (`ckanext.shaoxing.search.expand = false`), in the same run.

The seed's catalogue (catalog_seed/catalog.xlsx) is indexed by CKAN's indexer, with the portal's
hooks, into a throwaway core.

    devstack/bench.sh search_quality
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import pathlib
import sys
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import ckan_cli, solr_core  # noqa: E402

CORE = "ckan_bench_quality"


def seed_entries() -> list[dict]:
    import openpyxl
    book = openpyxl.load_workbook(ROOT / "catalog_seed/catalog.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    head = rows[0]
    out = []
    for row in rows[1:]:
        r = dict(zip(head, row))
        if not r["信息资源代码"]:
            continue
        code = r["信息资源代码"]
        modified = r["更新日期"] if isinstance(r["更新日期"], dt.datetime) else dt.datetime(2024, 1, 1)
        out.append({
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, code)), "name": code.lower(), "title": r["数据目录名称"],
            "notes": r["摘要"] or "", "type": "dataset", "state": "active", "private": False,
            "owner_org": None, "organization": {"name": "dept", "title": r["数源单位"]},
            "tags": [{"name": t} for t in (r["关键字"] or "").split(",") if t], "groups": [], "resources": [],
            "extras": [], "metadata_created": modified.isoformat(), "metadata_modified": modified.isoformat(),
            "license_id": "cc-by", "catalog_code": code, "open_level": "unconditional"})
    return out


def index(entries: list[dict]) -> None:
    from ckan.lib.search import commit
    from ckan.lib.search.index import PackageSearchIndex
    indexer = PackageSearchIndex()
    for pkg in entries:
        indexer.index_package(dict(pkg, with_custom_schema=pkg), defer_commit=True)
    commit()


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gs):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:k]))
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(code, 0) for code in ranked]) / ideal if ideal else 0.0


def evaluate(judged: list[dict], expand: bool) -> dict:
    from ckan.common import config
    from ckan.plugins import toolkit as tk
    config["ckanext.shaoxing.search.expand"] = expand
    search = tk.get_action("package_search")
    per_query = {}
    for item in judged:
        found = search({"ignore_auth": True}, {"q": item["query"], "rows": 10, "fl": "name"})["results"]
        ranked = [r["name"].upper() for r in found]
        per_query[item["query"]] = {"ndcg10": round(ndcg(ranked, item["grades"]), 3),
                                    "hit10": any(item["grades"].get(c, 0) >= 1 for c in ranked),
                                    "top3": ranked[:3]}
    scores = [v["ndcg10"] for v in per_query.values()]
    return {"ndcg10": round(sum(scores) / len(scores), 3),
            "hit10_share": round(sum(v["hit10"] for v in per_query.values()) / len(per_query), 3),
            "per_query": per_query}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    parser.add_argument("--judged", default=str(ROOT / "bench/search_quality.json"))
    args = parser.parse_args()
    for plugin in ([], ["-p", "shaoxing"]):      # the synonym list's table
        ckan_cli("db", "upgrade", *plugin)

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app
    judged = json.loads(pathlib.Path(args.judged).read_text("utf-8"))
    with solr_core(CORE):          # before the app, which reads its address at start
        app = make_app(CKANConfigLoader(args.ini).get_config())
        with app._wsgi_app.test_request_context():
            from ckanext.shaoxing.search import api as search_api
            search_api.import_synonyms(search_api.SEED_SYNONYMS, user=None, keep=False)
            index(seed_entries())
            results = {"today": evaluate(judged, expand=False), "ours": evaluate(judged, expand=True)}
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "search_quality.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(json.dumps({"queries": len(judged),
                      **{label: {k: v for k, v in r.items() if k != "per_query"} for label, r in results.items()},
                      "below_0.9": {q: v["ndcg10"] for q, v in results["ours"]["per_query"].items()
                                    if v["ndcg10"] < 0.9}}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
