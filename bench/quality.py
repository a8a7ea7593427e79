"""Benchmark: the quality check of one large CSV — 1,000,000 rows × 20 columns (Chinese text,
integers, decimals, dates, a region code column and a key column, as the data items declare them).

Three readers of the same file, each in a process of its own (peak RSS measured by psutil):
  csv          Python's csv module alone, every row read and dropped — the floor;
  check        the plugin's check of a table: the shared streaming reader the DataStore
               loader uses too (tabular.py: one strict decoding pass under csv) and the governance profiler
               (every dimension's data checks and the privacy scan on every cell;
               duplicates over the first 250,000 rows, the option's default);
  frictionless `frictionless validate` 5.x, in a virtualenv of its own (requirements-bench.txt),
               so its dependencies never touch the portal's.
csv and check run in alternating rounds on the full file (--rounds, 3): the ratio is of the
medians, in wall seconds and in CPU seconds (each process's own user + system time, which a busy
machine disturbs less). Reports seconds, rows/s, peak memory and the ratios (goals: ≥ 100,000
rows/s, ≤ 2.5× csv, faster than frictionless). Memory is also measured at a quarter of the rows,
to show it does not grow with the file (duplicate detection is capped by
ckanext.shaoxing.quality.unique_rows, 250,000).

    make bench BENCH="quality --no-frictionless"   (options: --rows N --rounds N --no-frictionless)
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pathlib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import psutil

ROOT = pathlib.Path(__file__).resolve().parents[1]
TYPES = ["string", "integer", "decimal", "date", "region_code"] * 4     # 20 columns
DISTRICTS = ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"]
CODES = ["330602", "330603", "330604", "330624", "330681", "330683"]
UNIQUE_ROWS = int(os.environ.get("BENCH_UNIQUE_ROWS", 250_000))   # the option's default


def generate(path: pathlib.Path, rows: int) -> None:
    rnd = random.Random(8)
    day0 = dt.date(2020, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"c{i:02d}" for i in range(len(TYPES))])
        for n in range(rows):
            row = []
            for i, t in enumerate(TYPES):
                if t == "string":
                    row.append(f"{DISTRICTS[(n + i) % 6]}站点{n}")
                elif t == "integer":
                    row.append(rnd.randrange(10**6))
                elif t == "decimal":
                    row.append(f"{rnd.random() * 1000:.2f}")
                elif t == "date":
                    row.append((day0 + dt.timedelta(days=rnd.randrange(2000))).isoformat())
                else:
                    row.append(CODES[rnd.randrange(6)])
            w.writerow(row)


def items() -> dict:
    out = {f"c{i:02d}": {"field_name": f"c{i:02d}", "field_type": t, "field_label": ""} for i, t in enumerate(TYPES)}
    out["c00"]["is_key"] = "true"
    return out


def read_csv(path: str) -> int:
    n = 0
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            n += 1
    return n - 1


def check(path: str) -> int:
    from ckanext.shaoxing import tabular
    from ckanext.shaoxing.governance.checks.table import Profiler, first_row
    rows = tabular.rows_of(path, "csv", 0)
    header = first_row(rows)
    profile = Profiler(header, items(), dt.date(2026, 12, 1), set(CODES) | {"330600"}, UNIQUE_ROWS).run(rows)
    faults = sum(c.invalid + c.implausible + c.unknown_codes for c in profile.columns) + profile.duplicates
    assert faults == 0, f"the generated file should be clean, found {faults} faults"
    return profile.rows


def measure(cmd: list[str], cwd=None) -> dict:
    started = time.perf_counter()
    child = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, child.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):          # frictionless answers 1 for an invalid file
        raise RuntimeError(f"{cmd[:3]} failed: {err[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 2**20, 1), "output": out.strip()[-300:],
            "output_full": out}


def frictionless_cli() -> str:
    venv = ROOT / ".devstack" / "bench-frictionless"
    exe = venv / "bin" / "frictionless"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "requirements-bench.txt")], check=True)
    return str(exe)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-frictionless", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="alternating csv/check rounds on the full file")
    parser.add_argument("--unique-rows", type=int, help="cap of the duplicate detectors (default: the option's 250,000)")
    parser.add_argument("--run", choices=["csv", "check"], help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.unique_rows:
        os.environ["BENCH_UNIQUE_ROWS"] = str(args.unique_rows)      # the measured processes read it
    if args.run:
        started = time.perf_counter()
        n = read_csv(args.path) if args.run == "csv" else check(args.path)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(json.dumps({"rows": n, "inner_seconds": round(time.perf_counter() - started, 2),
                          "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2)}))
        return
    with tempfile.TemporaryDirectory(prefix="shaoxing-bench-quality-") as tmp:
        summary = {"rows": args.rows, "columns": len(TYPES), "cpu_count": os.cpu_count(),
                   "unique_rows": int(os.environ.get("BENCH_UNIQUE_ROWS", UNIQUE_ROWS)),
                   "load_average": os.getloadavg()[0]}
        for label, rows in (("quarter", args.rows // 4), ("full", args.rows)):
            path = pathlib.Path(tmp) / f"{label}.csv"
            generate(path, rows)
            summary[f"{label}_file_mb"] = round(path.stat().st_size / 2**20, 1)
            runs = {"csv": [], "check": []}
            for _ in range(args.rounds if label == "full" else 1):
                for reader in runs:
                    result = measure([sys.executable, __file__, "--run", reader, str(path)])
                    result.pop("output_full")
                    inner = json.loads(result.pop("output"))
                    assert inner["rows"] == rows, inner
                    runs[reader].append({**result, "cpu_seconds": inner["cpu_seconds"]})
            for reader, results in runs.items():
                median = {k: round(statistics.median(r[k] for r in results), 2) for k in ("seconds", "cpu_seconds", "peak_mb")}
                summary[f"{reader}_{label}"] = {**median, "rows_per_s": int(rows / median["seconds"]),
                                                "rounds": [r["seconds"] for r in results]}
            if label == "full" and not args.no_frictionless:
                # frictionless refuses absolute paths ("not safe"): run beside the file.
                result = measure([frictionless_cli(), "validate", "--json", path.name], cwd=tmp)
                report = json.loads(result.pop("output_full"))
                assert report["tasks"][0]["stats"].get("rows") == rows, report["tasks"][0]["stats"]
                result["valid"] = report["valid"]
                summary["frictionless_full"] = {**result, "rows_per_s": int(rows / result["seconds"])}
            path.unlink()
        full = summary["check_full"]
        summary["ratio_check_to_csv"] = round(full["seconds"] / summary["csv_full"]["seconds"], 2)
        summary["ratio_check_to_csv_cpu"] = round(full["cpu_seconds"] / summary["csv_full"]["cpu_seconds"], 2)
        summary["memory_full_to_quarter"] = round(full["peak_mb"] / summary["check_quarter"]["peak_mb"], 2)
        if "frictionless_full" in summary:
            summary["ratio_frictionless_to_check"] = round(summary["frictionless_full"]["seconds"] / full["seconds"], 2)
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
