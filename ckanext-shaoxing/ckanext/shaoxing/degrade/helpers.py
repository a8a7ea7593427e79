"""Template helpers of the degraded pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import health

__all__ = ["shaoxing_datastore_available", "datastore_dictionary"]


def shaoxing_datastore_available() -> bool:
    """Whether the DataStore database answers now: a resource page draws its preview only then
    (the preview's column list is a datastore_search, which would fail the whole page), and its
    data dictionary likewise. Asked once a request."""
    if "shaoxing_datastore_available" not in tk.g:
        tk.g.shaoxing_datastore_available = health.datastore()
    return tk.g.shaoxing_datastore_available


@tk.chained_helper
def datastore_dictionary(next_helper, resource_id, *args, **kwargs):
    """The DataStore's data dictionary of a resource page; none while the DataStore database
    does not answer (the rest of the page renders)."""
    if not shaoxing_datastore_available():
        return []
    return next_helper(resource_id, *args, **kwargs)
