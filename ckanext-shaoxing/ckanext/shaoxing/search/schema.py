"""The parameters our chained show actions check before core's (which answers 500 to an id that
is not a string, or holds a NUL byte)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def show_ids(shaoxing_param_core_id):
    return {"id": [shaoxing_param_core_id], "name_or_id": [shaoxing_param_core_id]}
