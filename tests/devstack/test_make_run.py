"""`make run` on a machine where everything is installed reinstalls nothing, writes no migration
or seed again and keeps data across `make stop && make run`. Runs the real commands, so it goes
last (it restarts the services)."""
import json
import os
import pathlib
import socket
import subprocess
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
PORTAL = f"http://127.0.0.1:{os.environ.get('SHAOXING_CKAN_PORT', '5000')}"
# The project's PostgreSQL, Redis and Solr, on the ports devstack/env.sh gives them.
SERVICE_PORTS = [int(os.environ.get(f"SHAOXING_{name}_PORT", default))
                 for name, default in (("PG", "15432"), ("REDIS", "16379"), ("SOLR", "18983"))]
pytestmark = pytest.mark.restarts_stack


def make(target: str) -> tuple[str, float]:
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    done = subprocess.run(["make", target], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"make {target} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr, time.monotonic() - started


def ckan(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    return subprocess.run([str(ROOT / ".venv/bin/ckan"), "-c", str(ROOT / ".devstack/ckan.ini"), *args],
                          env=env, capture_output=True, text=True, check=True).stdout


def api(action: str, token: str, **data):
    res = requests.post(f"{PORTAL}/api/3/action/{action}", json=data, headers={"Authorization": token})
    return res.json()


def test_make_run_is_idempotent_and_keeps_data():
    make("run")
    token = ckan("user", "token", "add", "sx_admin", "restart-check").strip().splitlines()[-1].strip()
    name = f"restart-check-{int(time.time())}"
    created = api("package_create", token, name=name, title="重启检查数据集", catalog_code=name.upper(),
                  notes="用于检查重启后数据仍在", owner_org="sx-data-bureau", domain="institutions",
                  open_level="unconditional", update_frequency="static", region_code="330600")
    assert created["success"], json.dumps(created, ensure_ascii=False)
    try:
        make("stop")
        with pytest.raises(requests.ConnectionError):
            requests.get(PORTAL, timeout=2)
        for port in SERVICE_PORTS:
            with socket.socket() as s:
                assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after make stop"

        output, seconds = make("run")
        assert "installing" not in output and "fetching" not in output and "loading the seed" not in output
        assert "migrations and seeds skipped" in output          # nothing changed since the first run
        assert "http://127.0.0.1" in output and "sx_admin" in output
        print(f"warm make run: {seconds:.1f} s")
        shown = requests.get(f"{PORTAL}/api/3/action/package_show", params={"id": name}).json()
        assert shown["result"]["title"] == "重启检查数据集"
        found = requests.get(f"{PORTAL}/api/3/action/package_search", params={"q": "重启检查"}).json()
        assert name in [d["name"] for d in found["result"]["results"]]
    finally:
        api("dataset_purge", token, id=name)
