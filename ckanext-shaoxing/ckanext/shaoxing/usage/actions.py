"""Usage actions: the public usage report, and counting calls of the DataStore API."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from flask import has_request_context, request

from ..interfaces import api as interfaces_api
from ..params import guard
from . import counters, schema, totals

__all__ = ["shaoxing_usage_show", "shaoxing_usage_summary", "datastore_search"]


@validate(schema.usage_show)
@tk.side_effect_free
def shaoxing_usage_show(context, data_dict):
    """Views, downloads and API calls of a dataset (`package_id`) or a resource (`resource_id`),
    optionally between `date_from` and `date_to` (inclusive), with a per-day breakdown. Counts
    not yet flushed from Redis are included."""
    tk.check_access("shaoxing_usage_show", context, data_dict)
    package_id, resource_id = data_dict.get("package_id"), data_dict.get("resource_id")
    date_from, date_to = data_dict["date_from"], data_dict["date_to"]
    if resource_id:
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
        return totals.usage(resource_id=resource["id"], date_from=date_from, date_to=date_to)
    package = tk.get_action("package_show")(dict(context), {"id": package_id})
    return totals.usage(package_id=package["id"], date_from=date_from, date_to=date_to)


@validate(schema.usage_summary)
@tk.side_effect_free
def shaoxing_usage_summary(context, data_dict):
    """Views, downloads and API calls of every public dataset of the portal, as flushed to
    PostgreSQL (at most one flush interval behind)."""
    tk.check_access("shaoxing_usage_summary", context, data_dict)
    return totals.public_totals()


@tk.side_effect_free   # or the chained action loses core's, and GET /api/3/action/datastore_search is refused
@tk.chained_action
def datastore_search(original, context, data_dict):
    guard(data_dict, schema.datastore_search(), context)
    interfaces_api.total_threshold_asked(context, data_dict)
    result = interfaces_api.total_answered(context, original(context, data_dict))
    # Counted once the call succeeded; the resource id is CKAN's own after resource_show auth.
    # An interface endpoint names its own resource (the call is one of that interface); the
    # documentation page's sample rows are not a call.
    if not context.get("shaoxing_uncounted") and _by_api_client(context):
        counters.count("api_call", context.get("shaoxing_api_resource")
                       or result.get("resource_id") or data_dict.get("resource_id"))
    return result


def _by_api_client(context) -> bool:
    """A call of CKAN's action API or of an interface endpoint. The portal's own pages read
    tables through this action too (the resource page's preview makes several calls per view,
    a dump one per page of rows): those are views and downloads, not API calls."""
    return bool(context.get("shaoxing_api_resource")) or (has_request_context() and request.blueprint == "api")
