"""ckanext-dcat's actions, answering with the public view of the catalogue (public.py) whoever
asks: run as an anonymous caller, so private and draft entries are not found, and each entry
passed through `public.entry` before it is serialized (the search results of a department's
member carry its entries' stored addresses: access/links.py reveals them to the member).
They replace the originals (`up` is not called), reusing two of their private pieces
(`_search_ckan_datasets`, `_pagination_info`: tests/federation/test_dcat_pieces.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer

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


def _catalog(context: dict, data_dict: dict) -> str:
    query = dcat_logic._search_ckan_datasets(_anonymous(), data_dict)
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
