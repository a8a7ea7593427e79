"""Where a backing service's outage becomes a 503 instead of a 500 (registered on the Flask app
by the plugin's make_middleware):

- an exception of a lost database connection, wherever it is raised (CKAN identifying the user,
  a view, an action): 503 for the database that is down;
- the home page, whose CKAN view catches a failed search but not an unreachable Solr: drawn as
  CKAN draws it after a failed search (our lists then say they wait, home/helpers.py);
- CKAN's search views, which turn a Solr outage into abort(500), and the pages that search
  without catching it: the search 503;
- the action API, which catches every exception itself and answers 500 JSON ("Search Connection
  Error", "Internal Server Error"), or 409 "Search Error" when Solr answers but does not serve:
  that answer is replaced by the 503 of the service that is down, if one is.
Every other error keeps CKAN's own handler. Which service is down is asked when an error
happens (health.py), never remembered: the next request after a recovery is served as usual."""
from __future__ import annotations

import functools
import json
import logging

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SolrConnectionError
from flask import request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import InternalServerError

from . import answers, health

log = logging.getLogger(__name__)

SEARCH_ENDPOINTS = ("organization.read", "group.read")
# What the action API answers when a service failed under it (status, error type), and which
# services may be why. Solr reachable but not serving (503 while its core loads) reaches the API
# as a SearchError, which it answers 409 "Search Error" like a refused query.
API_FAILURES = {(500, "Search Connection Error"): (health.SOLR,),
                (500, "Search Index Error"): (health.SOLR,),
                (409, "Search Error"): (health.SOLR,),
                (500, "Internal Server Error"): (health.POSTGRESQL, health.DATASTORE, health.SOLR)}


# SQLSTATEs of a connection refused or ended by the server: its class 08, and the shutdown and
# "the database system is starting up" of a restart (57P01-57P03).
CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")


def _failed_to_connect(error: DBAPIError) -> bool:
    # No SQLSTATE: the client lost or never made the connection (psycopg2 says so without one).
    code = getattr(getattr(error, "orig", None), "pgcode", None)
    return error.connection_invalidated or code is None or code.startswith(CONNECTION_STATES)


def _database_down(error: BaseException) -> str | None:
    """The database whose outage `error` is: one that does not answer now, or, if both answer
    again by now, the catalogue's when the request could not connect (the last seconds of a
    restart). A query's own error (a timeout, a deadlock, bad SQL) is not an outage."""
    if not isinstance(error, (OperationalError, InterfaceError)) and not (
            isinstance(error, DBAPIError) and error.connection_invalidated):
        return None
    down = health.down((health.POSTGRESQL, health.DATASTORE))
    if down:
        return down[0]
    return health.POSTGRESQL if _failed_to_connect(error) else None


def _on_database_error(error):
    service = _database_down(error)
    if service is None:
        raise error     # not an outage: CKAN's own 500
    return answers.unavailable(service)


def _home_without_search(view):
    @functools.wraps(view)
    def index():
        try:
            return view()
        except SolrConnectionError:
            log.warning("Solr unreachable: the home page drawn without its search")
            tk.g.package_count = 0      # what CKAN's view sets after a failed search
            return tk.render("home/index.html", {})
    return index


def register(app) -> None:
    ckan_handler = app.error_handler_spec[None][500][InternalServerError]

    def on_500(error):
        original = getattr(error, "original_exception", None)
        service = _database_down(original) if original is not None else None
        if service:
            return answers.unavailable(service)
        endpoint = request.endpoint or ""
        if (endpoint.endswith(".search") or endpoint in SEARCH_ENDPOINTS) and health.down((health.SOLR,)):
            return answers.unavailable(health.SOLR)
        return ckan_handler(error)

    def on_solr_error(error):
        return answers.unavailable(health.SOLR)

    def api_failure(response):
        if response.status_code not in (409, 500) or not answers.wants_json() \
                or response.mimetype != "application/json":
            return response
        try:
            kind = json.loads(response.get_data())["error"]["__type"]
        except (ValueError, KeyError, TypeError):
            return response
        services = API_FAILURES.get((response.status_code, kind))
        if not services:
            return response
        down = health.down(services)
        return answers.unavailable(down[0]) if down else response

    if "home.index" in app.view_functions:
        app.view_functions["home.index"] = _home_without_search(app.view_functions["home.index"])
    app.register_error_handler(500, on_500)
    app.register_error_handler(OperationalError, _on_database_error)
    app.register_error_handler(InterfaceError, _on_database_error)
    app.register_error_handler(SolrConnectionError, on_solr_error)
    app.after_request(api_failure)
