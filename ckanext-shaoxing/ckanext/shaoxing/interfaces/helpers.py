"""What resource pages show of the DataStore: the load's state and the interface's address."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ..access import api as access_api
from . import catalog

__all__ = ["shaoxing_datastore_state", "shaoxing_interface_of", "shaoxing_may_read_data", "shaoxing_q_total_threshold"]


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
