"""Benchmark: the company gate.

Over HTTP: `datastore_search` (limit 10) on a conditional entry's table through a 2-worker
portal, by one account that is both an editor of the entry's department and a member of a
company holding a grant — once with its CKAN API token (CKAN's permission path) and once with
its company's app key (key lookup + HMAC check, company state, active grant, per-key rate limit,
daily quota, counting). Series alternate in rounds. Goal: key ≤ 1.10 × token at the median;
p99 reported.

In process: `gate.decide` alone for that key and resource (one prepared PostgreSQL statement:
key, company, grant and quarantine; one Redis script: per-key limit, daily quota and count), goal
≤ 0.5 ms median; against the floor of the same run, measured alternately: one `SELECT 1` and one
Redis PING on the same connections (the two round trips no gate can do without).

    make bench BENCH=access_gate   (options: --requests N --rounds N --calls N)
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import CKAN, reset, serve, solr_core  # noqa: E402

PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15006"))
# Limits high enough never to refuse, but checked on every call as in production.
SETTINGS = {"ckanext.shaoxing.access.key_per_second": "1000000",
            "ckanext.shaoxing.access.daily_quota": "1000000000",
            "ckanext.shaoxing.access.anonymous_per_second": "0"}


def stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"requests": len(values), "median_ms": round(statistics.median(values), 3),
            "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 3)}


def call(base: str, headers: dict) -> dict:
    r = requests.post(f"{base}/api/3/action/{headers.pop('_action')}", headers=headers, json=headers.pop("_json"))
    body = r.json()
    assert body["success"], body
    return body["result"]


def setup(base: str, admin: str) -> tuple[str, str, str]:
    """The entry, table, account, company, grant and key; returns (resource id, token, key)."""
    subprocess.run([*CKAN, "user", "add", "bench_co", "email=co@example.org", "password=Shaoxing-only-2026"],
                   check=True, capture_output=True)
    token = subprocess.run([*CKAN, "user", "token", "add", "bench_co", "bench"], check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1].strip()

    def act(action, auth, **data):
        return call(base, {"Authorization": auth, "_action": action, "_json": data})

    act("package_create", admin, name="bench-gate", title="门禁基准", catalog_code="BENCH-GATE-1", notes="基准",
        owner_org="sx-data-bureau", domain="transport", open_level="conditional", open_condition="须签署数据安全承诺书",
        update_frequency="static", region_code="330600")
    table = act("datastore_create", admin, resource={"package_id": "bench-gate", "name": "table"}, force=True,
                fields=[{"id": "n", "type": "int"}, {"id": "name", "type": "text"}],
                records=[{"n": i, "name": f"越城区站点{i}"} for i in range(1000)])
    rid = table["resource_id"]
    act("organization_member_create", admin, id="sx-data-bureau", username="bench_co", role="editor")
    company = act("shaoxing_company_register", token, name="基准企业", uscc="91330602MA2BCD123" + _check("91330602MA2BCD123"),
                  contact_name="基准", contact_phone="0575-88000000", contact_email="co@example.org")
    act("shaoxing_company_decide", admin, id=company["id"], decision="approve")
    req = act("shaoxing_access_request_create", token, package_id="bench-gate", purpose="基准", scenario="基准",
              app_name="基准", security_measures="基准", period_days=30, accept_commitment=True)
    act("shaoxing_access_request_decide", admin, id=req["id"], decision="approve")
    key = act("shaoxing_app_key_create", token, label="bench")["key"]
    return rid, token, key


def _check(first17: str) -> str:
    from ckanext.shaoxing.credit_code import check_symbol
    return check_symbol(first17)


def http_series(base: str, rid: str, token: str, key: str, n: int, rounds: int) -> dict:
    times: dict[str, list[float]] = {"token": [], "app_key": []}
    with requests.Session() as s:
        body = json.dumps({"resource_id": rid, "limit": 10})
        headers = {"token": {"Authorization": token, "Content-Type": "application/json"},
                   "app_key": {"X-App-Key": key, "Content-Type": "application/json"}}
        for name, h in headers.items():        # warm both paths in both workers
            for _ in range(20):
                assert s.post(f"{base}/api/3/action/datastore_search", data=body, headers=h).ok
        for _ in range(rounds):
            for name, h in headers.items():
                for _ in range(n):
                    started = time.perf_counter()
                    r = s.post(f"{base}/api/3/action/datastore_search", data=body, headers=h)
                    times[name].append((time.perf_counter() - started) * 1000)
                    assert r.status_code == 200, r.text
    out = {name: stats(v) for name, v in times.items()}
    out["ratio_median"] = round(out["app_key"]["median_ms"] / out["token"]["median_ms"], 3)
    out["ratio_p99"] = round(out["app_key"]["p99_ms"] / out["token"]["p99_ms"], 3)
    return out


def in_process(rid: str, key: str, calls: int, rounds: int) -> dict:
    """gate.decide alone, in this process, against the same PostgreSQL and Redis."""
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app
    conf = CKANConfigLoader(str(ROOT / "test.ini")).get_config()
    conf.update(SETTINGS)
    app = make_app(conf)
    import ckan.model as model
    import sqlalchemy as sa

    from ckanext.shaoxing.access import counting, gate
    with app._wsgi_app.app_context():
        res = model.Resource.get(rid)
        pkg = res.package
        package = {"id": pkg.id, "name": pkg.name, "owner_org": pkg.owner_org, "private": pkg.private,
                   "open_level": pkg.extras.get("open_level")}
        resource = {"id": rid, "package_id": pkg.id}
        redis = counting._conn()
        select_1 = sa.text("SELECT 1")

        def floor():
            model.Session.execute(select_1).first()
            redis.ping()
        for _ in range(100):
            assert gate.decide(resource, package, None, key, "127.0.0.1").allowed
            floor()
        times: dict[str, list[float]] = {"gate": [], "floor": []}
        for _ in range(rounds):
            for _ in range(calls // rounds):
                started = time.perf_counter()
                decision = gate.decide(resource, package, None, key, "127.0.0.1")
                times["gate"].append((time.perf_counter() - started) * 1000)
                assert decision.allowed
            for _ in range(calls // rounds):
                started = time.perf_counter()
                floor()
                times["floor"].append((time.perf_counter() - started) * 1000)
        model.Session.remove()
    out = {"gate": stats(times["gate"]), "floor_select_1_and_ping": stats(times["floor"])}
    out["ratio_median_to_floor"] = round(out["gate"]["median_ms"] / out["floor_select_1_and_ping"]["median_ms"], 2)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="per kind per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=3000, help="in-process gate decisions (in --rounds)")
    parser.add_argument("--in-process-only", action="store_true", help="skip the HTTP series")
    args = parser.parse_args()
    with solr_core("ckan_bench_gate"):
        admin = reset()
        with serve(PORT, SETTINGS) as base:
            rid, token, key = setup(base, admin)
            summary = {} if args.in_process_only else \
                {"http_datastore_search": http_series(base, rid, token, key, args.requests, args.rounds)}
            print(json.dumps(summary), flush=True)
        summary["in_process_gate"] = in_process(rid, key, args.calls, args.rounds)
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/access_gate.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
