"""Suggestion actions: what to suggest for typed text, 热门搜索, the zero-result report, and
hiding a term from 热门搜索."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
from ckan.logic import validate

from .. import clock
from . import querylog, schema, suggestions

__all__ = ["shaoxing_suggest_list", "shaoxing_suggest_hot", "shaoxing_suggest_zero_results",
           "shaoxing_suggest_hide", "shaoxing_suggest_unhide"]

MAX_HOT = 20


def hot_settings() -> tuple[int, int]:
    return (tk.config.get("ckanext.shaoxing.suggest.hot_days"),
            tk.config.get("ckanext.shaoxing.suggest.hot_min_searches"))


@validate(schema.suggest_list)
@tk.side_effect_free
def shaoxing_suggest_list(context, data_dict):
    """Keywords and titles of public entries matching the typed `q` (up to 8)."""
    tk.check_access("shaoxing_suggest_list", context, data_dict)
    return {"q": suggestions.clean(data_dict.get("q")), "suggestions": suggestions.suggest(data_dict.get("q"))}


@validate(schema.suggest_hot)
@tk.side_effect_free
def shaoxing_suggest_hot(context, data_dict):
    """The most searched queries of the last `hot_days` days that found something (at least
    `hot_min_searches` times), hidden terms left out: {"terms": [{"query", "searches"}]}."""
    tk.check_access("shaoxing_suggest_hot", context, data_dict)
    days, least = hot_settings()
    limit = min(int(data_dict.get("limit") or 6), MAX_HOT)
    return {"days": days, "terms": querylog.top(days, limit, least)}


@validate(schema.suggest_zero_results)
@tk.side_effect_free
def shaoxing_suggest_zero_results(context, data_dict):
    """The queries that found nothing most often in `month` (YYYY-MM, default this month)."""
    tk.check_access("shaoxing_suggest_zero_results", context, data_dict)
    start = data_dict.get("month") or clock.today().replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    limit = min(int(data_dict.get("limit") or 100), 1000)
    rows = querylog.zero_results(start, end, limit)
    return {"month": start.strftime("%Y-%m"),
            "queries": [dict(r, last_day=r["last_day"].isoformat()) for r in rows]}


@validate(schema.suggest_term)
def shaoxing_suggest_hide(context, data_dict):
    """Leave `query` out of 热门搜索 (it stays in the log and the report)."""
    tk.check_access("shaoxing_suggest_hide", context, data_dict)
    querylog.hide(data_dict["query"])
    return {"query": data_dict["query"], "hidden": True}


@validate(schema.suggest_term)
def shaoxing_suggest_unhide(context, data_dict):
    tk.check_access("shaoxing_suggest_unhide", context, data_dict)
    querylog.unhide(data_dict["query"])
    return {"query": data_dict["query"], "hidden": False}
