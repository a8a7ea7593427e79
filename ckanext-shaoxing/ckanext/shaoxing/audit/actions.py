"""Reading the audit trail."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
from ckan.logic import validate

from .. import clock
from . import model, schema

__all__ = ["shaoxing_audit_search"]



def filters(data_dict: dict) -> dict:
    """Validated parameters as the model's filters: days become [start, next day start) instants."""
    out = {k: data_dict.get(k) for k in ("actor", "event", "result", "object_type", "object_id")}
    if data_dict.get("date_from"):
        out["date_from"] = clock.start_of(data_dict["date_from"])     # the search's dates are Shaoxing days
    if data_dict.get("date_to"):
        out["date_to"] = clock.start_of(data_dict["date_to"] + dt.timedelta(days=1))
    return out


def as_dict(row: dict) -> dict:
    return {**row, "at": row["at"].isoformat()}


@validate(schema.audit_search)
@tk.side_effect_free
def shaoxing_audit_search(context, data_dict):
    """Security events, newest first, filtered by `date_from`/`date_to` (YYYY-MM-DD, inclusive,
    Shaoxing days), `actor`, `event` (an event name or its area: "login"), `result`,
    `object_type`, `object_id`; `limit` (1–1000, default 50) and `offset` page through them.
    Returns {"count", "results"}. Sysadmins only."""
    tk.check_access("shaoxing_audit_search", context, data_dict)
    f = filters(data_dict)
    return {"count": model.count(f),
            "results": [as_dict(r) for r in model.rows(f, data_dict["limit"], data_dict["offset"])]}
