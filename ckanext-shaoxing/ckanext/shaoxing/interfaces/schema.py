"""Parameters of the DataStore and interface actions, as CKAN schemas."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def datastore_status(not_empty, shaoxing_param_text):
    return {"resource_id": [not_empty, shaoxing_param_text]}


@tk.validator_args
def interface_list(ignore_empty, shaoxing_param_text):
    return {"organization": [shaoxing_param_text, ignore_empty], "domain": [shaoxing_param_text, ignore_empty],
            "kind": [shaoxing_param_text, ignore_empty]}


@tk.validator_args
def xloader_submit(not_empty, shaoxing_param_text, ignore_missing, boolean_validator):
    return {"resource_id": [not_empty, shaoxing_param_text], "sync": [ignore_missing, boolean_validator],
            "ignore_hash": [ignore_missing, boolean_validator]}
