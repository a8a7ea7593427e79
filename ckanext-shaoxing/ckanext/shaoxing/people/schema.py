"""The parameters our chained account and group actions check before core's, which answers 500
to a value of the wrong type in them (params.guard: core's own validation does the rest)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def user_show(shaoxing_param_text, shaoxing_param_flag):
    return {"id": [shaoxing_param_text], "include_datasets": [shaoxing_param_flag],
            "include_num_followers": [shaoxing_param_flag], "include_password_hash": [shaoxing_param_flag],
            "include_plugin_extras": [shaoxing_param_flag]}


@tk.validator_args
def user_list(shaoxing_param_text, shaoxing_param_core_id, shaoxing_param_flag):
    return {"q": [shaoxing_param_text], "order_by": [shaoxing_param_text], "email": [shaoxing_param_core_id],
            "all_fields": [shaoxing_param_flag], "include_site_user": [shaoxing_param_flag]}


@tk.validator_args
def groups(shaoxing_param_text, shaoxing_param_core_id, shaoxing_param_flag, shaoxing_param_strings):
    # organization_show, group_show and their lists
    return {"id": [shaoxing_param_text], "q": [shaoxing_param_text], "sort": [shaoxing_param_text],
            "order_by": [shaoxing_param_core_id], "type": [shaoxing_param_core_id], "all_fields": [shaoxing_param_flag],
            "groups": [shaoxing_param_strings], "organizations": [shaoxing_param_strings]}
