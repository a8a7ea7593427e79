"""Pages and the JSON of suggestions: `/api/suggest` (what the search boxes ask as one types),
the bureau's page of 热门搜索 terms (hide one), and its zero-result report (page and XLSX)."""
from __future__ import annotations

import functools
import io
import logging

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SolrConnectionError
from flask import Blueprint, jsonify, request, send_file
from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from openpyxl import Workbook

from .. import spreadsheet
from ..bilingual import in_language, message
from ..web import login_or_forbid
from . import querylog

log = logging.getLogger(__name__)
suggest = Blueprint("shaoxing_suggest", __name__)

RATE = ("请求过于频繁，请稍后再试", "too many requests; retry later")
DOWN = ("检索服务暂不可用", "search is unavailable")


def _error(status: int, body: dict, **headers):
    response = jsonify({"success": False, "error": body})
    response.status_code = status
    response.headers.update(headers)
    return response


@functools.lru_cache(maxsize=4)
def _limiter(url: str) -> FixedWindowRateLimiter:
    # A connection pool per URL, not state: the counts live in Redis, shared by every worker.
    return FixedWindowRateLimiter(storage_from_string(url, socket_timeout=0.5, socket_connect_timeout=0.5))


def _allowed() -> bool:
    """Requests per second per client address (`…suggest.per_second`, 0: none); a Redis that
    does not answer limits nothing (suggestions are public)."""
    limit = tk.config.get("ckanext.shaoxing.suggest.per_second")
    if limit <= 0:
        return True
    try:
        return _limiter(tk.config.get("ckan.redis.url")).hit(
            RateLimitItemPerSecond(limit), "shaoxing:suggest", request.remote_addr or "-")
    except Exception as e:   # redis-py's errors, or limits' wrapper of them
        log.warning("suggestion rate limit unavailable: %s", e)
        return True


@suggest.route("/api/suggest")
def suggest_json():
    """{"success": true, "result": {"q", "suggestions": [{"label", "kind", "url"}]}}."""
    if not _allowed():
        return _error(429, {"__type": "Rate Limit", "message": message(*RATE)}, **{"Retry-After": "1"})
    if len(request.args.getlist("q")) > 1:
        return _error(409, {"__type": "Validation Error", "q": [message("只能给出一个", "must be given once")]})
    try:
        result = tk.get_action("shaoxing_suggest_list")({"user": ""}, {"q": request.args.get("q", "")})
    except tk.ValidationError as e:
        return _error(409, {"__type": "Validation Error", **e.error_dict})
    except (SolrConnectionError, SearchError):
        return _error(503, {"__type": "Search Unavailable", "message": message(*DOWN)}, **{"Retry-After": "30"})
    response = jsonify({"success": True, "result": result})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@suggest.route("/ckan-admin/search-terms")
def terms():
    """The last `hot_days` days' most searched terms (hide one from 热门搜索), and the hidden ones."""
    if (redirect := login_or_forbid("shaoxing_suggest_hide", tk._("Only sysadmins manage the popular searches"))) is not None:
        return redirect
    days = tk.config.get("ckanext.shaoxing.suggest.hot_days")
    return tk.render("shaoxing/suggest/terms.html", {
        "days": days, "top": querylog.top(days, 50, 1), "hidden": querylog.hidden(),
        "shown": tk.get_action("shaoxing_suggest_hot")({"user": tk.current_user.name}, {"limit": 6})["terms"]})


@suggest.route("/ckan-admin/search-terms/<any(hide, unhide):verb>", methods=["POST"])
def change_term(verb: str):
    if (redirect := login_or_forbid("shaoxing_suggest_hide", tk._("Only sysadmins manage the popular searches"))) is not None:
        return redirect
    try:
        tk.get_action(f"shaoxing_suggest_{verb}")({"user": tk.current_user.name}, {"query": request.form.get("query")})
    except tk.ValidationError as e:
        text = "; ".join(in_language(m, tk.h.lang()) for m in e.error_dict.get("query", []))
        tk.h.flash_error(tk._("Search term: {error}").format(error=text))
    else:     # post/redirect/get
        tk.h.flash_success(tk._("Hidden from the popular searches.") if verb == "hide"
                           else tk._("Shown in the popular searches again."))
    return tk.redirect_to("shaoxing_suggest.terms")


def _report():
    try:
        return tk.get_action("shaoxing_suggest_zero_results")({"user": tk.current_user.name},
                                                               {"month": request.args.get("month") or None}), {}
    except tk.ValidationError as e:    # this month's report, and the error in the page's language
        errors = {k: [in_language(m, tk.h.lang()) for m in v] for k, v in e.error_dict.items()}
        return tk.get_action("shaoxing_suggest_zero_results")({"user": tk.current_user.name}, {}), errors


@suggest.route("/ckan-admin/zero-results")
def zero_results():
    """The month's searches that found nothing, most frequent first: what citizens want and
    cannot find."""
    if (redirect := login_or_forbid("shaoxing_suggest_zero_results", tk._("Only sysadmins read the search log"))) is not None:
        return redirect
    result, errors = _report()
    return tk.render("shaoxing/suggest/zero_results.html", {"result": result, "errors": errors}), (400 if errors else 200)


@suggest.route("/ckan-admin/zero-results.xlsx")
def zero_results_xlsx():
    if (redirect := login_or_forbid("shaoxing_suggest_zero_results", tk._("Only sysadmins read the search log"))) is not None:
        return redirect
    result, errors = _report()
    if errors:
        tk.abort(400, "; ".join(errors.get("month", [])))
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(result["month"])
    sheet.append(spreadsheet.cells(sheet, [tk._("Search term"), tk._("Searches without results"),
                                           tk._("Searches"), tk._("Last searched")]))
    for row in result["queries"]:      # the terms are what citizens typed: text cells, never formulas
        sheet.append(spreadsheet.cells(sheet, [row["query"], row["zero_results"], row["searches"], row["last_day"]]))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return send_file(out, as_attachment=True, download_name=f"zero-results-{result['month']}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
