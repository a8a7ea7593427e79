"""`/healthz` (the process answers), `/readyz` (what it depends on answers) and `/metrics`
(Prometheus, for the monitoring network only), answered by a WSGI layer in front of the portal:
they must not wait for, or fail on, what the portal does for every request (CKAN reads its
settings from the database first), and none of them is counted as a use of the portal, sets a
session, or says more than a monitor needs."""
from __future__ import annotations

import ipaddress
import json

import ckan.plugins.toolkit as tk
from werkzeug.wrappers import Request, Response

from .. import client_address
from . import health, metrics

NO_STORE = {"Cache-Control": "no-store"}


def _json(body: dict, status: int) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/json", headers=NO_STORE)


def healthz(request: Request) -> Response:
    """Liveness: this worker answers. No backing service is asked (a database outage must not make
    a supervisor restart every worker)."""
    return _json({"status": "ok"}, 200)


def readyz(request: Request) -> Response:
    """Readiness: 200 "ok" or "degraded" (served with some parts answering 503), 503 "down"
    (PostgreSQL does not answer: take this node out)."""
    status, body = health.report()
    return _json(body, 503 if status == "down" else 200)


def scrape(request: Request) -> Response:
    allowed = client_address.networks(tk.config.get("ckanext.shaoxing.ops.metrics_networks"))
    try:
        peer = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        peer = None
    if peer is None or not any(peer in net for net in allowed):
        # Not for the public: do not even say it is there.
        return Response("Not Found", status=404, mimetype="text/plain", headers=NO_STORE)
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type, headers=NO_STORE)


ANSWERS = {"/healthz": healthz, "/readyz": readyz, "/metrics": scrape}


class OpsEndpoints:
    """WSGI middleware: the three paths answered here (GET/HEAD), everything else passed on."""

    def __init__(self, wsgi_app, flask_app):
        self.wsgi_app, self.flask_app = wsgi_app, flask_app

    def __call__(self, environ, start_response):
        answer = ANSWERS.get(environ.get("PATH_INFO", ""))
        if answer is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        with self.flask_app.app_context():
            response = answer(Request(environ))
        return response(environ, start_response)


def register(app) -> None:
    """Before client_address's layer is added: /metrics sees the client's own address."""
    app.wsgi_app = OpsEndpoints(app.wsgi_app, app)
