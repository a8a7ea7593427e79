"""Chained core actions: package_show and organization_show keep dataset pages up while Solr is
not (each retries once without the part that needs Solr, reading PostgreSQL instead);
package_search tells Solr not serving (a core loading after a start) as Solr out;
resource_search, which reads PostgreSQL, hides conditional entries' outside addresses."""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SearchQueryError, SolrConnectionError

from ..access import api as access_api
from ..degrade import api as degrade
from ..params import guard
from . import schema

log = logging.getLogger(__name__)

__all__ = ["package_search", "package_show", "resource_search"]


def _solr_out(error: Exception) -> bool:
    """Whether `error` is Solr being out: unreachable, or reachable but not serving (it answers
    503 while its core loads after a start, which CKAN raises as a SearchError like a bad query:
    asked of Solr now, so a bad query stays an error). Told to the degrade feature, whose 503
    then stands even if Solr is back by the time the error is answered."""
    # Solr's own 503 (pysolr names the status in CKAN's message) says it, even if it serves again
    # by the time it is asked.
    out = isinstance(error, SolrConnectionError) or "(HTTP 503)" in str(error) or bool(degrade.down((degrade.SOLR,)))
    if out:
        degrade.met(degrade.SOLR)
    return out


def _retry_without_solr(original, context, data_dict, context_changes=None, data_changes=None):
    # The same context goes on: callers such as the dataset view read context["package"] back.
    guard(data_dict, schema.show_ids(), context)
    try:
        return original(context, data_dict)
    except (SolrConnectionError, SearchError) as e:
        if not _solr_out(e):
            raise
        log.warning("Solr unreachable: %s answered from the database", original.__name__)
        context.update(context_changes or {})
        return original(context, {**data_dict, **(data_changes or {})})


@tk.chained_action
@tk.side_effect_free
def package_search(original, context, data_dict):
    """Core's search; Solr reachable but not serving is told as Solr out (SolrConnectionError),
    so the search pages and the API answer it as they answer an unreachable Solr (503)."""
    guard(data_dict, schema.package_search(), context)
    try:
        return original(context, data_dict)
    except SearchQueryError:
        raise
    except SolrConnectionError as e:
        _solr_out(e)
        raise
    except SearchError as e:
        if not _solr_out(e):
            raise
        raise SolrConnectionError("Solr is not serving") from e


@tk.chained_action
@tk.side_effect_free
def package_show(original, context, data_dict):
    # Core reads Solr's cached copy first and catches SearchError but not SolrConnectionError.
    return _retry_without_solr(original, context, data_dict, context_changes={"use_cache": False})


def organization_show_retrying(original, context, data_dict):
    """organization_show that answers while Solr is not: the dataset page's sidebar asks for the
    department's dataset count, which is a search. Not registered here: people/actions.py's
    organization_show chain runs it (one chain per action a plugin), through search/api.py."""
    return _retry_without_solr(original, context, data_dict,
                               data_changes={"include_dataset_count": False, "include_datasets": False,
                                             "include_groups": False})


def organization_list_retrying(original, context, data_dict):
    """organization_list that draws the departments page while Solr is not: with all_fields,
    core counts every department's datasets by a search first, whatever else is asked. The page
    then lists them from the database without the counts (and says so:
    `shaoxing_dataset_counts_unavailable`); an API caller gets the search 503 instead of a list
    that silently lacks its counts."""
    try:
        return original(context, data_dict)
    except (SolrConnectionError, SearchError) as e:
        if not context.get("for_view") or not tk.asbool(data_dict.get("all_fields")) or not _solr_out(e):
            raise
        log.warning("Solr unreachable: the departments listed without their dataset counts")
        tk.g.shaoxing_dataset_counts_unavailable = True
        names = original(context, {**data_dict, "all_fields": False})     # same order and page
        shown = {k: tk.asbool(data_dict.get(k)) for k in ("include_extras", "include_users", "include_groups",
                                                          "include_followers", "include_member_count")}
        show = tk.get_action("organization_show")
        return [show(dict(context), {"id": name, **shown, "include_dataset_count": False, "include_datasets": False})
                for name in names]


def _window(data_dict: dict, field: str) -> int | None:
    value = data_dict.get(field)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise tk.ValidationError({field: ["应为非负整数 / must be a whole number ≥ 0"]})
    return number


def _queries_url(query) -> bool:
    terms = [query] if isinstance(query, str) else query if isinstance(query, list) else []
    return any(isinstance(t, str) and t.split(":", 1)[0].strip() == "url" for t in terms)


@tk.chained_action
@tk.side_effect_free
def resource_search(original, context, data_dict):
    """Core's search over the resource table (its own checks and errors), then, for a caller who
    may not read a conditional entry's data (access/links.py): a resource found by its outside
    address is not found at all (else `url:` terms would spell the address out), and any other
    shows its gated download address. Paging is applied after that, so `count` stays true."""
    guard(data_dict, schema.resource_search(), context)
    offset, limit = _window(data_dict, "offset"), _window(data_dict, "limit")
    if context.get("search_query"):          # core's internal use: undictized rows, no caller
        return original(context, data_dict)
    found = original(context, {**data_dict, "offset": None, "limit": None})
    user, key, by_url = context.get("user") or None, access_api.request_key(), _queries_url(data_dict.get("query"))
    entries: dict = {}
    results = []
    for res in found["results"]:
        pkg = entries.get(res["package_id"])
        if pkg is None:
            row = model.Package.get(res["package_id"])
            pkg = entries[res["package_id"]] = {"id": row.id, "owner_org": row.owner_org, "private": row.private,
                                                "open_level": (row.extras or {}).get("open_level")}
            pkg["visible"] = access_api.may_see(pkg, user, key)
        if not pkg["visible"] and access_api.is_outside(res):
            if by_url:
                continue
            access_api.mask({**pkg, "resources": [res]})
        results.append(res)
    start = offset or 0
    return {"count": len(results), "results": results[start:None if limit is None else start + limit]}
