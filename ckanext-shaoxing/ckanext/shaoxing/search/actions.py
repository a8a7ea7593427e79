"""Chained core actions that keep dataset pages up while Solr is not: each retries once without
the part that needs Solr, reading PostgreSQL instead."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SolrConnectionError

from ..params import guard
from . import schema

log = logging.getLogger(__name__)

__all__ = ["package_show", "organization_show"]


def _retry_without_solr(original, context, data_dict, context_changes=None, data_changes=None):
    # The same context goes on: callers such as the dataset view read context["package"] back.
    guard(data_dict, schema.show_ids(), context)
    try:
        return original(context, data_dict)
    except SolrConnectionError:
        log.warning("Solr unreachable: %s answered from the database", original.__name__)
        context.update(context_changes or {})
        return original(context, {**data_dict, **(data_changes or {})})


@tk.chained_action
@tk.side_effect_free
def package_show(original, context, data_dict):
    # Core reads Solr's cached copy first and catches SearchError but not SolrConnectionError.
    return _retry_without_solr(original, context, data_dict, context_changes={"use_cache": False})


@tk.chained_action
@tk.side_effect_free
def organization_show(original, context, data_dict):
    # The dataset page's sidebar asks for the department's dataset count, which is a search.
    return _retry_without_solr(original, context, data_dict,
                               data_changes={"include_dataset_count": False, "include_datasets": False,
                                             "include_groups": False})
