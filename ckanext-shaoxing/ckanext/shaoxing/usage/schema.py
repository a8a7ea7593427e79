"""Parameters of the usage report, as a CKAN schema (validated by @validate before the action)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def usage_show(ignore_empty, shaoxing_param_text, shaoxing_param_date, shaoxing_usage_subject,
               shaoxing_usage_dates):
    return {"package_id": [shaoxing_param_text, ignore_empty],
            "resource_id": [shaoxing_param_text, ignore_empty],
            "date_from": [shaoxing_param_date],
            "date_to": [shaoxing_param_date],
            "__after": [shaoxing_usage_subject, shaoxing_usage_dates]}


@tk.validator_args
def datastore_search(shaoxing_param_core_id, shaoxing_param_count):
    # Checked before core's datastore_search, which answers 500 to these (see params.guard).
    return {"resource_id": [shaoxing_param_core_id], "id": [shaoxing_param_core_id],
            "limit": [shaoxing_param_count], "offset": [shaoxing_param_count]}
