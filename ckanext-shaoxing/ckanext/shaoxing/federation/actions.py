"""ckanext-dcat's actions, answering with the public view of the catalogue (public.py) whoever
asks: run as an anonymous caller, so private and draft entries are not found, and each entry
passed through `public.entry` before it is serialized (the search results of a department's
member carry its entries' stored addresses: access/links.py reveals them to the member).
They replace the originals (`up` is not called), reusing two of their private pieces
(`_search_ckan_datasets`, `_pagination_info`: tests/federation/test_dcat_pieces.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from ckan.lib.search.common import SolrConnectionError

from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer

from ..degrade import api as degrade_api
from ..params import message
from . import public

__all__ = ["dcat_catalog_search", "dcat_catalog_show", "dcat_dataset_show"]


def _anonymous() -> dict:
    return {"user": ""}


@tk.chained_action
def dcat_dataset_show(up, context, data_dict):
    """An entry as RDF (`format`: xml, ttl, jsonld, n3; `profiles`); not found when unpublished."""
    tk.check_access("dcat_dataset_show", context, data_dict)
    try:
        pkg = tk.get_action("package_show")(_anonymous(), {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        raise tk.ObjectNotFound()
    pkg = public.entry(pkg)
    if pkg is None:
        raise tk.ObjectNotFound()
    return RDFSerializer(profiles=data_dict.get("profiles")).serialize_dataset(pkg, _format=data_dict.get("format"))


# Solr's start offset is a 32-bit integer: a page past it is an error of the caller, not a 500.
MAX_START = 2 ** 31 - 1


def _checked_page(data_dict: dict) -> None:
    page = data_dict.get("page", 1) or 1
    if isinstance(page, bool) or not isinstance(page, (int, str)):
        raise tk.ValidationError({"page": [message("应为正整数", "must be a positive whole number")]})
    rows = int(tk.config.get("ckanext.dcat.datasets_per_page", dcat_logic.DATASETS_PER_PAGE))
    if str(page).strip().isdigit() and int(page) * rows > MAX_START:
        raise tk.ValidationError({"page": [message(f"超出范围（最大 {MAX_START // rows}）",
                                                   f"out of range (at most {MAX_START // rows})")]})


def _catalog(context: dict, data_dict: dict) -> str:
    _checked_page(data_dict)
    try:
        query = dcat_logic._search_ckan_datasets(_anonymous(), data_dict)
    except SearchError as e:
        # Solr out (unreachable, or answering without serving while a core loads) reaches here as
        # a SearchError too: the portal's 503 then; otherwise a `q` or `fq` it cannot parse.
        if degrade_api.down((degrade_api.SOLR,)):
            degrade_api.met(degrade_api.SOLR)
            raise SolrConnectionError(str(e)) from e
        raise tk.ValidationError({"q": [message("检索式无法解析", f"the search cannot be parsed ({e})")]})
    entries = [e for e in map(public.entry, query["results"]) if e is not None]
    pagination = dcat_logic._pagination_info(query, data_dict)
    return RDFSerializer(profiles=data_dict.get("profiles")).serialize_catalog(
        {}, entries, _format=data_dict.get("format"), pagination_info=pagination)


@tk.side_effect_free
@tk.chained_action
def dcat_catalog_show(up, context, data_dict):
    """A page of the catalogue as RDF (`page`, `modified_since`, `q`, `fq`, `format`, `profiles`)."""
    tk.check_access("dcat_catalog_show", context, data_dict)
    return _catalog(context, data_dict)


@tk.side_effect_free
@tk.chained_action
def dcat_catalog_search(up, context, data_dict):
    tk.check_access("dcat_catalog_search", context, data_dict)
    return _catalog(context, data_dict)
