"""The fault-injection soak: the mixed load (bench/load.py) on the seeded portal of `make run`
while the fault drill (bench/faults.py) restarts Solr, Redis, PostgreSQL and the jobs worker and
kills a web worker at seeded random moments. Then, after a final flush, every counter the portal
keeps (views, downloads, API calls, app key calls) against what the load knows it did.

    make soak                       (10 minutes)
    make soak SOAK="--minutes 5 --seed 7 --clients 6"

Writes bench/results/soak.json and soak.md; exits 1 when a goal is not met (a 500 anywhere, a
5xx outside the fault windows, a counter off, a fault that could not be injected)."""
from __future__ import annotations

import argparse
import configparser
import datetime as dt
import json
import os
import pathlib
import random
import subprocess
import sys
import threading
import time

import psycopg2
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import faults, load, soak_report  # noqa: E402

INI = faults.DEVSTACK / "ckan.ini"
CKAN = [str(ROOT / ".venv/bin/ckan"), "-c", str(INI)]
MAX_MINUTES = 30
COMPANY = "sx_company"          # the demo company of `make run`, holding one grant


def log(message: str) -> None:
    print(f"{dt.datetime.now(dt.timezone.utc):%H:%M:%S} {message}", flush=True)


def ckan(*args: str, tries: int = 1) -> str:
    for attempt in range(tries):
        res = subprocess.run([*CKAN, *args], capture_output=True, text=True)
        if res.returncode == 0:
            return res.stdout
        time.sleep(3)
    raise SystemExit(f"ckan {' '.join(args)} failed:\n{res.stderr[-2000:]}")


def database_url() -> str:
    ini = configparser.ConfigParser(interpolation=None, strict=False)
    ini.read(INI)
    return os.environ.get("CKAN_SQLALCHEMY_URL") or ini["app:main"]["sqlalchemy.url"]


def counters() -> dict[tuple[str, str], int]:
    """Every counter the portal keeps in PostgreSQL, summed over the days."""
    with psycopg2.connect(database_url()) as conn, conn.cursor() as cur:
        cur.execute("SELECT kind, object_id, sum(count) FROM shaoxing_usage_daily GROUP BY 1, 2")
        out = {(kind, ref): int(n) for kind, ref, n in cur.fetchall()}
        cur.execute("SELECT key_id, resource_id, sum(calls) FROM shaoxing_key_calls_daily GROUP BY 1, 2")
        out.update({("key_call", f"{key}|{ref}"): int(n) for key, ref, n in cur.fetchall()})
    conn.close()
    return out


def app_key(base: str) -> tuple[str, str, str]:
    """A one-day app key of the demo company for this run: (API token, key id, key)."""
    token = ckan("user", "token", "add", COMPANY, f"soak-{int(time.time())}").strip().splitlines()[-1].strip()
    res = requests.post(f"{base}/api/3/action/shaoxing_app_key_create", headers={"Authorization": token},
                        json={"label": "fault drill soak", "days": 1}, timeout=30).json()
    if not res.get("success"):
        raise SystemExit(f"could not create an app key for {COMPANY} (was `make run` seeded?): {res}")
    return token, res["result"]["id"], res["result"]["key"]


def tidy(base: str, token: str, key_id: str) -> None:
    for action, data in (("shaoxing_app_key_revoke", {"id": key_id}), ("api_token_revoke", {"token": token})):
        try:
            requests.post(f"{base}/api/3/action/{action}", headers={"Authorization": token}, json=data, timeout=30)
        except requests.RequestException:
            pass


def drill(plan: list[faults.Fault], start: float, done: threading.Event, seed: int, base: str) -> None:
    d = faults.Drill(base, random.Random(f"{seed}:web"))
    for fault in plan:
        if done.wait(max(0.0, start + fault.at - time.time())):
            return
        log(f"fault +{fault.at:.1f}s {fault.kind} (down {fault.down_for}s)")
        d.inject(fault)
        log(f"fault {fault.kind} over after {fault.recovered - fault.started:.1f}s {fault.note}"
            + (f"; found dead afterwards, started again: {', '.join(fault.casualties)}" if fault.casualties else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help=f"length of the load (default 10, at most {MAX_MINUTES})")
    parser.add_argument("--seed", type=int, default=29, help="seed of the load and of the fault timeline")
    parser.add_argument("--clients", type=int, default=6, help="concurrent client threads")
    parser.add_argument("--faults", default=",".join(faults.KINDS), help="kinds of fault, comma-separated")
    parser.add_argument("--gap", default="20,60", help="seconds between one fault's recovery and the next, MIN,MAX")
    parser.add_argument("--settle", type=float, default=45, help="seconds a restart is given in the plan")
    parser.add_argument("--out", default=str(ROOT / "bench/results"), help="directory of soak.json and soak.md")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= MAX_MINUTES:
        parser.error(f"--minutes must be in (0, {MAX_MINUTES}]")
    kinds = tuple(k for k in args.faults.split(",") if k)
    if not set(kinds) <= set(faults.KINDS):
        parser.error(f"--faults: one or more of {','.join(faults.KINDS)}")
    try:
        gap = tuple(float(x) for x in args.gap.split(","))
        assert len(gap) == 2 and 0 <= gap[0] <= gap[1]
    except (ValueError, AssertionError):
        parser.error("--gap: MIN,MAX seconds")
    base = f"http://127.0.0.1:{os.environ.get('SHAOXING_CKAN_PORT', '5000')}"
    duration = args.minutes * 60

    if not faults.Drill(base, random.Random()).healthy(30):
        raise SystemExit(f"no portal answers at {base}: start it with `make run` (make soak does)")
    token, key_id, key = app_key(base)
    try:
        grants = requests.get(f"{base}/api/3/action/shaoxing_grant_list", headers={"Authorization": token},
                              timeout=30).json()["result"]
        granted = {g["package_id"] for g in grants if g["state"] == "active"}
        found = load.answering(base, load.targets(base, key_id, granted, seed=args.seed), key)
        log(f"{len(found)} targets: " + ", ".join(f"{k} {sum(t.kind == k for t in found)}" for k in load.WEIGHTS))
        ckan("shaoxing", "usage", "flush", tries=3)
        before = counters()
        plan = faults.plan(args.seed, duration, kinds, gap=gap, settle=args.settle)
        log("fault plan: " + ", ".join(f"+{f.at:.0f}s {f.kind}" for f in plan))

        started_utc = dt.datetime.now(dt.timezone.utc)
        generator = load.Load(base, found, args.clients, args.seed, app_key=key)
        done = threading.Event()
        start = time.time()
        generator.start()
        faulting = threading.Thread(target=drill, args=(plan, start, done, args.seed, base))
        faulting.start()
        while time.time() - start < duration:
            time.sleep(min(15.0, max(0.1, duration - (time.time() - start))))
            log(f"{len(generator.samples)} requests")
        done.set()
        faulting.join()          # a fault under way finishes (its service restarted) first
        generator.stop()
        elapsed = time.time() - start

        # Everything back (as after any drill), then the last counts from Redis into PostgreSQL.
        subprocess.run([str(ROOT / "devstack/services.sh"), "start", "shaoxing"], check=True, capture_output=True)
        subprocess.run([str(ROOT / "devstack/portal.sh"), "start"], check=True, capture_output=True)
        faults.Drill(base, random.Random()).healthy()
        ckan("shaoxing", "usage", "flush", tries=5)
        after = counters()
    finally:
        tidy(base, token, key_id)

    windows = [w for f in plan if (w := f.window())]
    requests_part = soak_report.requests_summary(generator.samples, windows)
    sure, maybe = soak_report.expected_counts(generator.samples)
    counted = soak_report.compare(before, after, sure, maybe)
    report = {
        "started_utc": f"{started_utc:%Y-%m-%d %H:%M:%S} UTC", "duration_s": round(elapsed, 1), "seed": args.seed,
        "clients": args.clients, "gap": list(gap), "settle": args.settle, "requests": requests_part, "counters": counted,
        "faults": [{"at": f.at, "kind": f.kind, "down_for": f.down_for, "note": f.note, "casualties": f.casualties,
                    "window": [round(w[0] - start, 1), round(w[1] - start, 1)] if (w := f.window()) else None}
                   for f in plan],
    }
    for fault, seen in zip(report["faults"], soak_report.in_each_window(generator.samples, [f.window() for f in plan])):
        fault.update(seen)
    report["goals"] = {
        "no 500 anywhere": requests_part["500_anywhere"] == 0,
        "no 5xx outside the fault windows": not requests_part["5xx_outside"],
        "every counter exact": all(c["exact"] for c in counted.values()),
        "every fault injected": all(f["window"] and "failed" not in f["note"] for f in report["faults"]),
        "no process left dead by a fault": not any(f["casualties"] for f in report["faults"]),
    }
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "soak.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (out / "soak.md").write_text(soak_report.markdown(report))
    print(soak_report.markdown(report))
    return 0 if all(report["goals"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
