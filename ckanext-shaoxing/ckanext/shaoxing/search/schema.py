"""The parameters our chained show and search actions check before core's (which answers 500 to
an id that is not a string or holds a NUL byte, and to a search term that is not text)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def show_ids(shaoxing_param_core_id):
    return {"id": [shaoxing_param_core_id], "name_or_id": [shaoxing_param_core_id]}


@tk.validator_args
def resource_search(shaoxing_param_strings):
    # Core splits each term of `query` as text: a number or a boolean there is its 500.
    return {"query": [shaoxing_param_strings]}
