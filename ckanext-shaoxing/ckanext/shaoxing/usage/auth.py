"""Usage of what a user can see is visible to that user."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["shaoxing_usage_show", "shaoxing_usage_summary"]


@tk.auth_allow_anonymous_access
def shaoxing_usage_show(context, data_dict):
    if data_dict.get("resource_id"):
        tk.check_access("resource_show", context, {"id": data_dict["resource_id"]})
    elif data_dict.get("package_id"):
        tk.check_access("package_show", context, {"id": data_dict["package_id"]})
    return {"success": True}


@tk.auth_allow_anonymous_access
def shaoxing_usage_summary(context, data_dict):
    return {"success": True}
