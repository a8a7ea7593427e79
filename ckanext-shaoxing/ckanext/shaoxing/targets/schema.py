"""Parameters of the targets' actions, as CKAN schemas (validated by @validate before the action
runs; unknown parameters are dropped)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def target_progress(ignore_empty, shaoxing_param_text, shaoxing_target_year, shaoxing_department,
                    shaoxing_district):
    return {"year": [shaoxing_target_year],
            "organization": [shaoxing_param_text, ignore_empty, shaoxing_department],
            "region_code": [shaoxing_param_text, ignore_empty, shaoxing_district]}


@tk.validator_args
def target_update(shaoxing_target_year, shaoxing_target_count, shaoxing_target_rate):
    return {"year": [shaoxing_target_year], "open_datasets": [shaoxing_target_count],
            "open_apis": [shaoxing_target_count], "shared_apis": [shaoxing_target_count],
            "governance_rate": [shaoxing_target_rate]}


@tk.validator_args
def ranking_show(shaoxing_ranking_period, shaoxing_ranking_date):
    return {"period": [shaoxing_ranking_period], "date": [shaoxing_ranking_date]}


def portal_figures():
    return {}     # no parameters: declared so that every action names its own
