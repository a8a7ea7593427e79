"""Authorisation of the DataStore status and of reading DataStore tables."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..access import api as access_api

__all__ = ["shaoxing_datastore_status", "shaoxing_interface_list", "datastore_search", "datastore_info",
           "datastore_search_sql"]


@tk.auth_allow_anonymous_access
def shaoxing_datastore_status(context, data_dict):
    # The load's state of a resource is visible to whoever sees the resource.
    return {"success": tk.check_access("resource_show", context, {"id": data_dict.get("resource_id")})}


@tk.auth_allow_anonymous_access
def shaoxing_interface_list(context, data_dict):
    return {"success": True}


def _table_readable(context, resource_id) -> dict:
    """The company gate decides (CKAN's resource_show rule lets anyone see a public entry's
    resources); in a request its decision is taken once, with the request's app key."""
    if not resource_id:
        return {"success": True}
    res = model.Resource.get(resource_id)
    if res is None or res.state != "active" or res.package is None:
        return {"success": True}    # core's own check answers "not found"
    decision = access_api.decide(*access_api.subject(res), context.get("user"))
    if decision.allowed:
        return {"success": True}
    return {"success": False, "msg": " / ".join(decision.reason)}


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search(original, context, data_dict):
    result = original(context, data_dict)
    if not result.get("success"):
        return result
    return _table_readable(context, data_dict.get("resource_id") or data_dict.get("id"))


datastore_info = datastore_search


@tk.chained_auth_function
def datastore_search_sql(original, context, data_dict):
    # SQL can touch any table: only sysadmins may use it (it is disabled by default anyway).
    return {"success": False, "msg": "sysadmins only / 仅系统管理员"}
