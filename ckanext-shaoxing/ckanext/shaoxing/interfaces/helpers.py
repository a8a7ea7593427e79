"""What resource pages show of the DataStore: the load's state and the interface's address."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ..access import api as access_api
from . import catalog

__all__ = ["format_resource_items", "shaoxing_column_type", "shaoxing_datastore_state", "shaoxing_interface_of",
           "shaoxing_may_read_data",
           "shaoxing_q_total_threshold"]


def shaoxing_datastore_state(resource_id: str) -> dict | None:
    """The recorded load state of a file resource (None: never loaded)."""
    try:
        return tk.get_action("shaoxing_datastore_status")({"user": tk.g.user}, {"resource_id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def shaoxing_interface_of(resource_id: str) -> dict | None:
    """The interface a resource stands for (its endpoint and documentation page), if any."""
    row = catalog.of_resource(resource_id)
    if row:
        row["endpoint"] = tk.config.get("ckan.site_url").rstrip("/") + row["path"]
    return row


def shaoxing_may_read_data(package: dict) -> bool:
    """May the current user read this entry's tables (previews, dumps, the data API)?"""
    return access_api.may_read(tk.g.user or None, package)


def shaoxing_q_total_threshold() -> int:
    """Up to how many matching rows a Chinese q's total is exact (q_total.py)."""
    return tk.config.get("ckanext.shaoxing.datastore.q_total_estimation_threshold")


def shaoxing_column_type(type_: str | None) -> str:
    """A DataStore column's type as a reader names it (整数, 文本), not PostgreSQL's name (int8, text)."""
    _ = tk._
    kinds = {"integer": _("Integer"), "number": _("Number"), "text": _("Text"), "date": _("Date"),
             "timestamp": _("Date and time"), "time": _("Time"), "bool": _("Yes or no"), "json": "JSON"}
    kind = {"int": "integer", "int2": "integer", "int4": "integer", "int8": "integer", "bigint": "integer",
            "smallint": "integer", "numeric": "number", "float4": "number", "float8": "number", "float": "number",
            "double precision": "number", "text": "text", "varchar": "text", "date": "date", "timestamp": "timestamp",
            "timestamptz": "timestamp", "time": "time", "bool": "bool", "boolean": "bool", "json": "json",
            "jsonb": "json"}.get((type_ or "").lower())
    return kinds[kind] if kind else (type_ or "")


@tk.chained_helper
def format_resource_items(next_helper, items):
    """The rows CKAN's resource page adds after the schema's labelled fields: its raw keys
    ("Datastore active", "Package id", "Url type", True/False) are the system's, not the reader's;
    only the file's size is worth a row, under its name in the page's language."""
    size = dict(items).get("size")
    return [(tk._("File size"), value) for key, value in next_helper([("size", size)]) if key == "size"] if size else []
