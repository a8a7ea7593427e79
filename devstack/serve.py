"""A portal process for tests and benchmarks: gunicorn serving a CKAN ini on 127.0.0.1, up
until the context ends. Raises RuntimeError (naming the log) if it never answers."""
from __future__ import annotations

import contextlib
import os
import pathlib
import subprocess
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def gunicorn(port: int, ini: pathlib.Path, log: pathlib.Path, host: str = "127.0.0.1", workers: int = 2,
             env: dict[str, str] | None = None):
    base = f"http://{host}:{port}"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [str(pathlib.Path(sys.executable).with_name("gunicorn")), "--chdir", str(ROOT / "devstack"),
             "wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120"],
            env={**os.environ, **(env or {}), "CKAN_INI": str(ini)}, stdout=out, stderr=out)
        try:
            for _ in range(240):
                try:
                    if requests.get(base + "/api/3/action/status_show", timeout=2).ok:
                        break
                except (requests.ConnectionError, requests.Timeout):   # workers still loading
                    pass
                if proc.poll() is not None:
                    raise RuntimeError(f"the portal on port {port} exited; see {log}")
                time.sleep(0.5)
            else:
                raise RuntimeError(f"the portal did not answer on {base}; see {log}")
            yield base
        finally:
            proc.terminate()
            proc.wait(30)
