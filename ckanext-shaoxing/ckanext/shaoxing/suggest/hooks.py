"""Where searches are counted: the catalogue page's own search, once per request, on its first
page of results (a page turned is the same search). API searches and the portal's own lists
are not citizens typing."""
from __future__ import annotations

from flask import has_request_context, request

from ..usage import api as usage_api
from . import querylog

SEARCH_PAGES = {"dataset.search"}


def searched(search_results: dict, search_params: dict) -> None:
    if not has_request_context() or request.endpoint not in SEARCH_PAGES or request.method != "GET":
        return
    if request.environ.get("shaoxing.query_counted") or int(search_params.get("start") or 0) > 0:
        return
    if usage_api.is_bot(request.user_agent.string):
        return
    request.environ["shaoxing.query_counted"] = True
    # Found for the public: a member's search finds the department's private entries too, and a
    # query only they answer must not become a 热门搜索 term everyone sees.
    found = any(not r.get("private") for r in search_results.get("results") or [])
    querylog.record(request.args.get("q"), found, request.remote_addr or "")
