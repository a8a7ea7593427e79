"""Target actions: progress against the yearly targets (public), and setting them (sysadmin).
Parameters are declared in schema.py and validated before the action runs."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate
from sqlalchemy.dialects.postgresql import insert

from . import cache, progress, ranking, schema
from .model import target

__all__ = ["shaoxing_target_progress", "shaoxing_target_update", "shaoxing_ranking_show", "shaoxing_portal_figures"]


@validate(schema.target_progress)
@tk.side_effect_free
def shaoxing_target_progress(context, data_dict):
    """Progress of `year` (default: this year) against its targets, optionally for one
    `organization` (name or id) or one `region_code`: totals, breakdowns by department, domain
    and district, and the monthly trend."""
    tk.check_access("shaoxing_target_progress", context, data_dict)
    year = data_dict["year"]
    params = {k: data_dict[k] for k in ("organization", "region_code") if data_dict.get(k)}
    return cache.cached("progress", {"year": year, **params}, lambda: progress.progress(year, params))


@validate(schema.target_update)
def shaoxing_target_update(context, data_dict):
    """Set the targets of `year`: any of open_datasets, open_apis, shared_apis (whole numbers ≥ 0)
    and governance_rate (0–1). Returns the targets of that year."""
    tk.check_access("shaoxing_target_update", context, data_dict)
    year = data_dict["year"]
    for metric in progress.METRICS:
        value = data_dict.get(metric)
        if value is None:
            continue
        stmt = insert(target).values(year=year, metric=metric, value=value, updated_by=context.get("user"))
        model.Session.execute(stmt.on_conflict_do_update(
            index_elements=["year", "metric"], set_={"value": value, "updated_by": context.get("user")}))
    model.Session.commit()
    cache.changed()
    return {"year": year, **progress.targets(year)}


@validate(schema.ranking_show)
@tk.side_effect_free
def shaoxing_ranking_show(context, data_dict):
    """Department ranking of the `period` (week, month or year) holding `date` (default today):
    score, its parts and the change in rank against the previous period. Finished periods are
    read from their snapshot, so they do not change when the data changes later."""
    tk.check_access("shaoxing_ranking_show", context, data_dict)
    period, day = data_dict["period"], data_dict["date"]
    return cache.cached("ranking", {"period": period, "day": day}, lambda: ranking.show(period, day))


@validate(schema.portal_figures)
@tk.side_effect_free
def shaoxing_portal_figures(context, data_dict):
    """The portal's totals by the targets' counting rules, all years: open datasets, open APIs,
    shared interfaces, and the departments that publish open datasets."""
    tk.check_access("shaoxing_portal_figures", context, data_dict)
    return cache.cached("figures", {}, progress.totals)
