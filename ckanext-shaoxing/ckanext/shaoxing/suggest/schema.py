"""Parameters of the suggestion actions, as CKAN schemas (validated by @validate)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def suggest_list(ignore_missing, shaoxing_param_text):
    return {"q": [ignore_missing, shaoxing_param_text]}


@tk.validator_args
def suggest_hot(ignore_missing, shaoxing_param_count):
    return {"limit": [ignore_missing, shaoxing_param_count]}


@tk.validator_args
def suggest_term(not_empty, shaoxing_param_text, shaoxing_suggest_query):
    return {"query": [not_empty, shaoxing_param_text, shaoxing_suggest_query]}


@tk.validator_args
def suggest_zero_results(ignore_missing, shaoxing_param_text, shaoxing_suggest_month, shaoxing_param_count):
    return {"month": [ignore_missing, shaoxing_param_text, shaoxing_suggest_month],
            "limit": [ignore_missing, shaoxing_param_count]}
