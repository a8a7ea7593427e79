"""The parameters our chained activity actions check before core's, which answers 500 to a value
of the wrong type in some of them (params.guard: core's own validation does the rest)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import params


def _moment(value):
    """`before`/`after`: a timestamp (a number) or its text; no list, object, flag or NUL."""
    if isinstance(value, (list, dict, bool)) or isinstance(value, str) and "\x00" in value:
        params.invalid("应为时间戳", "must be a timestamp")
    return value


@tk.validator_args
def activity(shaoxing_param_text, shaoxing_param_core_id, shaoxing_param_flag, shaoxing_param_strings,
             shaoxing_param_count):
    return {"id": [shaoxing_param_text], "limit": [shaoxing_param_count], "offset": [shaoxing_param_count],
            "before": [_moment], "after": [_moment], "activity_types": [shaoxing_param_strings],
            "exclude_activity_types": [shaoxing_param_strings], "include_hidden_activity": [shaoxing_param_flag],
            "user_id": [shaoxing_param_core_id], "object_id": [shaoxing_param_core_id],
            "activity_type": [shaoxing_param_core_id]}
