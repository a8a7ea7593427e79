"""What the benchmarks share: the bench database's reset, throwaway Solr cores beside the
portal's, `ckan` commands with their peak memory, and throwaway gunicorn portals."""
from __future__ import annotations

import contextlib
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import psutil
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOLR = f"http://127.0.0.1:{os.environ.get('SHAOXING_SOLR_PORT', '18983')}/solr"
CKAN = [str(ROOT / ".venv/bin/ckan"), "-c", str(ROOT / "test.ini")]


def core_admin(**params) -> dict:
    res = requests.get(f"{SOLR}/admin/cores", params={"wt": "json", **params})
    res.raise_for_status()
    return res.json()


def drop_core(name: str) -> None:
    if core_admin(action="STATUS", core=name)["status"].get(name):
        core_admin(action="UNLOAD", core=name, deleteInstanceDir="true")


def create_core(name: str, stock: bool) -> None:
    """A throw-away core beside the portal's, in the same Solr (so both see the same JVM)."""
    drop_core(name)
    args = [sys.executable, str(ROOT / "devstack/solr/make_core.py"), str(ROOT / ".devstack/solr"),
            name, "--conf-only"]
    subprocess.run(args + (["--stock"] if stock else []), check=True)
    core_admin(action="CREATE", name=name, instanceDir=name)


@contextlib.contextmanager
def solr_core(name: str, stock: bool = False):
    """A fresh core for the duration, which CKAN (in this process and its children) uses."""
    create_core(name, stock)
    previous = os.environ.get("CKAN_SOLR_URL")
    os.environ["CKAN_SOLR_URL"] = f"{SOLR}/{name}"
    try:
        yield f"{SOLR}/{name}"
    finally:
        drop_core(name)
        if previous is None:
            os.environ.pop("CKAN_SOLR_URL", None)
        else:
            os.environ["CKAN_SOLR_URL"] = previous


def ckan_cli(*args: str) -> tuple[float, int, str]:
    """Run `ckan -c test.ini …` in a child; returns (seconds, peak memory in MB, output). Memory
    is the proportional set size summed over the command and its worker processes: pages forked
    workers share with it count once, as they do in RAM."""
    started = time.perf_counter()
    child = psutil.Popen([*CKAN, *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
    peak = 0
    while child.poll() is None:   # sample memory every 100 ms, worker processes included
        try:
            peak = max(peak, sum(_pss(p.pid) for p in [child, *child.children(recursive=True)]))
        except (psutil.NoSuchProcess, FileNotFoundError, ProcessLookupError):
            continue
        time.sleep(0.1)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"ckan {' '.join(args)} failed:\n{err[-3000:]}")
    return seconds, peak // 2**20, out.strip()


def _pss(pid: int) -> int:
    """Proportional set size in bytes (the kernel's sum, cheaper to read than psutil's walk)."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:"))


def reset() -> str:
    """An empty bench database with the departments and a `bench` sysadmin; an empty core.
    Returns the sysadmin's API token."""
    for args in (["db", "clean", "--yes"], ["db", "upgrade"], ["db", "upgrade", "-p", "shaoxing"],
                 ["db", "upgrade", "-p", "shaoxing_contest"],
                 ["shaoxing", "seed", "--departments", str(ROOT / "catalog_seed/departments.csv"), "--no-accounts"],
                 ["user", "add", "bench", "email=bench@example.org", "password=Only-for-measuring-2026"],
                 ["sysadmin", "add", "bench"]):
        subprocess.run([*CKAN, *args], check=True, capture_output=True)
    requests.post(os.environ["CKAN_SOLR_URL"] + "/update?commit=true",
                  json={"delete": {"query": "*:*"}}).raise_for_status()
    out = subprocess.run([*CKAN, "user", "token", "add", "bench", "bench"], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1].strip()


def solr_count() -> int:
    res = requests.get(os.environ["CKAN_SOLR_URL"] + "/select", params={"q": "*:*", "rows": 0, "wt": "json"})
    return res.json()["response"]["numFound"]


@contextlib.contextmanager
def serve(port: int, settings: dict[str, str] | None = None, workers: int = 2):
    """Yields the base URL of a portal serving test.ini plus `settings`, on the environment's
    database (bench.sh points it at shaoxing_bench)."""
    with tempfile.NamedTemporaryFile("w", suffix=".ini", dir=ROOT, delete=False) as ini:
        ini.write(f"[app:main]\nuse = config:{ROOT / 'test.ini'}\n")
        ini.write("".join(f"{k} = {v}\n" for k, v in (settings or {}).items()))
        ini.write("\n[loggers]\nkeys = root\n[handlers]\nkeys = console\n[formatters]\nkeys = generic\n"
                  "[logger_root]\nlevel = WARNING\nhandlers = console\n[handler_console]\nclass = StreamHandler\n"
                  "args = (sys.stderr,)\nformatter = generic\n[formatter_generic]\nformat = %(message)s\n")
    from devstack.serve import gunicorn
    try:
        with gunicorn(port, pathlib.Path(ini.name), ROOT / ".devstack/logs/bench-portal.log", workers=workers,
                      env={"CKAN_SITE_URL": f"http://127.0.0.1:{port}"}) as base:
            yield base
    finally:
        os.remove(ini.name)


def latency_summary(times: dict[str, list[float]], ours: str, baseline: str, digits: int = 3) -> dict:
    """Requests, median and p95 (ms) of each series, and ours against the baseline; the same
    shape in every latency benchmark's result file."""
    stats = {}
    for name, values in times.items():
        values = sorted(values)
        stats[name] = {"requests": len(values), "median_ms": round(statistics.median(values), digits),
                       "p95_ms": round(values[int(len(values) * 0.95)], digits)}
    return {**stats, "ratio_median": round(stats[ours]["median_ms"] / stats[baseline]["median_ms"], 3),
            "ratio_p95": round(stats[ours]["p95_ms"] / stats[baseline]["p95_ms"], 3)}


def timed(fn, calls: int) -> list[float]:
    """Milliseconds of each of `calls` calls of `fn`, one after another."""
    out = []
    for _ in range(calls):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out
