"""Benchmark: load and scale — the mixed load of bench/load.py (8 clients: the home page, search
page and API, entry pages, downloads, `datastore_search` and the open API with an app key)
against a 3-worker portal of the seed catalogue for N minutes, then the same against `--factor`
times the catalogue (each seed entry copied, file resources left to the originals) and the same
factor times the rows of every seeded DataStore table; on the bench database, a Solr core of its
own and a gunicorn portal of its own.

Reports, for each size: requests per second, p50/p95/p99 per kind of request and overall, the
errors (any 4xx/5xx or request without an answer, with its route and the portal log's
tracebacks), the peak RSS and PSS of each gunicorn worker under the load (psutil, sampled every
second), and the time and peak PSS of the catalogue import and of the DataStore loader; then
the ratio of each figure, factor× / 1×. The app key's and the anonymous per-second limits are off
on the portal: the 8 clients stand for many users behind one address and one key.

    make bench BENCH=scale   (options: --minutes 5 --factor 10 --clients 8 --workers 3 --seed 29)

Writes bench/results/scale.json and scale.md; exits 1 when any request failed."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import psutil
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.stack import CKAN, _pss, ckan_cli, reset, serve, solr_core  # noqa: E402

CORE = "ckan_bench_scale"
SEED = ROOT / "catalog_seed"
LOG = ROOT / ".devstack/logs/bench-portal.log"
OK = (200, 302, 304)
# The portal as `make run` serves it, but with no per-second limit on one key or one address.
SETTINGS = {"ckanext.shaoxing.access.key_per_second": "0", "ckanext.shaoxing.access.anonymous_per_second": "0",
            "ckanext.shaoxing.access.user_per_second": "0"}


def log(message: str) -> None:
    print(f"{dt.datetime.now(dt.timezone.utc):%H:%M:%S} {message}", flush=True)


# --- the catalogue and its tables, `factor` times -------------------------------------------------

def multiplied_files(src: pathlib.Path, dst: pathlib.Path, factor: int) -> int:
    """Copies the seed's files/ to `dst` with every table's rows repeated `factor` times (CSV,
    JSON lists, the first sheet of a workbook); returns the rows written."""
    from openpyxl import Workbook, load_workbook
    rows = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        out = dst / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as f:
                header, *body = list(csv.reader(f))
            with open(out, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows([header, *body * factor])
            rows += len(body) * factor
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, list):
                data = data * factor
                rows += len(data)
            out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        elif suffix == ".xlsx":
            sheet = load_workbook(path, read_only=True).worksheets[0]
            header, *body = list(sheet.iter_rows(values_only=True))
            wb = Workbook(write_only=True)
            ws = wb.create_sheet(sheet.title)
            for row in [header, *body * factor]:
                ws.append(row)
            wb.save(out)
            rows += len(body) * factor
        else:
            shutil.copy(path, out)
    return rows


def multiplied_catalogue(folder: pathlib.Path, factor: int) -> tuple[pathlib.Path, int]:
    """The seed workbook with each entry `factor` times in `folder` (the copies' codes end in
    -X1, -X2…; their interfaces are their own; their file resources stay with the original, whose
    tables hold `factor` times the rows). Returns the workbook and the number of entries."""
    from openpyxl import Workbook, load_workbook

    from ckanext.shaoxing.catalog import layout
    seed = load_workbook(SEED / "catalog.xlsx", read_only=True)
    sheets = {name: list(seed[name].iter_rows(values_only=True)) for name in layout.SHEETS}
    multiplied_files(SEED / "files", folder / "files", factor)
    wb = Workbook(write_only=True)
    out = {name: wb.create_sheet(name) for name in layout.SHEETS}
    for name, rows in sheets.items():
        for row in rows:
            out[name].append(row)
    entries = sheets[layout.ENTRIES][1:]
    no = len(entries)
    for k in range(1, factor):
        for row in entries:
            no += 1
            code = row[1]
            copy = list(row)
            copy[0], copy[1], copy[2] = no, f"{code}-X{k}", f"{row[2]}（{k + 1}）"
            out[layout.ENTRIES].append(copy)
        for row in sheets[layout.RESOURCES][1:]:
            url = str(row[4] or "")
            if not url.startswith(("http://", "https://", "ftp://")):
                continue                                  # a file: the original's table only
            copy = list(row)
            copy[0] = f"{row[0]}-X{k}"
            copy[4] = url.replace(f"/{row[0]}/", f"/{copy[0]}/")
            out[layout.RESOURCES].append(copy)
        for row in sheets[layout.DATA_ITEMS][1:]:
            out[layout.DATA_ITEMS].append([f"{row[0]}-X{k}", *row[1:]])
    wb.save(folder / "catalog.xlsx")
    return folder / "catalog.xlsx", no


def datastore_rows() -> int:
    """Rows in the DataStore tables of the catalogue's resources (counted, not estimated; the
    bench database's reset leaves earlier runs' tables in the DataStore database)."""
    import psycopg2
    with psycopg2.connect(os.environ["CKAN_SQLALCHEMY_URL"]) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM resource WHERE state = 'active'")
        ids = [rid for (rid,) in cur.fetchall()]
    conn.close()
    with psycopg2.connect(os.environ["CKAN_DATASTORE_WRITE_URL"]) as conn, conn.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    "AND table_type = 'BASE TABLE' AND table_name = ANY(%s)", (ids,))
        n = 0
        for (name,) in cur.fetchall():
            cur.execute(f'SELECT count(*) FROM "{name}"')
            n += cur.fetchone()[0]
    conn.close()
    return n


def build(factor: int, tmp: pathlib.Path) -> dict:
    """An empty bench database, then the catalogue (factor times), the demo company and its
    grant, and every table in the DataStore, as `make run` initialises the portal."""
    reset()
    if factor == 1:
        book, entries = SEED / "catalog.xlsx", None
    else:
        folder = tmp / f"x{factor}"
        folder.mkdir()
        book, entries = multiplied_catalogue(folder, factor)
    log(f"{factor}×: importing the catalogue")
    seconds, peak, said = ckan_cli("shaoxing", "catalog", "import", str(book))
    imported = {"seconds": round(seconds, 1), "peak_pss_mb": peak, "said": said.splitlines()[-1] if said else ""}
    os.environ.setdefault("DEMO_COMPANY_PASSWORD", "Bench-company-2026")
    ckan_cli("shaoxing", "access", "demo")
    log(f"{factor}×: loading the DataStore")
    seconds, peak, said = ckan_cli("shaoxing", "datastore", "load-all")
    loaded = {"seconds": round(seconds, 1), "peak_pss_mb": peak, "said": said.splitlines()[-1] if said else "",
              "rows": datastore_rows()}
    return {"import": imported, "datastore_load": loaded, "workbook_entries": entries}


# --- the load and what it measures ----------------------------------------------------------------

class Recorded(load.Load):
    """The load, keeping the route of every request that failed."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.failed: list[dict] = []

    def request(self, session, target):
        sample = super().request(session, target)
        if sample.status not in OK:
            with self._lock:
                self.failed.append({"kind": target.kind, "path": target.path, "status": sample.status,
                                    "error": sample.error, "at": dt.datetime.fromtimestamp(
                                        sample.started, dt.timezone.utc).strftime("%H:%M:%S")})
        return sample


class Memory(threading.Thread):
    """Peak RSS and PSS of each worker of the gunicorn bound to `port`, sampled every second."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.master = next(p for p in psutil.process_iter(["cmdline"])
                           if f"127.0.0.1:{port}" in (p.info["cmdline"] or []) and "--bind" in p.info["cmdline"]
                           and p.parent() and f"127.0.0.1:{port}" not in (p.parent().cmdline() or []))
        self.peaks: dict[int, dict] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(1.0):
            for worker in self.master.children():
                try:
                    rss, pss = worker.memory_info().rss, _pss(worker.pid)
                except (psutil.NoSuchProcess, FileNotFoundError, ProcessLookupError):
                    continue
                peak = self.peaks.setdefault(worker.pid, {"rss": 0, "pss": 0})
                peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)

    def summary(self) -> list[dict]:
        return [{"pid": pid, "peak_rss_mb": round(p["rss"] / 2**20, 1), "peak_pss_mb": round(p["pss"] / 2**20, 1)}
                for pid, p in sorted(self.peaks.items())]


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))]


def figures(samples: list[load.Sample], seconds: float) -> dict:
    """Requests, requests per second, p50/p95/p99 (ms) and errors of each kind and overall."""
    out = {}
    for kind in [*load.WEIGHTS, "overall"]:
        of = [s for s in samples if kind in ("overall", s.kind)]
        if not of:
            continue
        ms = sorted((s.ended - s.started) * 1000 for s in of)
        out[kind] = {"requests": len(of), "rps": round(len(of) / seconds, 2),
                     "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, 0.95), 1),
                     "p99_ms": round(percentile(ms, 0.99), 1), "errors": sum(s.status not in OK for s in of)}
    return out


def tracebacks(text: str, most: int = 5) -> list[str]:
    """The portal log's error records (a traceback with the lines before it), the first `most`."""
    found, lines = [], text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = n + 1
            while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
                end += 1
            found.append("\n".join(lines[max(0, n - 2):end + 1]))
    return found[:most]


def app_key(base: str) -> tuple[str, str, str]:
    """A one-day app key of the demo company: (API token, key id, key)."""
    out = subprocess.run([*CKAN, "user", "token", "add", "sx_company", f"scale-{int(time.time())}"],
                         check=True, capture_output=True, text=True)
    token = out.stdout.strip().splitlines()[-1].strip()
    res = requests.post(f"{base}/api/3/action/shaoxing_app_key_create", headers={"Authorization": token},
                        json={"label": "scale benchmark", "days": 1}, timeout=30).json()
    if not res.get("success"):
        raise SystemExit(f"could not create an app key for sx_company: {res}")
    return token, res["result"]["id"], res["result"]["key"]


def measure(port: int, args) -> dict:
    offset = LOG.stat().st_size if LOG.exists() else 0
    with serve(port, SETTINGS, workers=args.workers) as base:
        token, key_id, key = app_key(base)
        grants = requests.get(f"{base}/api/3/action/shaoxing_grant_list", headers={"Authorization": token},
                              timeout=30).json()["result"]
        granted = {g["package_id"] for g in grants if g["state"] == "active"}
        found = load.answering(base, load.targets(base, key_id, granted, seed=args.seed), key)
        kinds = {k: sum(t.kind == k for t in found) for k in load.WEIGHTS}
        log(f"{len(found)} targets: {kinds}")
        warm = Recorded(base, found, args.clients, args.seed + 1, app_key=key)     # caches, pools, JIT of Solr
        warm.start()
        time.sleep(min(20.0, args.minutes * 60 / 6))
        warm.stop()
        memory = Memory(port)
        generator = Recorded(base, found, args.clients, args.seed, app_key=key)
        started_utc = dt.datetime.now(dt.timezone.utc)
        load_before = os.getloadavg()
        averages: list[float] = []
        start = time.time()
        memory.start()
        generator.start()
        while (left := args.minutes * 60 - (time.time() - start)) > 0:
            time.sleep(min(15.0, left))
            averages.append(os.getloadavg()[0])
            log(f"{len(generator.samples)} requests, {len(generator.failed)} failed, load average {averages[-1]:.1f}")
        generator.stop()
        seconds = time.time() - start
        memory.stopping.set()
        memory.join()
    text = LOG.read_text(errors="replace")[offset:] if LOG.exists() else ""
    return {"started_utc": f"{started_utc:%Y-%m-%d %H:%M:%S}", "seconds": round(seconds, 1), "targets": kinds,
            "requests": figures(generator.samples, seconds), "workers": memory.summary(),
            "load_average": {"before": round(load_before[0], 2), "during_mean": round(statistics.mean(averages), 2),
                             "during_max": round(max(averages), 2)},
            "failed": generator.failed[:50], "failed_total": len(generator.failed),
            "warm_up_failed": warm.failed[:20], "tracebacks": tracebacks(text)}


def ratios(small: dict, big: dict) -> dict:
    def r(a, b):
        return round(b / a, 2) if a else None
    out = {kind: {f: r(small["requests"][kind][f], big["requests"][kind][f]) for f in ("rps", "p50_ms", "p95_ms", "p99_ms")}
           for kind in small["requests"] if kind in big["requests"]}
    peak = max(w["peak_pss_mb"] for w in small["workers"])
    out["worker_peak_pss"] = r(peak, max(w["peak_pss_mb"] for w in big["workers"]))
    out["worker_peak_rss"] = r(max(w["peak_rss_mb"] for w in small["workers"]),
                               max(w["peak_rss_mb"] for w in big["workers"]))
    for step in ("import", "datastore_load"):
        out[f"{step}_seconds"] = r(small[step]["seconds"], big[step]["seconds"])
        out[f"{step}_peak_pss"] = r(small[step]["peak_pss_mb"], big[step]["peak_pss_mb"])
    return out


# --- the report -------------------------------------------------------------------------------------

def markdown(report: dict) -> str:
    sizes = report["runs"]
    lines = [f"# Load and scale ({report['date']}, {report['clients']} clients, {report['workers']} workers, "
             f"{report['minutes']} min a size)", ""]
    for run in sizes:
        la = run["load_average"]
        lines += [f"## {run['factor']}× — {run['entries']} entries, {run['datastore_load']['rows']:,} DataStore rows "
                  f"(load average {la['during_mean']} mean, {la['during_max']} max)", "",
                  "| kind | requests | req/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"]
        for kind, f in run["requests"].items():
            lines.append(f"| {kind} | {f['requests']} | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} "
                         f"| {f['errors']} |")
        workers = ", ".join(f"{w['peak_rss_mb']} / {w['peak_pss_mb']}" for w in run["workers"])
        lines += ["", f"Workers' peak RSS / PSS (MB): {workers}. Catalogue import {run['import']['seconds']} s, "
                  f"peak {run['import']['peak_pss_mb']} MB; DataStore load {run['datastore_load']['seconds']} s, "
                  f"peak {run['datastore_load']['peak_pss_mb']} MB.", ""]
        for fail in run["failed"][:10]:
            lines.append(f"- failed: {fail['kind']} `{fail['path']}` → {fail['status'] or fail['error']} at {fail['at']}")
        for tb in run["tracebacks"]:
            lines += ["", "```", tb[-3000:], "```"]
        lines.append("")
    if report.get("ratios"):
        ra = report["ratios"]
        lines += [f"## {sizes[-1]['factor']}× / 1×", "", "| kind | req/s | p50 | p95 | p99 |", "|---|---|---|---|---|"]
        for kind, f in ra.items():
            if isinstance(f, dict):
                lines.append(f"| {kind} | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} |")
        lines += ["", f"Worker peak PSS {ra['worker_peak_pss']}×, RSS {ra['worker_peak_rss']}×; import time "
                  f"{ra['import_seconds']}×, peak {ra['import_peak_pss']}×; DataStore load time "
                  f"{ra['datastore_load_seconds']}×, peak {ra['datastore_load_peak_pss']}×.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5, help="load per size (default 5)")
    parser.add_argument("--factor", type=int, default=10, help="the larger size, times the seed (1: the seed only)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers of the portal")
    parser.add_argument("--seed", type=int, default=29, help="seed of the targets and of the load")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SHAOXING_CKAN_PORT", "15000")) + 7,
                        help="the benchmark portal's port (default: the portal's + 7)")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.factor < 1:
        parser.error("--minutes > 0 and --factor ≥ 1")
    runs = []
    with solr_core(CORE), tempfile.TemporaryDirectory() as tmp:
        for factor in sorted({1, args.factor}):
            built = build(factor, pathlib.Path(tmp))
            entries = requests.get(f"{os.environ['CKAN_SOLR_URL']}/select",
                                   params={"q": "*:*", "rows": 0, "wt": "json"}).json()["response"]["numFound"]
            log(f"{factor}×: {entries} entries indexed, {built['datastore_load']['rows']} DataStore rows; "
                f"{args.minutes} min of load")
            runs.append({"factor": factor, "entries": entries, **built, **measure(args.port, args)})
            report = {"date": f"{dt.date.today():%Y-%m-%d}", "minutes": args.minutes, "clients": args.clients,
                      "workers": args.workers, "seed": args.seed, "cpus": os.cpu_count(), "runs": runs,
                      "ratios": ratios(runs[0], runs[-1]) if len(runs) > 1 else None}
            out = ROOT / "bench/results"          # written after each size: the smaller stands alone
            out.mkdir(exist_ok=True)
            (out / "scale.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
            (out / "scale.md").write_text(markdown(report))
    print(markdown(report))
    failed = sum(r["failed_total"] + len(r["warm_up_failed"]) for r in runs)
    if failed:
        print(f"FAILED: {failed} requests had no good answer (above, and bench/results/scale.json)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
