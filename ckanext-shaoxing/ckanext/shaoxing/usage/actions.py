"""Usage actions: the public usage report, and counting calls of the DataStore API."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk

from . import counters, totals

__all__ = ["shaoxing_usage_show", "shaoxing_usage_summary", "datastore_search"]


def _date(data_dict: dict, key: str):
    value = data_dict.get(key)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise tk.ValidationError({key: ["日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD"]})


@tk.side_effect_free
def shaoxing_usage_show(context, data_dict):
    """Views, downloads and API calls of a dataset (`package_id`) or a resource (`resource_id`),
    optionally between `date_from` and `date_to` (inclusive), with a per-day breakdown. Counts
    not yet flushed from Redis are included."""
    tk.check_access("shaoxing_usage_show", context, data_dict)
    package_id, resource_id = data_dict.get("package_id"), data_dict.get("resource_id")
    if not package_id and not resource_id:
        raise tk.ValidationError({"package_id": ["package_id 或 resource_id 必填 / package_id or resource_id is required"]})
    date_from, date_to = _date(data_dict, "date_from"), _date(data_dict, "date_to")
    if date_from and date_to and date_to < date_from:
        raise tk.ValidationError({"date_to": ["不能早于 date_from / must not be before date_from"]})
    if resource_id:
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
        return totals.usage(resource_id=resource["id"], date_from=date_from, date_to=date_to)
    package = tk.get_action("package_show")(dict(context), {"id": package_id})
    return totals.usage(package_id=package["id"], date_from=date_from, date_to=date_to)


@tk.side_effect_free
def shaoxing_usage_summary(context, data_dict):
    """Views, downloads and API calls of every public dataset of the portal, as flushed to
    PostgreSQL (at most one flush interval behind)."""
    tk.check_access("shaoxing_usage_summary", context, data_dict)
    return totals.public_totals()


@tk.chained_action
def datastore_search(original, context, data_dict):
    result = original(context, data_dict)
    # Counted once the call succeeded; the resource id is CKAN's own after resource_show auth.
    counters.count("api_call", result.get("resource_id") or data_dict.get("resource_id"))
    return result
