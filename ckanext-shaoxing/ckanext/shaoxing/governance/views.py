"""Quality pages: a dataset's report and a department's (their department and sysadmins), the
city's summary (public), the re-check button and the sysadmin's override form (POST, CSRF)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from .checks.dimensions import DIMENSIONS, LABELS
from .checks.privacy import LABELS as PRIVACY_LABELS

governance = Blueprint("shaoxing_quality", __name__)


def _context() -> dict:
    return {"user": tk.g.user}


def _or_login(action: str, data: dict):
    """The action's result, or a login redirect for visitors and a 403 for other users."""
    try:
        return tk.get_action(action)(_context(), data)
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Not found"))
    except tk.NotAuthorized:
        if not tk.current_user.is_authenticated:
            return tk.redirect_to("user.login", came_from=tk.request.full_path)
        return tk.abort(403, tk._("The quality report is for its department and sysadmins."))


def _labels() -> dict:
    zh = (tk.h.lang() or "").startswith("zh")
    pick = (lambda pair: pair[0]) if zh else (lambda pair: pair[1])
    return {"zh": zh, "dimensions": DIMENSIONS, "dimension_labels": {k: pick(v) for k, v in LABELS.items()},
            "privacy_labels": {k: pick(v) for k, v in PRIVACY_LABELS.items()}}


@governance.route("/dataset/<id>/quality")
def report(id: str):
    result = _or_login("shaoxing_quality_show", {"id": id})
    if not isinstance(result, dict):
        return result
    pkg = tk.get_action("package_show")({**_context(), "ignore_auth": True}, {"id": result["id"]})
    may_run = _allowed("shaoxing_quality_run", {"id": pkg["id"]})
    return tk.render("shaoxing/quality/report.html", {"report": result, "pkg": pkg, "may_run": may_run,
                                                      "is_sysadmin": tk.current_user.is_authenticated
                                                      and tk.current_user.sysadmin, **_labels()})


def _allowed(auth: str, data: dict) -> bool:
    try:
        tk.check_access(auth, _context(), data)
        return True
    except tk.NotAuthorized:
        return False


@governance.route("/dataset/<id>/quality/run", methods=["POST"])
def run(id: str):
    result = _or_login("shaoxing_quality_run", {"id": id})
    if not isinstance(result, dict):
        return result
    tk.h.flash_success(tk._("The check is queued; the report shows its result when the worker has run it."))
    return tk.redirect_to("shaoxing_quality.report", id=id)


@governance.route("/dataset/<id>/quality/override/<resource_id>", methods=["POST"])
def override(id: str, resource_id: str):
    try:
        tk.get_action("shaoxing_quarantine_override")(_context(), {"resource_id": resource_id,
                                                                  "reason": tk.request.form.get("reason", "")})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only sysadmins override a quarantine."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(" ".join(v) for v in e.error_dict.values()))
        return tk.redirect_to("shaoxing_quality.report", id=id)
    tk.h.flash_success(tk._("The quarantine is overridden; the reason is recorded."))
    return tk.redirect_to("shaoxing_quality.report", id=id)


@governance.route("/organization/<id>/quality")
def department(id: str):
    result = _or_login("shaoxing_quality_list", {"organization": id})
    if not isinstance(result, dict):
        return result
    summary = tk.get_action("shaoxing_quality_summary")(_context(), {"organization": id})
    return tk.render("shaoxing/quality/department.html", {"dept": result, "summary": summary, **_labels()})


@governance.route("/quality")
def summary():
    result = tk.get_action("shaoxing_quality_summary")(_context(), {})
    return tk.render("shaoxing/quality/summary.html", {"summary": result, **_labels()})
