"""Every request measured and logged once: its route group, status and time into the metrics, and
one log line (`ckanext.shaoxing.requests`) with the request id, the user's id (never a name or an
e-mail), the route, the status and the time. The request id is nginx's (`X-Request-ID`, when it is
a plain token) or a new one, and is sent back so a complaint can be matched with its log line."""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import g, request

from . import metrics

log = logging.getLogger("ckanext.shaoxing.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
STATIC_PREFIXES = ("/base/", "/webassets/", "/shaoxing/", "/fanstatic/")
DATASTORE_ACTION = re.compile(r"^/api/(?:\d/)?action/datastore_")


def group() -> str:
    """A bounded name for where the request went: the blueprint of its view (a fixed set), with
    the DataStore's actions apart from the rest of the API, and static files together."""
    if request.path.startswith(STATIC_PREFIXES):
        return "static"
    if request.blueprint == "api" and DATASTORE_ACTION.match(request.path):
        return "datastore"
    return request.blueprint or ("unmatched" if request.url_rule is None else "app")


def _start():
    g.shaoxing_started = time.perf_counter()
    sent = request.headers.get("X-Request-ID", "")
    g.shaoxing_request_id = sent if REQUEST_ID.match(sent) else uuid.uuid4().hex


def _finish(response):
    started = getattr(g, "shaoxing_started", None)
    if started is None:         # a request that failed before the first hook ran
        return response
    seconds = time.perf_counter() - started
    where = group()
    metrics.observe(where, request.method, response.status_code, seconds)
    response.headers["X-Request-ID"] = g.shaoxing_request_id
    if where != "static":
        log.info("rid=%s user=%s %s %s status=%s ms=%.1f", g.shaoxing_request_id, _user_id(),
                 request.method, request.endpoint or request.path[:80], response.status_code, seconds * 1000)
    return response


def _user_id() -> str:
    import ckan.plugins.toolkit as tk
    try:
        user = tk.current_user
        return user.id if user and user.is_authenticated else "-"
    except Exception:       # no user loaded (an early error): the line still goes out
        return "-"


def register(app) -> None:
    # First before-request hook and last after-request one: the time covers the whole answer.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)


def quality_checked(sender, package_ids=(), **kwargs) -> None:
    metrics.count_event("quality_checks", len(package_ids))


def login_failed(sender, **kwargs) -> None:
    metrics.count_event("login_failures")
