"""Who sees what: the score badge and the summaries are public (for whoever may see the dataset);
the report, its evidence and the quarantine's findings are for the dataset's department and
sysadmins; department editors re-run their checks; only sysadmins override a quarantine."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

__all__ = ["shaoxing_quality_badge", "shaoxing_quality_show", "shaoxing_quality_summary", "shaoxing_quality_list",
           "shaoxing_quality_run", "shaoxing_quarantine_show", "shaoxing_quarantine_override"]

REPORT_REFUSAL = "质量报告仅供数源部门和平台管理员查看 / the quality report is for its department and sysadmins"


def _owner(package_id: str | None) -> str | None:
    pkg = model.Package.get(package_id) if package_id else None
    return pkg.owner_org if pkg else None


def _member(context, org_id: str | None, permission: str = "read") -> dict:
    user = context.get("user")
    if user and org_id and authz.has_user_permission_for_group_or_org(org_id, user, permission):
        return {"success": True}
    return {"success": False, "msg": REPORT_REFUSAL}


@tk.auth_allow_anonymous_access
def shaoxing_quality_badge(context, data_dict):
    return {"success": tk.check_access("package_show", context, {"id": data_dict.get("id")})}


def shaoxing_quality_show(context, data_dict):
    return _member(context, _owner(data_dict.get("id")))


@tk.auth_allow_anonymous_access
def shaoxing_quality_summary(context, data_dict):
    return {"success": True}


def shaoxing_quality_list(context, data_dict):
    group = model.Group.get(data_dict.get("organization") or "")
    return _member(context, group.id if group else None)


def shaoxing_quality_run(context, data_dict):
    return _member(context, _owner(data_dict.get("id")), "update_dataset")


def shaoxing_quarantine_show(context, data_dict):
    res = model.Resource.get(data_dict.get("resource_id") or "")
    return _member(context, res.package.owner_org if res and res.package else None)


def shaoxing_quarantine_override(context, data_dict):
    # Sysadmins pass every check before this runs.
    return {"success": False, "msg": "只有平台管理员可以解除隔离 / only sysadmins override a quarantine"}
