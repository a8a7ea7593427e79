"""The interfaces' REST endpoints (`/api/open/<code>/<n>`, `/api/share/<code>/<n>`) mapped to
datastore_search on the entry's table, and the API documentation pages (开发者文档)."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from flask import Blueprint, jsonify, request

from ..access import api as access_api
from ..params import message
from . import access, catalog, dumps

interfaces = Blueprint("shaoxing_interfaces", __name__)
PARAMS = ("q", "filters", "fields", "sort", "limit", "offset", "total_estimation_threshold")
DEFAULT_LIMIT = 100


def _error(status: int, kind: str, zh: str, en: str, **extra):
    body = {"success": False, "error": {"__type": kind, "message": message(zh, en), "message_zh": zh,
                                        "message_en": en, **extra}}
    return jsonify(body), status


def _search_params(args) -> dict:
    data = {k: args[k] for k in PARAMS if k in args}
    if "filters" in data:
        try:
            data["filters"] = json.loads(data["filters"])
        except ValueError:
            raise tk.ValidationError({"filters": ["应为 JSON 对象 / must be a JSON object"]})
        if not isinstance(data["filters"], dict):
            raise tk.ValidationError({"filters": ["应为 JSON 对象 / must be a JSON object"]})
    data.setdefault("limit", DEFAULT_LIMIT)
    return data


def allowed(interface: dict, user: str | None, consume: bool = False) -> access_api.Decision:
    """May `user` (or the request's app key) call this interface: the company gate, except for
    shared interfaces (departments only; keys do not apply). A quarantined table answers neither."""
    refusal = access_api.resource_refusal({"id": interface["table_id"]}, user) if interface.get("table_id") else None
    if refusal:
        return refusal
    if interface["kind"] == "shared_api":
        if access.is_member_of_any_department(user):
            return access_api.Decision(True)
        return access_api.refused(403, access.SHARED_REFUSAL)
    package = {"id": interface["package_id"], "open_level": interface["open_level"], "private": interface["private"],
               "owner_org": _owner(interface)}
    return access_api.decide({"id": interface["id"], "package_id": interface["package_id"]}, package, user, consume)


def _owner(interface: dict) -> str | None:
    import ckan.model as model
    pkg = model.Package.get(interface["package_id"])
    return pkg.owner_org if pkg else None


def call(interface: dict, user: str | None, args, counted: bool = True) -> dict:
    """datastore_search on the interface's table, counted as an API call of the interface."""
    data = _search_params(args)
    data["resource_id"] = interface["table_id"]
    # Our own rule is checked above; the call is then counted for the interface resource.
    context = {"user": user, "ignore_auth": True, "shaoxing_api_resource": interface["id"],
               "shaoxing_uncounted": not counted}
    result = tk.get_action("datastore_search")(context, data)
    result.pop("_links", None)
    return {"interface": interface["path"], **result}


def _serve(kind: str, code: str, n: int):
    interface = catalog.find(kind, code, n)
    if interface is None:
        return _error(404, "Not Found", "没有这个接口", "no such interface")
    user = tk.g.user or None
    decision = allowed(interface, user, consume=True)
    if not decision.allowed:
        if kind == "shared_api":
            return _error(403, "Authorization Error", *decision.reason, who="sysadmins, members of any department")
        return access_api.refusal_response(decision, {"name": interface["package_name"]} if interface.get("package_name")
                                           else None)
    if not interface["table_id"]:
        return _error(503, "Not Loaded", "该接口的数据表尚未载入数据存储（DataStore）",
                      "the table of this interface is not loaded into the DataStore")
    try:
        result = call(interface, user, request.args)
    except tk.ValidationError as e:
        return jsonify({"success": False, "error": {"__type": "Validation Error", **e.error_dict}}), 409
    except tk.ObjectNotFound:
        return _error(503, "Not Loaded", "该接口的数据表尚未载入", "the table of this interface is not loaded")
    return jsonify({"success": True, "help": tk.url_for("shaoxing_interfaces.read", kind=catalog.PATHS[kind],
                                                        code=code, n=n, _external=True), "result": result})


@interfaces.route("/api/open/<code>/<int:n>")
def open_api(code: str, n: int):
    return _serve("open_api", code, n)


@interfaces.route("/api/share/<code>/<int:n>")
def shared_api(code: str, n: int):
    return _serve("shared_api", code, n)


def _visible(rows: list[dict], user: str | None) -> list[dict]:
    # Private entries' interfaces are listed to those who may see the entry.
    out = []
    for row in rows:
        if row["private"]:
            try:
                tk.check_access("package_show", {"user": user}, {"id": row["package_id"]})
            except tk.NotAuthorized:
                continue
        out.append(row)
    return out


@interfaces.route("/interfaces")
def index():
    org, domain, kind = (request.args.get(k) or None for k in ("organization", "domain", "kind"))
    try:
        rows = tk.get_action("shaoxing_interface_list")({"user": tk.g.user}, {
            k: v for k, v in (("organization", org), ("domain", domain), ("kind", kind)) if v})
    except tk.ValidationError:
        rows = []
    rows = _visible(rows, tk.g.user or None)
    everything = _visible(catalog.interfaces(), tk.g.user or None)
    orgs = sorted({(r["organization"], r["organization_title"]) for r in everything if r["organization"]},
                  key=lambda o: o[1] or "")
    domains = sorted({r["domain"] for r in everything if r["domain"]})
    return tk.render("shaoxing/interfaces/index.html", {
        "rows": rows, "orgs": orgs, "domains": domains, "selected": {"organization": org, "domain": domain, "kind": kind},
        "failed": sum(1 for r in rows if not r["answers"])})


@interfaces.route("/interfaces/<kind>/<code>/<int:n>")
def read(kind: str, code: str, n: int):
    interface = catalog.find(catalog.KINDS.get(kind, ""), code, n)
    if interface is None or not _visible([interface], tk.g.user or None):
        return tk.abort(404, tk._("Interface not found"))
    user = tk.g.user or None
    decision = allowed(interface, user)
    ok, reason = decision.allowed, decision.reason
    fields, sample, example_error = [], None, None
    if interface["table_id"]:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": interface["table_id"]})
        fields = [f for f in info.get("fields", []) if f["id"] != "_id"]
        if ok:
            try:
                sample = call(interface, user, {"limit": 5}, counted=False)
            except (tk.ValidationError, tk.ObjectNotFound) as e:
                example_error = str(e)
    site = tk.config.get("ckan.site_url").rstrip("/")
    first_text = next((f["id"] for f in fields if f.get("type") == "text"), None)
    # Shown as a reader sees it: Chinese characters, not \u escapes.
    example_json = json.dumps({"success": True, "result": {"records": sample["records"][:1], "total": sample.get("total")}},
                              ensure_ascii=False, indent=2, default=str) if sample and sample.get("records") else None
    return tk.render("shaoxing/interfaces/read.html", {
        "interface": interface, "fields": fields, "sample": sample, "may_call": ok, "reason": reason,
        "endpoint": site + interface["path"], "site": site, "first_text": first_text, "example_error": example_error,
        "example_json": example_json, "example_q": _example_q(sample, first_text),
        "rows_max": tk.config.get("ckan.datastore.search.rows_max")})


def _example_q(sample: dict | None, field: str | None) -> str:
    """A Chinese search term for the examples: the start of the first row's first text, when it is
    plain letters (safe inside the examples' quotes); else a district's name."""
    records = (sample or {}).get("records") or [{}]
    term = str(records[0].get(field) or "")[:2] if field else ""
    return term if term and all(c.isalnum() for c in term) else "越城"


@interfaces.route("/datastore/dump/xlsx/<resource_id>", defaults={"fmt": "xlsx"})
@interfaces.route("/datastore/dump/labelled-csv/<resource_id>", defaults={"fmt": "csv"})
def dump_labelled(resource_id: str, fmt: str):
    """The table for reading: XLSX, or CSV with the data items' names as its header (dumps.py)."""
    return dumps.labelled(resource_id, fmt)
