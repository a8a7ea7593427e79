"""Benchmark: a large resource upload through the API (`resource_create`, multipart, streamed from
the client with its Content-Length) to a 1-worker portal on the bench database, vs `cp` of the same
file onto the same disk; the worker's resident memory sampled every 50 ms during the upload (its
growth over the idle worker's is the figure: goal < 100 MB while a 1–2 GB file arrives; time goal
≤ 1.5× `cp`). Also the same file downloaded through the gate vs `cat` of it, and a Range request of
its last megabyte (206).

    make bench BENCH="large_upload --mb 1024"   (options: --mb N, --rounds N)
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import psutil
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15002"))
sys.path.insert(0, str(ROOT))

from bench.stack import reset, serve, solr_core  # noqa: E402

CHUNK = 1 << 20


def make_file(path: pathlib.Path, mb: int) -> None:
    """A CSV-like file of `mb` MiB (rows of digits and Chinese text; random enough not to compress)."""
    row = "330602,越城区,站点,{:012d},{}\n"
    with open(path, "w", encoding="utf-8") as f:
        n, written = 0, 0
        block = []
        while written < mb * CHUNK:
            line = row.format(n, os.urandom(24).hex())
            block.append(line)
            written += len(line.encode())
            n += 1
            if len(block) == 10000:
                f.write("".join(block))
                block = []
        f.write("".join(block))


class Body:
    """A multipart body read from the file as it is sent (requests sends a file-like object in
    blocks, with the Content-Length of its __len__)."""

    def __init__(self, fields: dict[str, str], path: pathlib.Path):
        self.boundary = uuid.uuid4().hex
        head = "".join(f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                       for k, v in fields.items())
        head += (f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"big.csv\"\r\n"
                 "Content-Type: text/csv\r\n\r\n")
        self.parts = [head.encode(), path, f"\r\n--{self.boundary}--\r\n".encode()]
        self.length = len(self.parts[0]) + path.stat().st_size + len(self.parts[2])
        self._file = None
        self._i = 0

    def __len__(self):
        return self.length

    def __iter__(self):
        while chunk := self.read(CHUNK):
            yield chunk

    def read(self, n: int = -1) -> bytes:
        while self._i < 3:
            part = self.parts[self._i]
            if isinstance(part, pathlib.Path):
                self._file = self._file or open(part, "rb")
                data = self._file.read(n if n > 0 else CHUNK)
                if data:
                    return data
                self._file.close()
            elif part:
                self.parts[self._i] = b""
                return part
            self._i += 1
        return b""

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"


def workers_of(port: int) -> list[psutil.Process]:
    for p in psutil.process_iter(["cmdline"]):
        if p.info["cmdline"] and f"127.0.0.1:{port}" in " ".join(p.info["cmdline"]) and "gunicorn" in " ".join(
                p.info["cmdline"]):
            kids = p.children()
            if kids:
                return kids
    raise RuntimeError("no gunicorn worker found")


class Sampler(threading.Thread):
    def __init__(self, procs: list[psutil.Process]):
        super().__init__(daemon=True)
        self.procs, self.peak, self.stop = procs, 0, threading.Event()

    def rss(self) -> int:
        return max(p.memory_info().rss for p in self.procs)

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.05)


def timed_cp(src: pathlib.Path, folder: pathlib.Path) -> float:
    target = folder / "copy.csv"
    t = time.perf_counter()
    subprocess.run(["cp", str(src), str(target)], check=True)
    os.sync()
    took = time.perf_counter() - t
    target.unlink()
    return took


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-upload-", dir=ROOT / ".devstack"))
    storage = work / "storage"
    storage.mkdir()
    src = ROOT / ".devstack" / f"bench-upload-{args.mb}.csv"      # kept for the next run (generating is slow)
    if not src.exists():
        make_file(src.with_suffix(".part"), args.mb)
        src.with_suffix(".part").rename(src)
    size = src.stat().st_size
    result: dict = {"bytes": size, "cp_s": [], "upload_s": [], "rss_growth_mb": [], "download_s": [], "cat_s": [],
                    "load_average": [round(x, 2) for x in os.getloadavg()]}
    try:
        with solr_core("ckan_bench_upload"):
            token = reset()
            settings = {"ckan.storage_path": str(storage)}
            with serve(PORT, settings, workers=1) as base:
                auth = {"Authorization": token}
                pkg = requests.post(f"{base}/api/3/action/package_create", headers=auth, json={
                    "name": "bench-upload", "title": "大文件上传基准", "catalog_code": "BENCH-UP-1", "notes": "基准",
                    "owner_org": "sx-data-bureau", "domain": "transport", "open_level": "unconditional",
                    "update_frequency": "static", "region_code": "330600"}).json()["result"]
                worker = workers_of(PORT)
                for _ in range(args.rounds):
                    result["cp_s"].append(round(timed_cp(src, work), 2))
                    body = Body({"package_id": pkg["id"], "name": "big.csv", "url": "big.csv", "format": "CSV"}, src)
                    idle = max(p.memory_info().rss for p in worker)
                    sampler = Sampler(worker)
                    sampler.start()
                    t = time.perf_counter()
                    r = requests.post(f"{base}/api/3/action/resource_create", data=body,
                                      headers={**auth, "Content-Type": body.content_type}, timeout=600)
                    os.sync()
                    took = time.perf_counter() - t
                    sampler.stop.set()
                    sampler.join()
                    assert r.status_code == 200, (r.status_code, r.text[:500])
                    res = r.json()["result"]
                    result["upload_s"].append(round(took, 2))
                    result["rss_growth_mb"].append(round((sampler.peak - idle) / CHUNK, 1))
                    url = f"{base}/dataset/{pkg['id']}/resource/{res['id']}/download/big.csv"
                    t = time.perf_counter()
                    got = 0
                    with requests.get(url, stream=True, timeout=600) as d:
                        for chunk in d.iter_content(CHUNK):
                            got += len(chunk)
                    result["download_s"].append(round(time.perf_counter() - t, 2))
                    assert got == size, (got, size)
                    t = time.perf_counter()
                    subprocess.run(f"cat {src} > /dev/null", shell=True, check=True)
                    result["cat_s"].append(round(time.perf_counter() - t, 2))
                    tail = requests.get(url, headers={"Range": f"bytes={size - CHUNK}-"}, timeout=60)
                    assert tail.status_code == 206 and len(tail.content) == CHUNK, tail.status_code
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["ratio_upload_vs_cp"] = round(min(result["upload_s"]) / min(result["cp_s"]), 2)
    result["ratio_download_vs_cat"] = round(min(result["download_s"]) / max(min(result["cat_s"]), 0.01), 2)
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/large_upload.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
