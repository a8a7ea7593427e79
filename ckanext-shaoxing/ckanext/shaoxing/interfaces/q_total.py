"""The total of a Chinese `q`. The exact total counts every matching row: a term found in most
rows of a 200,000-row table costs a read of the whole table on every page, whatever the
indexes. Up to a threshold the total stays exact (the count stops one row past it); above it the
answer gives the planner's estimate, flagged `total_was_estimated` (the key CKAN documents for
its datastore_search), and the page says "约 N". The threshold is the request's
`total_estimation_threshold` (CKAN accepts the parameter and ignores it) or, by default,
`ckanext.shaoxing.datastore.q_total_estimation_threshold`; 0 or less: always exact. A term
matching few rows keeps its exact total, counted once: CKAN's own count is not run again."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .chinese_q import CJK

# The asked threshold, carried past the DataStore's schema (which drops it) in the context.
THRESHOLD = "shaoxing_total_estimation_threshold"
# Set when this module took the total: the answer then still says include_total as asked.
TAKEN = "shaoxing_total_taken"


def asked(context: dict, data_dict: dict) -> None:
    """Before the DataStore's validation: keep the request's threshold (checked a whole number
    ≥ 0 by the chained action's guard)."""
    value = data_dict.get("total_estimation_threshold")
    if value not in (None, ""):
        context[THRESHOLD] = int(value)


def _chinese(q) -> bool:
    if isinstance(q, str):
        return bool(CJK.search(q))
    return isinstance(q, dict) and any(isinstance(v, str) and CJK.search(v) for v in q.values())


def bound(context: dict, data_dict: dict, query_dict: dict) -> None:
    """The IDatastore step after the query is complete: the total of a Chinese `q`, exact up to
    the threshold, else estimated; CKAN's own count then skipped (include_total off)."""
    if not data_dict.get("include_total") or query_dict.get("distinct") or not _chinese(data_dict.get("q")):
        return
    threshold = context.get(THRESHOLD)
    if threshold is None:
        threshold = tk.config.get("ckanext.shaoxing.datastore.q_total_estimation_threshold")
    if not threshold or threshold <= 0:
        return
    from ckanext.datastore.backend.postgres import _where, identifier
    where, values = _where(query_dict["where"])
    params = {k: v for chunk in values for k, v in chunk.items()}
    matching = f"FROM {identifier(data_dict['resource_id'])} {query_dict.get('ts_query') or ''} {where}"
    conn = context["connection"]
    count = conn.execute(sa.text(f"SELECT count(*) FROM (SELECT 1 {matching} LIMIT :shaoxing_bound) t"),
                         {**params, "shaoxing_bound": threshold + 1}).scalar()
    if count > threshold:
        data_dict["total"] = max(threshold + 1, _estimate(conn, matching, params))
        data_dict["total_was_estimated"] = True
    else:
        data_dict["total"] = count
    data_dict["include_total"] = False
    context[TAKEN] = True


def _estimate(conn, matching: str, params: dict) -> int:
    plan = conn.execute(sa.text(f"EXPLAIN (FORMAT JSON) SELECT 1 {matching}"), params).scalar()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def answered(context: dict, result: dict) -> dict:
    """After the search: the answer says include_total as asked when this module took the total."""
    if context.pop(TAKEN, False):
        result["include_total"] = True
    return result
