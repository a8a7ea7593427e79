"""Parameters of the governance actions, as CKAN schemas."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def dataset(not_empty, shaoxing_param_text):
    return {"id": [not_empty, shaoxing_param_text]}


@tk.validator_args
def run(not_empty, shaoxing_param_text, ignore_missing, boolean_validator):
    return {"id": [not_empty, shaoxing_param_text], "sync": [ignore_missing, boolean_validator]}


@tk.validator_args
def summary(ignore_empty, shaoxing_param_text):
    return {"organization": [shaoxing_param_text, ignore_empty]}


@tk.validator_args
def department(not_empty, shaoxing_param_text):
    return {"organization": [not_empty, shaoxing_param_text]}


@tk.validator_args
def resource(not_empty, shaoxing_param_text):
    return {"resource_id": [not_empty, shaoxing_param_text]}


@tk.validator_args
def override(not_empty, shaoxing_param_text, unicode_safe, shaoxing_quality_reason):
    return {"resource_id": [not_empty, shaoxing_param_text], "reason": [not_empty, unicode_safe, shaoxing_quality_reason]}
