"""Progress is public; only sysadmins set targets."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["shaoxing_target_progress", "shaoxing_target_update", "shaoxing_ranking_show", "shaoxing_portal_figures"]


@tk.auth_allow_anonymous_access
def shaoxing_target_progress(context, data_dict):
    return {"success": True}


def shaoxing_target_update(context, data_dict):
    # Sysadmins pass every check before this runs.
    return {"success": False, "msg": "只有平台管理员可以设置年度目标 / only sysadmins set the targets"}


@tk.auth_allow_anonymous_access
def shaoxing_ranking_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def shaoxing_portal_figures(context, data_dict):
    return {"success": True}
