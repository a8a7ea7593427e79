"""The parameters our chained show and search actions check before core's (which answers 500 to
an id that is not a string or holds a NUL byte, to a search term that is not text, and to a
package_search flag or count of another shape)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def show_ids(shaoxing_param_core_id):
    return {"id": [shaoxing_param_core_id], "name_or_id": [shaoxing_param_core_id]}


@tk.validator_args
def resource_search(shaoxing_param_strings):
    # Core splits each term of `query` as text: a number or a boolean there is its 500.
    return {"query": [shaoxing_param_strings]}


@tk.validator_args
def package_search(shaoxing_param_flag, shaoxing_param_count, shaoxing_param_strings):
    # Core reads these with asbool/int/iteration: other shapes, or a NUL, are its 500s.
    flags = ("include_deleted", "include_drafts", "include_private", "use_default_schema")
    return {**{name: [shaoxing_param_flag] for name in flags},
            "rows": [shaoxing_param_count], "start": [shaoxing_param_count],
            "fq_list": [shaoxing_param_strings], "fl": [shaoxing_param_strings]}


@tk.validator_args
def synonym_pair(ignore_missing):
    # The terms' own checks (search/synonyms.py `clean`) name the field and the reason.
    return {"term": [ignore_missing], "synonym": [ignore_missing]}


@tk.validator_args
def synonym_list(ignore_missing, shaoxing_param_text, shaoxing_param_count):
    return {"q": [ignore_missing, shaoxing_param_text], "offset": [ignore_missing, shaoxing_param_count],
            "limit": [ignore_missing, shaoxing_param_count]}
