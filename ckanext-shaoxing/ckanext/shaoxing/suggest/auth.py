"""Suggestions and 热门搜索 are public; the query log's report and hiding a term are the bureau's
(sysadmins, who pass every auth function)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["shaoxing_suggest_list", "shaoxing_suggest_hot", "shaoxing_suggest_zero_results",
           "shaoxing_suggest_hide", "shaoxing_suggest_unhide"]


@tk.auth_allow_anonymous_access
def shaoxing_suggest_list(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def shaoxing_suggest_hot(context, data_dict):
    return {"success": True}


def _bureau(context, data_dict):
    return {"success": False, "msg": "只有平台管理员可以查看检索日志 / only sysadmins read the search log"}


shaoxing_suggest_zero_results = shaoxing_suggest_hide = shaoxing_suggest_unhide = _bureau
