"""Who may read a view's data: whoever may read the table (CKAN's resource rule, then the
company gate — a conditional table without a grant, or a quarantined one, draws nothing). In a
request the gate's decision is taken with the request's app key and rate limits, so an embed on a
newspaper's page is limited as any other reader. A quarantined table draws nothing at all."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..access import api as access_api

__all__ = ["shaoxing_view_aggregate", "shaoxing_view_points"]


def refusal(resource_id: str):
    """A quarantined table draws nothing for anyone, its department included: a view is made to
    be shown and embedded, and the department reads the rows in the preview."""
    return access_api.resource_refusal({"id": resource_id}, None)


@tk.auth_allow_anonymous_access
def shaoxing_view_aggregate(context, data_dict):
    resource_id = data_dict.get("resource_id")
    if not isinstance(resource_id, str) or "\x00" in resource_id:
        return {"success": True}        # the schema names the field
    res = model.Resource.get(resource_id)
    if res is None or res.state != "active" or res.package is None:
        return {"success": True}        # the action answers "not found"
    if not tk.check_access("resource_show", dict(context), {"id": res.id}):
        return {"success": False}
    decision = refusal(res.id) or access_api.decide(*access_api.subject(res), context.get("user"))
    if decision.allowed:
        return {"success": True}
    return {"success": False, "msg": " / ".join(decision.reason)}


shaoxing_view_points = shaoxing_view_aggregate
