"""Benchmark: contest_ranking for 500 entries × 9 judges × 5 criteria vs package_search(rows=0)
in the same run (goal ≤ 2×); then the contest page and the gallery under 8 concurrent clients.
The ranking is served from Redis after its first computation until the contest's next change, so
the cost of a cache miss (the SQL aggregation itself) is reported beside it.

The contest, its teams, entries and 4,500 scores are generated with SQL in the bench database;
a throwaway Solr core holds 1,000 search documents for package_search. Both actions are called
in-process, alternating, as a sysadmin (the ranking's authorization is part of what is timed).

    make bench BENCH=contest_ranking   (options: --entries N --judges N --calls N)
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import pathlib
import statistics
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import reset, serve, solr_core, timed  # noqa: E402

GENERATE = """
INSERT INTO contest (id, name, title, edition, aggregation, tracks, criteria, admins, results_published)
VALUES ('bench-contest', 'bench-contest', '基准大赛', 3, 'trimmed_mean',
        '[{"code": "transport", "label": "交通出行"}]',
        '[{"code": "innovation", "label": "创新性", "weight": 25}, {"code": "data_use", "label": "数据利用", "weight": 25},
          {"code": "value", "label": "应用价值", "weight": 25}, {"code": "technical", "label": "技术实现", "weight": 15},
          {"code": "presentation", "label": "展示效果", "weight": 10}]', '[]', now());
INSERT INTO contest_phase (contest_id, code, position, opens, closes, judging_closes) VALUES
  ('bench-contest', 'registration', 0, now() - interval '60 days', now() - interval '50 days', now() - interval '50 days'),
  ('bench-contest', 'preliminary', 1, now() - interval '40 days', now() - interval '30 days', now() - interval '20 days');
INSERT INTO contest_team (id, contest_id, name, track, entrant_type, leader_id, stage)
SELECT 'bt-' || i, 'bench-contest', '队伍' || i, 'transport', 'enterprise', 'bench-user-' || i, 'preliminary'
FROM generate_series(1, :n) AS i;
INSERT INTO contest_submission (id, contest_id, team_id, phase, title, track, award)
SELECT 'bs-' || i, 'bench-contest', 'bt-' || i, 'preliminary', '作品' || i, 'transport',
       CASE WHEN i <= 12 THEN (ARRAY['first', 'second', 'third', 'merit'])[1 + i % 4] END
FROM generate_series(1, :n) AS i;
INSERT INTO contest_score (submission_id, judge_id, phase, contest_id, scores, total)
SELECT 'bs-' || i, 'judge-' || j, 'preliminary', 'bench-contest', s.scores, s.total
FROM generate_series(1, :n) AS i, generate_series(1, :judges) AS j,
LATERAL (SELECT jsonb_build_object('innovation', a, 'data_use', b, 'value', c, 'technical', d, 'presentation', e) AS scores,
                (25 * a + 25 * b + 25 * c + 15 * d + 10 * e) / 100.0 AS total
         FROM (SELECT (i * 7 + j * 13) % 101 AS a, (i * 11 + j * 5) % 101 AS b, (i * 3 + j * 17) % 101 AS c,
                      (i * 19 + j) % 101 AS d, (i + j * 23) % 101 AS e) AS m) AS s;
ANALYZE contest_score; ANALYZE contest_submission; ANALYZE contest_team;
"""


def generate(entries: int, judges: int, solr: str) -> None:
    import sqlalchemy as sa
    from ckan import model
    from ckan.plugins import toolkit as tk
    model.Session.execute(sa.text(GENERATE), {"n": entries, "judges": judges})
    model.Session.commit()
    site = tk.config.get("ckan.site_id")
    docs = [{"id": f"bench-{i}", "index_id": f"bench-{i}-{site}", "site_id": site, "name": f"bench-{i}",
             "title": f"基准数据集{i}", "dataset_type": "dataset", "entity_type": "package", "state": "active",
             "capacity": "public", "permission_labels": ["public"]} for i in range(1000)]
    requests.post(f"{solr}/update?commit=true", json=docs).raise_for_status()


def stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"median_ms": round(statistics.median(values), 2), "p95_ms": round(values[int(len(values) * 0.95)], 2)}


def concurrent_pages(base: str, clients: int, requests_each: int) -> dict:
    """Median and p95 latency of the contest page and the gallery with `clients` clients at once."""
    out = {}
    for path in ("/contest/bench-contest", "/contest/bench-contest/gallery"):
        requests.get(base + path).raise_for_status()   # warm both workers' templates

        def client(_):
            session, times = requests.Session(), []
            for _ in range(requests_each):
                t = time.perf_counter()
                session.get(base + path).raise_for_status()
                times.append((time.perf_counter() - t) * 1000)
            return times
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            times = [t for chunk in pool.map(client, range(clients)) for t in chunk]
        out[path] = {"requests": len(times), **stats(times)}
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--judges", type=int, default=9)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=15071, help="the 2-worker portal of the pages part")
    parser.add_argument("--no-pages", action="store_true", help="the in-process part only")
    args = parser.parse_args()
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app
    with solr_core("ckan_bench_contest") as solr:
        reset()
        app = make_app(CKANConfigLoader(str(ROOT / "test.ini")).get_config())
        with app._wsgi_app.test_request_context():
            from ckan.plugins import toolkit as tk
            generate(args.entries, args.judges, solr)
            context = lambda: {"user": "bench"}  # noqa: E731
            results = {}
            for method in ("trimmed_mean", "mean", "zscore"):
                import sqlalchemy as sa
                from ckan import model
                model.Session.execute(sa.text("UPDATE contest SET aggregation = :m"), {"m": method})
                model.Session.commit()
                ranking = lambda: tk.get_action("contest_ranking")(  # noqa: E731
                    context(), {"contest_id": "bench-contest", "phase": "preliminary"})
                search = lambda: tk.get_action("package_search")(context(), {"q": "*:*", "rows": 0})  # noqa: E731
                first = ranking()
                assert len(first["entries"]) == args.entries and first["entries"][0]["judges"] == args.judges
                from ckanext.shaoxing_contest import ranking as contest_ranking
                miss = lambda: contest_ranking.compute("bench-contest", "preliminary", method, False)  # noqa: E731
                times = {"ranking": [], "search_rows0": [], "miss": []}
                for _ in range(args.calls):   # alternate, so noise hits all three
                    times["ranking"] += timed(ranking, 1)
                    times["search_rows0"] += timed(search, 1)
                    times["miss"] += timed(miss, 1)
                uncached = times["miss"]
                r, s = stats(times["ranking"]), stats(times["search_rows0"])
                results[method] = {"used": first["used"], "ranking": r, "search_rows0": s,
                                   "cache_miss": stats(uncached),
                                   "ratio_cache_miss_median": round(statistics.median(uncached) / s["median_ms"], 2),
                                   "ratio_median": round(r["median_ms"] / s["median_ms"], 2),
                                   "ratio_p95": round(r["p95_ms"] / s["p95_ms"], 2)}
            found = search()["count"]
    print(json.dumps(results, ensure_ascii=False, indent=1), flush=True)   # before the pages part
    pages = None
    if not args.no_pages:
        with serve(args.port) as base:
            pages = concurrent_pages(base, args.clients, 25)
    summary = {"entries": args.entries, "judges": args.judges, "criteria": 5, "scores": args.entries * args.judges,
               "search_count": found, "aggregations": results, "pages_8_clients": pages}
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/contest_ranking.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
