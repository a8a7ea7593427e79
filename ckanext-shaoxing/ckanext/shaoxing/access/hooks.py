"""Where the gate meets HTTP: one before_request hook in front of every data path (the status
of a refusal — 403, 429 with Retry-After, 503 — is decided here, before CKAN's own view runs),
the request's context kept for streamed data answers, the key calls counted once the answer
succeeded, and the refusal of keys in query strings."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import g, jsonify, make_response, request, stream_with_context
from sqlalchemy import orm

from ..params import message
from . import gate

KEY_HEADER = "X-App-Key"
# Names a key could be sent under in a query string (it would end up in access logs).
QUERY_KEY_NAMES = {"app_key", "appkey", "x-app-key", "x_app_key", "api_key", "apikey"}
DATA_ACTIONS = ("datastore_search", "datastore_info", "datastore_search_sql")
ERROR_TYPES = {400: "Bad Request", 403: "Authorization Error", 429: "Too Many Requests"}
# The endpoints serving a loaded table as a file: CKAN's dump, and ours for reading.
DUMP_ENDPOINTS = ("datastore.dump", "shaoxing_interfaces.dump_labelled")


def _view(app) -> str:
    view = app.view_functions.get(request.endpoint)
    return f"{view.__module__}.{view.__qualname__}" if view else ""


def _resource_id(app) -> str | None:
    """The resource a data request reads, or None when the request reads no data."""
    args = request.view_args or {}
    view = _view(app)
    if view == "ckan.views.resource.download" or request.endpoint in DUMP_ENDPOINTS:
        return args.get("resource_id")
    if request.endpoint in ("datatablesview.ajax", "datatablesview.filtered_download"):
        view_id = args.get("resource_view_id") or ""
        rv = model.ResourceView.get(view_id) if "\x00" not in view_id else None   # PostgreSQL text holds no NUL
        return rv.resource_id if rv else None
    if request.endpoint == "api.action" and args.get("logic_function") in DATA_ACTIONS[:2]:
        body = request.get_json(silent=True) if request.is_json else None
        data = body if isinstance(body, dict) else {**request.args, **request.form}
        rid = data.get("resource_id") or data.get("id")
        return rid if isinstance(rid, str) else None
    return None


def refusal(decision: gate.Decision, package: dict | None = None):
    zh, en = decision.reason
    apply_url = tk.url_for("dataset.read", id=package["name"], _external=True) if package else None
    if _browser():
        return _refusal_page(decision, package)
    body = {"success": False, "error": {"__type": ERROR_TYPES.get(decision.status, "Service Unavailable"),
                                        "message": message(zh, en), "message_zh": zh, "message_en": en,
                                        "apply": apply_url}}
    response = jsonify(body)
    response.status_code = decision.status
    if decision.retry_after:
        response.headers["Retry-After"] = str(decision.retry_after)
    return response


def _browser() -> bool:
    """A person following a link (a download button, a dump): a page in their language. API
    clients, the preview's own requests and anything under /api/ keep the bilingual JSON."""
    return (not request.path.startswith("/api/") and request.method == "GET"
            and request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html")


def _refusal_page(decision: gate.Decision, package: dict | None):
    zh, en = decision.reason
    response = make_response(tk.render("shaoxing/access/refused.html", {
        "status": decision.status, "reason": zh if str(tk.h.lang() or "").startswith("zh") else en,
        "package": package, "may_apply": bool(package) and decision.status == 403
        and package.get("open_level") == "conditional"}), decision.status)
    if decision.retry_after:
        response.headers["Retry-After"] = str(decision.retry_after)
    return response


def request_key() -> str | None:
    try:
        return request.headers.get(KEY_HEADER) or None
    except RuntimeError:   # outside a request
        return None


def decide_here(resource: dict | None, package: dict, consume: bool = True) -> gate.Decision:
    """The gate's decision for the current request, taken once per resource per request (a dump
    that pages through datastore_search is one call)."""
    try:
        cache = g.setdefault("shaoxing_gate", {})
        user, ip = g.user or None, request.remote_addr
    except (RuntimeError, AttributeError):
        return gate.decide(resource, package, None, None, None, consume)
    rid = (resource or {}).get("id") or package["id"]
    if rid in cache and (cache[rid].allowed or not consume):
        return cache[rid]
    decision = gate.decide(resource, package, user, request_key(), ip, consume)
    if consume:
        cache[rid] = decision
    return decision


def register(app) -> None:
    @app.before_request
    def gate_data_paths():
        if QUERY_KEY_NAMES & {k.lower() for k in request.args}:
            return refusal(gate.Decision(False, 400, (
                "应用密钥只能放在请求头 X-App-Key 中，不接受查询参数中的密钥",
                "send the app key in the X-App-Key header; a key in the query string is refused")))
        rid = _resource_id(app)
        if not rid or "\x00" in rid or len(rid) > 100:
            return None     # no data read, or an id CKAN's own validation refuses
        # The resource with its dataset in one query; by name too, as CKAN's Resource.get finds it.
        res = (model.Session.get(model.Resource, rid, options=[orm.joinedload(model.Resource.package)])
               or model.Resource.by_name(rid))
        if res is None or res.state != "active":
            return None     # CKAN's own view answers "not found"
        # CKAN's own view reads both rows again (resource_show, its auth function, package_show):
        # the session's identity map answers from memory while the objects are referenced (it
        # holds them weakly), so the request keeps them until it ends.
        g.shaoxing_gate_rows = (res, res.package)
        resource, package = gate.subject(res)
        decision = decide_here(resource, package)
        if not decision.allowed:
            return refusal(decision, package)
        return None

    def count_key_calls(response):
        gate.count_served(response.status_code)
        return response

    # Last of the after_request hooks (Flask runs them in reverse order of registration), as
    # usage/hooks.py: after CKAN's own, whose end of the database session can still make the
    # answer a 503.
    app.after_request_funcs.setdefault(None, []).insert(0, count_key_calls)

    @app.after_request
    def keep_gate_while_streaming(response):
        # A streamed data answer (the DataStore dump) reads its later pages after the view has
        # returned, when the request is gone: the gate would then see neither the app key nor
        # its decision for this request, refuse those pages and cut the transfer. The stream
        # keeps the request's context (files sent as they are need none).
        if g.get("shaoxing_gate") and response.is_streamed and not response.direct_passthrough:
            response.response = stream_with_context(response.response)
        return response


def current_user() -> str | None:
    try:
        return g.user or None
    except (RuntimeError, AttributeError):
        return None
