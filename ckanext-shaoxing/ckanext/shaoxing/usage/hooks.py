"""Where usage is counted: after CKAN's own dataset page and resource download views answer.
One after_request hook, so the views themselves stay CKAN's."""
from __future__ import annotations

from flask import request

from . import counters

# By name: each dataset type registers the same two view functions under its own endpoints,
# and the function objects are not always the ones an import here would see.
# A table's dump (CSV, TSV, JSON, XML by CKAN; XLSX by the interfaces) is a download of it, once,
# however many pages of rows it reads.
COUNTED_VIEWS = {"ckan.views.resource.download": "download", "ckan.views.dataset.read": "view",
                 "ckanext.datastore.blueprint.dump": "download",
                 "ckanext.shaoxing.interfaces.views.dump_labelled": "download"}


def register(app) -> None:
    def count_usage(response):
        view = app.view_functions.get(request.endpoint)
        kind = view and COUNTED_VIEWS.get(f"{view.__module__}.{view.__qualname__}")
        # 200: a file served or a page shown; 302: a link followed through the portal; 304: a
        # file or page the browser already holds, revalidated with the portal (still a use).
        if not kind or request.method != "GET" or response.status_code not in (200, 302, 304):
            return response
        if counters.is_bot(request.user_agent.string):
            return response
        args = request.view_args or {}
        counters.count(kind, args["resource_id"] if kind == "download" else args["id"])
        return response

    # Last of the after_request hooks (Flask runs them in reverse order of registration): CKAN's
    # own ends the request's database session and can still fail (PostgreSQL gone mid-request),
    # turning the answer into a 503; a download counted before that would be one nobody got.
    app.after_request_funcs.setdefault(None, []).insert(0, count_usage)
