"""Template helpers of the search page's zero-result block."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SolrConnectionError
from flask import current_app

from . import querylog, suggestions

log = logging.getLogger(__name__)

__all__ = ["shaoxing_zero_result_help", "shaoxing_request_data_url"]

# The data-request form (the interaction feature's), asked by its address, not its endpoint's name.
REQUEST_FORM = "/requests/new"


def shaoxing_zero_result_help(q) -> dict:
    """{"did_you_mean": [terms], "domains": [{"name", "display_name", "count"}]}; empty lists
    while search does not answer."""
    days = tk.config.get("ckanext.shaoxing.suggest.hot_days")
    least = tk.config.get("ckanext.shaoxing.suggest.hot_min_searches")
    try:
        known = [t["query"] for t in querylog.top(days, 500, least)]
        return suggestions.help_for(q, known)
    except (SolrConnectionError, SearchError) as e:
        log.warning("zero-result help left out, search unavailable: %s", type(e).__name__)
        return {"did_you_mean": [], "domains": []}


def shaoxing_request_data_url(q: str | None = None) -> str:
    """The data-request form with the query as its title, or, where the portal has none, the
    page with the bureau's contact."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule == REQUEST_FORM and "GET" in (rule.methods or ()):
            return tk.h.url_for(rule.endpoint, title=q) if q else tk.h.url_for(rule.endpoint)
    return tk.h.url_for("home.about")
