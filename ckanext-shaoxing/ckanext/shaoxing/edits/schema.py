"""The parameters our chained update actions check before core's (which answers 500 to an id that
is not a string or holds a NUL byte), and the precondition they add."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def update(shaoxing_param_core_id, shaoxing_param_strings):
    return {"id": [shaoxing_param_core_id], "if_match": [shaoxing_param_strings]}
