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
def datastore_search(shaoxing_param_core_id, shaoxing_param_count, shaoxing_param_no_nul):
    # Checked before core's datastore_search, which answers 500 to these (see params.guard).
    # Every data path (the action API, the interface endpoints, dumps, table views) reads
    # through this action, so this is the one place a NUL inside a query is refused.
    return {"resource_id": [shaoxing_param_core_id], "id": [shaoxing_param_core_id],
            "limit": [shaoxing_param_count], "offset": [shaoxing_param_count],
            "q": [shaoxing_param_no_nul], "filters": [shaoxing_param_no_nul],
            "total_estimation_threshold": [shaoxing_param_count]}


def usage_summary():
    return {}     # no parameters: declared so that every action names its own
