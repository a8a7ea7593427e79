"""Calls made with app keys, per day, key and resource."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.logic import validate

from .. import keys, queries, schema
from .shared import callers_company

__all__ = ["shaoxing_api_usage"]


@validate(schema.api_usage)
@tk.side_effect_free
def shaoxing_api_usage(context, data_dict):
    """Calls made with app keys per day, key and resource (a company's own; sysadmins any
    `company_id` or all), between `date_from` and `date_to`; unflushed counts included."""
    tk.check_access("shaoxing_api_usage", context, data_dict)
    cid = data_dict.get("company_id")
    if not authz.is_sysadmin(context["user"]):
        cid = callers_company(context)["id"]
    merged: dict[tuple, int] = {}
    for r in queries.calls(cid, data_dict.get("date_from"), data_dict.get("date_to")):
        k = (r["day"].isoformat(), r["key_id"], r["company_id"], r["package_id"], r["resource_id"])
        merged[k] = merged.get(k, 0) + r["calls"]
    prefixes = queries.key_prefixes(k for (_, k, _, _, _) in merged)
    rows = [{"day": d, "key_id": k, "key": keys.visible(prefixes.get(k, "?")), "company_id": c, "package_id": p,
             "resource_id": res, "calls": n} for (d, k, c, p, res), n in sorted(merged.items())]
    return {"total": sum(r["calls"] for r in rows), "rows": rows}
