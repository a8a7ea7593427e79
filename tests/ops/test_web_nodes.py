"""Two web nodes (two gunicorn groups, as two machines would run them) behind nginx's upstream.
One is killed (SIGKILL, the whole group) in the middle of 8 clients downloading: every request
is answered (nginx sends a request the dead node dropped to the other one), and the downloads
counted are exactly those answered, plus at most the few nginx had to send twice (the dead node
may have counted one before it died: nginx's access log names both nodes for each of those)."""
from __future__ import annotations

import os
import pathlib
import signal
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import ckan.model as model
import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.interfaces.conftest import upload
from tests.ops.conftest import edge_ini, free_port, https_session

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
CLIENTS, EACH = 8, 25


def test_a_node_killed_under_load_loses_no_request_and_no_count(tmp_path):
    from ckan.common import config

    from ckanext.shaoxing.usage import api as usage_api
    from devstack.nginx import nginx
    from devstack.serve import gunicorn
    org = factories.department()
    pkg = factories.entry(org, name="bus-stops")
    res = upload(pkg["id"], "stops.csv", "站点,线路\n鲁迅故里,1路\n".encode(), "CSV")
    path = urllib.parse.urlsplit(res["url"]).path
    usage_api.flush_all()
    ini = edge_ini(tmp_path)
    first, second = free_port(), free_port()
    run = tmp_path / "nginx"
    with gunicorn(first, ini, ROOT / ".devstack/logs/node-1.log", host="localhost") as node_one, \
            gunicorn(second, ini, ROOT / ".devstack/logs/node-2.log", host="localhost"):
        assert node_one
        with nginx(run, https_port=free_port(), http_port=free_port(), upstream_port=[first, second],
                   max_body_mb=1, webassets=pathlib.Path(config["ckan.storage_path"]) / "webassets") as base:
            done = threading.Semaphore(0)

            def client(_):
                http = https_session()
                codes = []
                for _ in range(EACH):
                    codes.append(http.get(base + path, timeout=60).status_code)
                    done.release()
                return codes

            with ThreadPoolExecutor(CLIENTS) as pool:
                answers = pool.map(client, range(CLIENTS))
                for _ in range(CLIENTS * EACH // 4):        # a quarter answered: the first node dies
                    done.acquire()
                os.killpg(_gunicorn_pid(first), signal.SIGKILL)
                codes = [code for codes in answers for code in codes]
    assert codes == [200] * (CLIENTS * EACH)
    log = (run / "access.log").read_text().splitlines()
    downloads = [line for line in log if f'"GET {path} ' in line]
    assert len(downloads) == CLIENTS * EACH
    retried = sum(1 for line in downloads if ", " in line.split('upstream="')[1].split('"')[0])
    assert any(f":{second}" in line for line in downloads) and any(f":{first}" in line for line in downloads)
    usage_api.flush_all()
    with model.meta.engine.connect() as conn:
        counted = conn.execute(sa.text("SELECT coalesce(sum(count), 0) FROM shaoxing_usage_daily "
                                       "WHERE kind = 'download' AND object_id = :r"), {"r": res["id"]}).scalar()
    assert CLIENTS * EACH <= counted <= CLIENTS * EACH + retried


def _gunicorn_pid(port: int) -> int:
    """The process group of the gunicorn bound to `port` (devstack/serve.py starts each in its own
    session: the group is the whole node, master and workers)."""
    for proc in pathlib.Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"gunicorn" in a for a in argv[:2]) and f"127.0.0.1:{port}".encode() in argv:
            return os.getpgid(int(proc.name))
    raise AssertionError(f"no gunicorn on port {port}")
