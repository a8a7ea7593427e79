"""The production layout on this machine: nginx (Debian's) in front of a real gunicorn portal,
over https with the project's self-signed certificate (devstack/nginx.py, the template `make
serve-prod` uses). Pages, a gated download and an API call with an app key go through it; HTTP/2,
gzip and the static files' cache headers are nginx's; plain http is redirected; a body over the
portal's upload limit stops at nginx; and the address the portal records is the client's as nginx
saw it, never what the client wrote in X-Forwarded-For."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import urllib.parse

import ckan.model as model
import pytest
import requests
import sqlalchemy as sa
from requests.adapters import HTTPAdapter

from tests.access.conftest import key_header
from tests.conftest import PLUGINS, ROOT
from tests.ops.conftest import edge_ini, free_port, https_session

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins"),
              pytest.mark.skipif(not os.path.exists("/usr/sbin/nginx") and not shutil.which("nginx"),
                                 reason="nginx is installed by devstack/install.sh --browser")]
CLIENT = "127.0.0.5"        # a loopback address of its own: the client nginx sees


class FromClient(HTTPAdapter):
    """Connections from CLIENT's address."""

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (CLIENT, 0)
        super().init_poolmanager(*args, **kwargs)


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    from ckan.common import config

    from devstack.nginx import nginx
    from devstack.serve import gunicorn
    port, https, http = free_port(), free_port(), free_port()
    ini = edge_ini(tmp_path_factory.mktemp("edge"))
    with gunicorn(port, ini, ROOT / ".devstack/logs/edge-portal.log", host="localhost"):
        with nginx(tmp_path_factory.mktemp("nginx"), https_port=https, http_port=http, upstream_port=port,
                   max_body_mb=1, webassets=pathlib.Path(config["ckan.storage_path"]) / "webassets") as base:
            session = https_session()
            session.mount("https://", FromClient())
            yield base, session, http


def test_pages_data_and_api_through_nginx(edge, world):
    base, http, _ = edge
    page = http.get(base + "/dataset/" + world.entry["name"])
    assert page.status_code == 200 and world.entry["title"] in page.text
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert page.headers["X-Request-ID"]         # nginx's id, carried by the portal's answer
    key = world.granted_key()
    table = world.entry["table"]
    got = http.get(base + urllib.parse.urlsplit(table["url"]).path, headers=key_header(key))
    assert got.status_code == 200 and len(got.content) > 0
    assert http.get(base + urllib.parse.urlsplit(table["url"]).path).status_code == 403
    api = http.get(base + "/api/3/action/datastore_search", params={"resource_id": table["id"]},
                   headers=key_header(key))
    assert api.status_code == 200 and api.json()["result"]["total"] > 0
    assert http.get(base + "/api/3/action/datastore_search", params={"resource_id": table["id"]}).status_code == 403


def test_http2_gzip_static_files_and_the_redirect(edge):
    from devstack.nginx import TLS
    base, http, plain = edge
    version = subprocess.run(["curl", "-s", "--http2", "--cacert", str(TLS / "cert.pem"), "-o", "/dev/null",
                              "-w", "%{http_version}", base + "/healthz"], capture_output=True, text=True, timeout=30)
    assert version.stdout == "2"
    css = http.get(base + "/shaoxing/portal.css", headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200 and css.headers["Content-Encoding"] == "gzip"
    assert "X-Request-ID" not in css.headers            # served by nginx, the portal never asked
    assert "max-age=3600" in css.headers["Cache-Control"]
    logo = http.get(base + "/base/images/ckan-logo.png")
    assert logo.status_code == 200 and logo.content.startswith(b"\x89PNG")
    moved = requests.get(f"http://127.0.0.1:{plain}/dataset?q=公交", allow_redirects=False, timeout=30)
    assert moved.status_code == 301 and moved.headers["Location"].startswith("https://")


def test_a_body_over_the_upload_limit_stops_at_nginx(edge):
    base, http, _ = edge
    res = http.post(base + "/api/3/action/resource_create", data=b"x" * (1024 * 1024 + 10),
                    headers={"Content-Type": "application/octet-stream"})
    assert res.status_code == 413


def test_the_portal_records_the_address_nginx_saw_not_the_one_written(edge):
    from ckan.tests import factories as ckan_factories

    from tests.security.conftest import PASSWORD, csrf_token
    base, http, _ = edge
    user = ckan_factories.User(password=PASSWORD)["name"]
    token = csrf_token(http, base + "/user/login")
    http.post(base + "/user/login", allow_redirects=False, headers={"X-Forwarded-For": "203.0.113.9"},
              data={"login": user, "password": "Wrong-pass-2026", "_csrf_token": token})
    with model.meta.engine.connect() as conn:
        seen = conn.execute(sa.text("SELECT remote_addr FROM shaoxing_audit WHERE action = 'login.failure' "
                                    "AND object_id = :u"), {"u": user}).scalars().all()
    assert seen == [CLIENT]
