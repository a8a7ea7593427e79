"""Target actions: progress against the yearly targets (public), and setting them (sysadmin)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert

from ..catalog.helpers import schema_fields
from . import cache, progress, ranking
from .model import target

__all__ = ["shaoxing_target_progress", "shaoxing_target_update", "shaoxing_ranking_show", "shaoxing_portal_figures"]


def _year(data_dict: dict) -> int:
    raw = data_dict.get("year")
    this_year = dt.datetime.now(ZoneInfo("Asia/Shanghai")).year   # the bureau's calendar
    if raw in (None, ""):
        return this_year
    try:
        year = int(str(raw))
    except ValueError:
        raise tk.ValidationError({"year": ["年份应为整数 / year must be a whole number"]})
    if not 2000 <= year <= this_year + 1:
        raise tk.ValidationError({"year": [f"年份应在 2000 至 {this_year + 1} 之间 / year must be 2000–{this_year + 1}"]})
    return year


@tk.side_effect_free
def shaoxing_target_progress(context, data_dict):
    """Progress of `year` (default: this year) against its targets, optionally for one
    `organization` (name or id) or one `region_code`: totals, breakdowns by department, domain
    and district, and the monthly trend."""
    tk.check_access("shaoxing_target_progress", context, data_dict)
    year = _year(data_dict)
    params = {}
    if data_dict.get("organization"):
        org = model.Group.get(data_dict["organization"])
        if org is None or not org.is_organization:
            raise tk.ValidationError({"organization": ["没有该数源单位 / no such department"]})
        params["organization"] = org.id
    if data_dict.get("region_code"):
        districts = {c["value"] for f in schema_fields() if f["field_name"] == "region_code" for c in f["choices"]}
        if data_dict["region_code"] not in districts:
            raise tk.ValidationError({"region_code": ["不是有效的行政区划代码 / not a district code"]})
        params["region_code"] = data_dict["region_code"]
    return cache.cached("progress", {"year": year, **params}, lambda: progress.progress(year, params))


def shaoxing_target_update(context, data_dict):
    """Set the targets of `year`: any of open_datasets, open_apis, shared_apis (whole numbers ≥ 0)
    and governance_rate (0–1). Returns the targets of that year."""
    tk.check_access("shaoxing_target_update", context, data_dict)
    year = _year(data_dict)
    errors, values = {}, {}
    for metric in progress.METRICS:
        raw = data_dict.get(metric)
        if raw in (None, ""):
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            errors[metric] = ["应为数字 / must be a number"]
            continue
        if metric == "governance_rate" and not 0 <= value <= 1:
            errors[metric] = ["应在 0 到 1 之间 / must be between 0 and 1"]
        elif metric != "governance_rate" and (value < 0 or not value.is_integer()):
            errors[metric] = ["应为非负整数 / must be a whole number ≥ 0"]
        else:
            values[metric] = value
    if errors:
        raise tk.ValidationError(errors)
    for metric, value in values.items():
        stmt = insert(target).values(year=year, metric=metric, value=value, updated_by=context.get("user"))
        model.Session.execute(stmt.on_conflict_do_update(
            index_elements=["year", "metric"], set_={"value": value, "updated_by": context.get("user")}))
    model.Session.commit()
    cache.changed()
    return {"year": year, **progress.targets(year)}


@tk.side_effect_free
def shaoxing_ranking_show(context, data_dict):
    """Department ranking of the `period` (week, month or year) holding `date` (default today):
    score, its parts and the change in rank against the previous period. Finished periods are
    read from their snapshot, so they do not change when the data changes later."""
    tk.check_access("shaoxing_ranking_show", context, data_dict)
    period = data_dict.get("period") or "month"
    if period not in ranking.PERIODS:
        raise tk.ValidationError({"period": ["应为 week、month 或 year / must be week, month or year"]})
    raw = data_dict.get("date")
    try:
        day = dt.date.fromisoformat(str(raw)) if raw else ranking.today()
    except ValueError:
        raise tk.ValidationError({"date": ["日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD"]})
    if not dt.date(2000, 1, 1) <= day <= ranking.today():
        raise tk.ValidationError({"date": ["日期应在 2000-01-01 至今天之间 / date must be between 2000-01-01 and today"]})
    return cache.cached("ranking", {"period": period, "day": day}, lambda: ranking.show(period, day))


@tk.side_effect_free
def shaoxing_portal_figures(context, data_dict):
    """The portal's totals by the targets' counting rules, all years: open datasets, open APIs,
    shared interfaces, and the departments that publish open datasets."""
    tk.check_access("shaoxing_portal_figures", context, data_dict)
    return cache.cached("figures", {}, progress.totals)
