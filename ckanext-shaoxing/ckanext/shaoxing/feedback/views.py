"""Pages: the public list (/requests), filing a request or an error report, a request's page with
its history and the department's and bureau's answers, the requester's own list, a department's
queue, the bureau's page of everything open (with its XLSX export) and the holiday calendar."""
from __future__ import annotations

import tempfile

import ckan.plugins.toolkit as tk
from flask import Blueprint, send_file
from openpyxl import Workbook

from .. import spreadsheet, web
from ..web import login_or_forbid, signed_in
from . import attachments, rights, store

feedback = Blueprint("shaoxing_feedback", __name__)

PAGE = 20
FILTERS = ("kind", "state", "organization_id", "domain", "min_age", "max_age", "sort")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUEST_FIELDS = ("title", "description", "domain", "organization_id", "intended_use", "contact", "package_id")
REPORT_FIELDS = ("title", "description", "package_id", "resource_id", "field", "should_be")


# The visitor's action context, and an action's answer or field errors (web.py).
_ctx, _call = web.context, web.call


def _page() -> int:
    page = tk.request.args.get("page", "1")
    return int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10 ** 6 else 1


def _listing(scope: str, template: str, defaults: dict | None = None, **extra):
    args = {k: tk.request.args.get(k, "") or (defaults or {}).get(k, "") for k in FILTERS}
    page = _page()
    data = {k: v for k, v in args.items() if v}
    data.update(scope=scope, limit=PAGE, offset=(page - 1) * PAGE, **extra)
    found, errors = _call("shaoxing_feedback_list", data)
    found = found or {"count": 0, "counts": {}, "results": []}
    here = {**(tk.request.view_args or {}), **{k: v for k, v in args.items() if v}}
    return tk.render(template, {"found": found, "args": args, "errors": errors, "page": page, "scope": scope,
                                "here": here,
                                "pages": max(1, -(-found["count"] // PAGE)), **extra}), (400 if errors else 200)


@feedback.route("/requests")
def index():
    return _listing("public", "shaoxing/feedback/index.html")


@feedback.route("/requests/mine")
@signed_in
def mine():
    return _listing("mine", "shaoxing/feedback/index.html")


@feedback.route("/requests/queue/<organization_id>")
@signed_in
def queue(organization_id):
    return _listing("queue", "shaoxing/feedback/index.html", organization_id=organization_id)


@feedback.route("/requests/bureau")
def bureau():
    if (forbid := login_or_forbid("shaoxing_feedback_route", tk._("For the bureau only"))) is not None:
        return forbid
    return _listing("bureau", "shaoxing/feedback/index.html", {"state": "open", "sort": "age"})


def _form(kind: str):
    fields = REPORT_FIELDS if kind == "report" else REQUEST_FIELDS
    if tk.request.method == "POST":
        data = {k: tk.request.form.get(k, "") for k in fields}
        data["kind"] = kind
        if kind == "report" and tk.request.files.get("attachment"):
            data["attachment"] = tk.request.files["attachment"]
        result, errors = _call("shaoxing_feedback_create", data)
        if result:
            return tk.redirect_to("shaoxing_feedback.read", id=result["id"])
    else:
        data, errors = {k: tk.request.args.get(k, "")[:4000] for k in fields}, {}
    pkg = _package(data.get("package_id"))
    return tk.render("shaoxing/feedback/new.html", {"kind": kind, "data": data, "errors": errors, "pkg": pkg}), \
        (400 if errors else 200)


def _package(ref):
    if not ref:
        return None
    try:
        return tk.get_action("package_show")(_ctx(), {"id": ref})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


@feedback.route("/requests/new", methods=["GET", "POST"])
@signed_in
def new():
    return _form("request")


@feedback.route("/requests/report", methods=["GET", "POST"])
@signed_in
def report():
    return _form("report")


@feedback.route("/requests/<id>")
def read(id):
    found, _ = _call("shaoxing_feedback_show", {"id": id})
    if not found:
        return tk.abort(404, tk._("Not found"))
    row = store.get(found["id"])
    user = _ctx()["user"]
    return tk.render("shaoxing/feedback/read.html", {
        "item": found, "may_answer": rights.may_answer(user, row), "is_bureau": rights.is_bureau(user),
        "errors": {}, "data": {}})


def _post(action: str, id: str, fields: tuple[str, ...]):
    data = {k: tk.request.form.get(k, "") for k in fields}
    data = {k: v for k, v in data.items() if v}
    data["id"] = id
    result, errors = _call(action, data)
    if result:
        return tk.redirect_to("shaoxing_feedback.read", id=id)
    found, _ = _call("shaoxing_feedback_show", {"id": id})
    if not found:
        return tk.abort(404, tk._("Not found"))
    user = _ctx()["user"]
    return tk.render("shaoxing/feedback/read.html", {
        "item": found, "may_answer": rights.may_answer(user, store.get(id)), "is_bureau": rights.is_bureau(user),
        "errors": errors, "data": data}), 400


@feedback.route("/requests/<id>/upvote", methods=["POST"])
@signed_in
def upvote(id):
    return _post("shaoxing_feedback_upvote", id, ())


@feedback.route("/requests/<id>/route", methods=["POST"])
@signed_in
def route(id):
    return _post("shaoxing_feedback_route", id, ("organization_id", "reply"))


@feedback.route("/requests/<id>/answer", methods=["POST"])
@signed_in
def answer(id):
    return _post("shaoxing_feedback_answer", id, ("state", "reply", "planned", "duplicate_of", "package_id"))


@feedback.route("/requests/<id>/attachment")
@signed_in
def attachment(id):
    row = store.get(id)
    if row is None or not rights.is_party(_ctx()["user"], row) or not attachments.stored(row["attachment"]):
        tk.abort(404, tk._("Not found"))
    return attachments.response(row["attachment"])


COLUMNS = ("id", "kind", "state", "title", "department", "entry", "created", "due", "overdue", "overdue_now",
           "votes")


@feedback.route("/requests/bureau.xlsx")
def export():
    if (forbid := login_or_forbid("shaoxing_feedback_route", tk._("For the bureau only"))) is not None:
        return forbid
    result, errors = _call("shaoxing_feedback_list", {"scope": "bureau", "state": "open", "sort": "age",
                                                       "limit": 100, "offset": 0})
    book = Workbook(write_only=True)
    sheet = book.create_sheet("open")
    sheet.append(spreadsheet.cells(sheet, COLUMNS))
    offset = 0
    while result and result["results"]:
        for r in result["results"]:
            sheet.append(spreadsheet.cells(sheet, [
                r["id"], r["kind"], r["state"], r["title"], (r["organization"] or {}).get("title"),
                (r["package"] or {}).get("title"), r["created"], r["due"], r["overdue"], r["is_overdue"], r["votes"]]))
        offset += 100
        result, errors = _call("shaoxing_feedback_list", {"scope": "bureau", "state": "open", "sort": "age",
                                                           "limit": 100, "offset": offset})
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name="requests.xlsx")


@feedback.route("/requests/holidays", methods=["GET", "POST"])
def holidays():
    if (forbid := login_or_forbid("shaoxing_holiday_update", tk._("For the bureau only"))) is not None:
        return forbid
    errors, data = {}, {}
    if tk.request.method == "POST":
        data = {k: tk.request.form.get(k, "") for k in ("day", "kind", "name", "source")}
        if tk.request.form.get("remove"):
            _, errors = _call("shaoxing_holiday_delete", {"day": tk.request.form.get("remove")})
        else:
            _, errors = _call("shaoxing_holiday_update", {k: v for k, v in data.items() if v})
        if not errors:
            return tk.redirect_to("shaoxing_feedback.holidays")
    year = tk.request.args.get("year", "")
    days, _ = _call("shaoxing_holiday_list", {"year": year} if year.isdigit() else {})
    return tk.render("shaoxing/feedback/holidays.html", {"days": days or [], "errors": errors, "data": data}), \
        (400 if errors else 200)
