"""A search page that fails because Solr is unreachable answers 503 with a clear page (in both
languages) instead of CKAN's bare 500; every other error keeps CKAN's own handler."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SolrConnectionError, make_connection
from flask import request
from werkzeug.exceptions import InternalServerError

log = logging.getLogger(__name__)

SEARCH_ENDPOINTS = ("organization.read", "group.read")


def solr_reachable() -> bool:
    try:
        make_connection().search(q="*:*", rows=0)
    except Exception:  # pysolr raises many kinds; any of them means no search now
        return False
    return True


def outage_page(error=None):
    log.error("search unavailable: Solr at %s does not answer", tk.config.get("solr_url"))
    return tk.render("shaoxing/search_unavailable.html"), 503, {"Retry-After": "60"}


def register(app) -> None:
    ckan_handler = app.error_handler_spec[None][500][InternalServerError]

    def on_500(error):
        # CKAN's search views turn a Solr outage into abort(500): tell it apart by asking Solr.
        endpoint = request.endpoint or ""
        if (endpoint.endswith(".search") or endpoint in SEARCH_ENDPOINTS) and not solr_reachable():
            return outage_page()
        return ckan_handler(error)

    app.register_error_handler(500, on_500)
    # Pages that search without catching the outage (the home page's counts) get the same page.
    app.register_error_handler(SolrConnectionError, outage_page)
