"""The targets dashboard (指标看板, public), its workbook, and the sysadmin's targets form."""
from __future__ import annotations

import datetime as dt
import io

import ckan.plugins.toolkit as tk
from flask import Blueprint, jsonify, make_response, send_file
from openpyxl import Workbook

from .. import clock
from ..bilingual import in_language
from ..spreadsheet import cells
from ..web import login_or_forbid
from . import progress as target_progress

targets = Blueprint("shaoxing_targets", __name__)
PARAMS = ("year", "organization", "region_code")


class _Refused(Exception):
    """A parameter of the address the dashboard cannot show: answered by `_refusal`."""

    def __init__(self, errors: dict):
        self.errors = errors


def _progress() -> dict:
    data = {k: tk.request.args.get(k) for k in PARAMS if tk.request.args.get(k)}
    try:
        return tk.get_action("shaoxing_target_progress")({}, data)
    except tk.ValidationError as e:
        raise _Refused(e.error_dict) from None


@targets.errorhandler(_Refused)
def _refusal(e: _Refused):
    """A page in the visitor's language naming the field (400), with the year form to choose again;
    a client asking for JSON gets the bilingual field errors."""
    if tk.request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        response = jsonify({"success": False, "error": {"__type": "Validation Error", **e.errors}})
        response.status_code = 400
        return response
    lang = tk.h.lang()
    fields = {"year": tk._("Year"), "organization": tk._("Department"), "region_code": tk._("District"),
              "period": tk._("Period"), "date": tk._("Date")}
    errors = [(fields.get(k, k), "; ".join(in_language(t, lang) for t in v)) for k, v in e.errors.items()]
    return make_response(tk.render("shaoxing/targets_invalid.html", {
        "errors": errors, "this_year": clock.today().year, "args": tk.request.args}), 400)


def _ranking_day(year: int) -> str | None:
    """The day whose week/month/year the ranking shows: the `date` asked for when it lies in the
    year shown; otherwise today in this year, 31 December in a past one. None for a year that
    has not begun (no ranking yet)."""
    today = clock.today()
    if year > today.year:
        return None
    asked = tk.request.args.get("date") or ""
    try:
        if dt.date.fromisoformat(asked).year == year:
            return asked
    except ValueError:
        if asked:
            return asked            # not a date: the action names the field
    return (today if year == today.year else dt.date(year, 12, 31)).isoformat()


def _ranking(year: int) -> dict | None:
    day = _ranking_day(year)
    if day is None:
        return None
    data = {"period": tk.request.args.get("period") or "month", "date": day}
    try:
        return tk.get_action("shaoxing_ranking_show")({}, data)
    except tk.ValidationError as e:
        raise _Refused(e.error_dict) from None


@targets.route("/targets")
def dashboard():
    result = _progress()
    return tk.render("shaoxing/targets.html", {"result": result, "ranking": _ranking(result["year"]),
                                               "args": tk.request.args})


@targets.route("/targets.xlsx")
def workbook():
    """Everything the dashboard shows, one sheet per table."""
    result = _progress()
    ranked = _ranking(result["year"])
    _ = tk._
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(_("Targets"))
    sheet.append([_("Metric"), _("Target"), _("Actual")])
    for metric, values in result["metrics"].items():
        sheet.append(cells(sheet, [metric, values["target"], values["actual"]]))
    tables = (("by_organization", ["rank", "name", "title", "open_datasets", "open_apis", "shared_apis",
                                   "governance_rate", "score"]),
              ("by_domain", ["domain", "open_datasets", "open_apis", "shared_apis", "governance_rate"]),
              ("by_region", ["region", "open_datasets", "open_apis", "shared_apis", "governance_rate"]),
              ("monthly", ["month", "open_datasets", "open_apis", "shared_apis"]))
    for name, columns in tables:
        sheet = wb.create_sheet(name)
        sheet.append(columns)
        for row in result[name]:
            sheet.append(cells(sheet, [row.get(c) for c in columns]))
    if ranked is not None:
        sheet = wb.create_sheet(f"ranking_{ranked['period']}")
        parts = list(ranked["weights"])
        sheet.append(["rank", "rank_change", "name", "title", "score", *parts, "period_start", "period_end", "final"])
        for row in ranked["ranking"]:
            sheet.append(cells(sheet, [row["rank"], row["rank_change"], row["name"], row["title"], row["score"],
                                       *(row["values"].get(p) for p in parts), ranked["start"], ranked["end"],
                                       ranked["frozen"]]))
    out = io.BytesIO()   # a few hundred rows at most: one per department, domain, district, month
    wb.save(out)
    out.seek(0)
    return send_file(out, as_attachment=True, download_name=f"targets-{result['year']}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@targets.route("/ckan-admin/targets", methods=["GET", "POST"])
def admin():
    if (redirect := login_or_forbid("shaoxing_target_update", tk._("Only sysadmins set the targets"))) is not None:
        return redirect
    errors = {}
    year = tk.request.values.get("year") or None
    if tk.request.method == "POST":
        data = {k: tk.request.form.get(k) for k in ("year", *target_progress.METRICS)}
        try:
            tk.get_action("shaoxing_target_update")({"user": tk.current_user.name}, data)
        except tk.ValidationError as e:
            errors = e.error_dict
        else:    # post/redirect/get: reloading the page shows the targets, it does not save again
            tk.h.flash_success(tk._("Targets saved."))
            return tk.redirect_to("shaoxing_targets.admin", year=data["year"])
    progress = tk.get_action("shaoxing_target_progress")
    try:
        result = progress({}, {"year": year} if year and not errors.get("year") else {})
    except tk.ValidationError as e:       # a year in the address that is not one: this year's form
        errors = {**e.error_dict, **errors}
        result = progress({}, {})
    return tk.render("shaoxing/targets_admin.html", {"year": result["year"], "metrics": result["metrics"],
                                                     "errors": errors}), (400 if errors else 200)
