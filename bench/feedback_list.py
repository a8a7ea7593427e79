"""Benchmark: the public list of data requests (`shaoxing_feedback_list`, 20 rows ordered by
upvotes, with its counts by state) over 10,000 requests and reports, against `package_search`
rows=20 on a throwaway core of 1,000 documents; in process, alternating (goal ≤ 2× median).

The requests are generated with SQL in the bench database (a quarter of them reports on
published entries, so the list's "still published" test runs on them).

    make bench BENCH=feedback_list   (options: --requests N --calls N)
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import reset, solr_core, timed  # noqa: E402

GENERATE = """
INSERT INTO package (id, name, title, type, state, private, metadata_modified)
SELECT 'bench-pkg-' || i, 'bench-pkg-' || i, '基准数据集' || i, 'dataset', 'active', i % 10 = 0, now()
FROM generate_series(1, 200) AS i;
INSERT INTO shaoxing_feedback (id, kind, title, description, domain, organization_id, package_id, state, user_id,
                               created, due, overdue, votes)
SELECT 'bench-fb-' || i, CASE WHEN i % 4 = 0 THEN 'report' ELSE 'request' END, '需求' || i, '描述',
       (ARRAY['transport', 'housing', 'health'])[1 + i % 3], 'bench-org-' || (i % 20),
       CASE WHEN i % 4 = 0 THEN 'bench-pkg-' || (1 + (i / 4) % 200) END,
       (ARRAY['submitted', 'routed', 'accepted', 'declined', 'fulfilled'])[1 + i % 5], 'bench-user-' || (i % 500),
       now() - (i % 300) * interval '1 day', current_date + 5, current_date + 10, (i * 7919) % 97
FROM generate_series(1, :n) AS i;
ANALYZE shaoxing_feedback; ANALYZE package;
"""


def stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"median_ms": round(statistics.median(values), 2), "p95_ms": round(values[int(len(values) * 0.95)], 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--calls", type=int, default=60)
    args = parser.parse_args()
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app
    with solr_core("ckan_bench_feedback") as solr:
        reset()
        app = make_app(CKANConfigLoader(str(ROOT / "test.ini")).get_config())
        with app._wsgi_app.test_request_context():
            import sqlalchemy as sa
            from ckan import model
            from ckan.plugins import toolkit as tk
            model.Session.execute(sa.text(GENERATE), {"n": args.requests})
            model.Session.commit()
            site = tk.config.get("ckan.site_id")
            docs = [{"id": f"bench-{i}", "index_id": f"bench-{i}-{site}", "site_id": site, "name": f"bench-{i}",
                     "title": f"基准数据集{i}", "dataset_type": "dataset", "entity_type": "package", "state": "active",
                     "capacity": "public", "permission_labels": ["public"],
                     "validated_data_dict": json.dumps({"id": f"bench-{i}", "name": f"bench-{i}", "title": f"基准数据集{i}",
                                                        "type": "dataset", "state": "active", "resources": []})}
                    for i in range(1000)]
            requests.post(f"{solr}/update?commit=true", json=docs).raise_for_status()
            listing = lambda: tk.get_action("shaoxing_feedback_list")({"user": ""}, {"limit": 20})  # noqa: E731
            search = lambda: tk.get_action("package_search")({"user": ""}, {"q": "*:*", "rows": 20})  # noqa: E731
            first = listing()
            assert len(first["results"]) == 20 and first["count"] > args.requests // 2
            times = {"list": [], "search": []}
            for _ in range(args.calls):
                times["list"] += timed(listing, 1)
                times["search"] += timed(search, 1)
    ours, base = stats(times["list"]), stats(times["search"])
    summary = {"requests": args.requests, "public": first["count"], "list": ours, "package_search_rows20": base,
               "ratio_median": round(ours["median_ms"] / base["median_ms"], 2),
               "ratio_p95": round(ours["p95_ms"] / base["p95_ms"], 2)}
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/feedback_list.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
