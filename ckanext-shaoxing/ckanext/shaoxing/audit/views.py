"""The sysadmins' audit page: search, page through and export (CSV, XLSX) the trail."""
from __future__ import annotations

import csv
import io
import json
import tempfile

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, send_file
from openpyxl import Workbook

from .. import spreadsheet
from ..web import login_or_forbid
from . import actions, model, schema
from .trail import record

audit = Blueprint("shaoxing_audit", __name__)

PAGE = 50
FILTERS = ("date_from", "date_to", "actor", "event", "result", "object_type", "object_id")
COLUMNS = ("at", "actor", "remote_addr", "action", "object_type", "object_id", "result", "detail")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _forbidden():
    return login_or_forbid("shaoxing_audit_search", tk._("Only sysadmins may read the audit trail"))


def _params() -> tuple[dict, dict]:
    """(validated parameters, errors) of the query string."""
    data = {k: tk.request.args.get(k, "") for k in FILTERS}
    data.update(limit=PAGE, offset=0)
    return tk.navl_validate(data, schema.audit_search(), {})


def _page() -> int:
    page = tk.request.args.get("page", "1")
    return int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10 ** 6 else 1


@audit.route("/ckan-admin/audit")
def index():
    if (redirect := _forbidden()) is not None:
        return redirect
    data, errors = _params()
    page, found, total = _page(), [], 0
    if not errors:
        f = actions.filters(data)
        total = model.count(f)
        found = [actions.as_dict(r) for r in model.rows(f, PAGE, (page - 1) * PAGE)]
    args = {k: tk.request.args.get(k, "") for k in FILTERS}
    return tk.render("shaoxing/audit/index.html", {
        "events": found, "total": total, "page": page, "pages": max(1, -(-total // PAGE)), "args": args,
        "errors": errors, "results": model.RESULTS}), (400 if errors else 200)


def _export(fmt: str):
    if (redirect := _forbidden()) is not None:
        return redirect
    data, errors = _params()
    if errors:
        tk.abort(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    f = actions.filters(data)
    record("audit.export", tk.current_user.name, "audit", None, detail={"format": fmt, **{
        k: tk.request.args[k] for k in FILTERS if tk.request.args.get(k)}})
    rows = ([r["at"].isoformat(), *(r[c] for c in COLUMNS[1:-1]), json.dumps(r["detail"], ensure_ascii=False)]
            for r in model.rows(f, None))
    if fmt == "csv":
        def lines():
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([spreadsheet.csv_text(v) for v in row])
                yield out.getvalue()
                out.seek(0)
                out.truncate()
            yield out.getvalue()
        return Response(lines(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=audit.csv"})
    book = Workbook(write_only=True)
    sheet = book.create_sheet("audit")
    sheet.append(spreadsheet.cells(sheet, COLUMNS))
    for row in rows:
        sheet.append(spreadsheet.cells(sheet, row))
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name="audit.xlsx")


@audit.route("/ckan-admin/audit.csv")
def export_csv():
    return _export("csv")


@audit.route("/ckan-admin/audit.xlsx")
def export_xlsx():
    return _export("xlsx")
