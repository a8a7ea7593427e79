"""A portal process for tests and benchmarks: gunicorn serving a CKAN ini on 127.0.0.1, up
until the context ends. Raises RuntimeError (naming the log) if it never answers."""
from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _forked(proc: subprocess.Popen, workers: int) -> bool:
    """Whether gunicorn has forked all its workers. The first one (CKAN preloaded) answers while
    the master may still be forking the next, and a worker forked just after the stop signal
    misses it: gunicorn then waits out its graceful timeout."""
    try:
        return len(pathlib.Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()) >= workers
    except OSError:
        return True


@contextlib.contextmanager
def gunicorn(port: int, ini: pathlib.Path, log: pathlib.Path, host: str = "127.0.0.1", workers: int = 2,
             env: dict[str, str] | None = None):
    base = f"http://{host}:{port}"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [str(pathlib.Path(sys.executable).with_name("gunicorn")), "--config", str(ROOT / "devstack/gunicorn.conf.py"),
             "--chdir", str(ROOT / "devstack"), "wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--timeout", "120",
             # One control socket per user by default: two portals on one machine would share it.
             "--no-control-socket"],
            env={**os.environ, **(env or {}), "CKAN_INI": str(ini)}, stdout=out, stderr=out,
            start_new_session=True)     # its own process group: the stop below reaches every worker
        try:
            for _ in range(240):
                try:
                    if requests.get(base + "/api/3/action/status_show", timeout=2).ok and _forked(proc, workers):
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass        # not listening yet, or CKAN still loading on a busy machine
                if proc.poll() is not None:
                    raise RuntimeError(f"the portal on port {port} exited; see {log}")
                time.sleep(0.5)
            else:
                raise RuntimeError(f"the portal did not answer on {base}; see {log}")
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(30)
