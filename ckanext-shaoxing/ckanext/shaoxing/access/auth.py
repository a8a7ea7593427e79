"""Who may call the access actions. Companies act through their member accounts; departments
through CKAN's editor/admin role on the entry's organization; the bureau is the sysadmins."""
from __future__ import annotations

import ckan.authz as authz

from ..params import message
from . import store
from .model import access_request, app_key, grant

__all__ = ["shaoxing_company_register", "shaoxing_company_show", "shaoxing_company_update",
           "shaoxing_company_list", "shaoxing_company_decide",
           "shaoxing_company_suspend", "shaoxing_company_member_invite", "shaoxing_company_invitation_list",
           "shaoxing_company_invitation_accept", "shaoxing_company_invitation_decline", "shaoxing_access_request_create",
           "shaoxing_access_request_renew", "shaoxing_access_request_decide", "shaoxing_access_request_list",
           "shaoxing_access_review",
           "shaoxing_grant_list", "shaoxing_grant_revoke", "shaoxing_app_key_create", "shaoxing_app_key_list",
           "shaoxing_app_key_revoke", "shaoxing_app_key_rotate", "shaoxing_api_usage"]

def _no(zh: str, en: str) -> dict:
    return {"success": False, "msg": message(zh, en)}


def _sysadmin(context) -> bool:
    return authz.is_sysadmin(context.get("user"))


def may_review(user: str | None, package_id: str) -> bool:
    """Editors and admins of the entry's department, and sysadmins."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    org = store.package_org(package_id)
    return bool(org) and authz.has_user_permission_for_group_or_org(org, user, "update_dataset")


def _verified_member(context) -> dict:
    comp = store.company_of(context.get("user"))
    if not comp:
        return _no("仅企业账号可操作，请先登记企业", "only company accounts may do this; register your company first")
    if comp["state"] != "verified":
        return _no("企业尚未通过认证或已被暂停", "the company is not verified or is suspended")
    return {"success": True}


def shaoxing_company_register(context, data_dict):
    if store.company_of(context.get("user")):
        return _no("该账号已属于一家企业", "this account already belongs to a company")
    return {"success": bool(context.get("user"))}


def shaoxing_company_show(context, data_dict):
    comp = store.company_of(context.get("user"))
    return {"success": _sysadmin(context) or bool(comp) and data_dict.get("id") in (None, comp["id"])}


def shaoxing_company_update(context, data_dict):
    # Any accepted member (the owner too) edits its own company's contact; the bureau any company's.
    if _sysadmin(context):
        return {"success": True}
    comp = store.company_of(context.get("user"))
    if not comp or data_dict.get("id") not in (None, "", comp["id"]):
        return _no("仅企业成员可修改本企业资料", "only the company's members may edit its profile")
    return {"success": True}


def shaoxing_company_list(context, data_dict):
    return {"success": _sysadmin(context)}


shaoxing_company_decide = shaoxing_company_suspend = shaoxing_company_list


def shaoxing_company_member_invite(context, data_dict):
    comp = store.company_of(context.get("user"))
    if not comp or comp["role"] != "owner":
        return _no("仅企业的登记账号可邀请成员", "only the company's registering account invites members")
    return {"success": True}


def shaoxing_company_invitation_list(context, data_dict):
    # Each account answers its own invitations; the action finds them by the caller.
    return {"success": bool(context.get("user"))}


shaoxing_company_invitation_accept = shaoxing_company_invitation_decline = shaoxing_company_invitation_list


def shaoxing_access_request_create(context, data_dict):
    return _verified_member(context)


shaoxing_access_request_renew = shaoxing_app_key_create = shaoxing_access_request_create


def shaoxing_access_request_decide(context, data_dict):
    request = store.get(access_request, data_dict.get("id") or "")
    if request is None:
        return {"success": _sysadmin(context) or bool(context.get("user"))}   # the action answers "not found"
    comp = store.company_of(context.get("user"))
    if comp and comp["id"] == request["company_id"]:
        return _no("申请人不能审核自己的申请", "an applicant cannot decide its own application")
    if not may_review(context.get("user"), request["package_id"]):
        return _no("仅数源部门的编辑、管理员或系统管理员可审核",
                   "only the department's editors or admins, or sysadmins, decide")
    return {"success": True}


def shaoxing_access_review(context, data_dict):
    """The department's review queue: for whoever reviews some entry (an editor or admin of a
    department, a sysadmin); anyone else would only ever see it empty."""
    user = context.get("user")
    if user and (authz.is_sysadmin(user) or authz.has_user_permission_for_some_org(user, "update_dataset")):
        return {"success": True}
    return _no("仅数源部门的编辑、管理员或系统管理员审核数据申请",
               "only the departments' editors or admins, or sysadmins, review data applications")


def shaoxing_access_request_list(context, data_dict):
    # Everyone logged in sees what concerns them (own company's, own department's, or all).
    return {"success": bool(context.get("user"))}


shaoxing_grant_list = shaoxing_access_request_list


def shaoxing_grant_revoke(context, data_dict):
    g = store.get(grant, data_dict.get("id") or "")
    if g is None:
        return {"success": bool(context.get("user"))}
    return {"success": may_review(context.get("user"), g["package_id"])}


def shaoxing_app_key_list(context, data_dict):
    return {"success": _sysadmin(context) or bool(store.company_of(context.get("user")))}


def shaoxing_app_key_revoke(context, data_dict):
    key = store.get(app_key, data_dict.get("id") or "")
    comp = store.company_of(context.get("user"))
    if key is None:
        return {"success": bool(comp) or _sysadmin(context)}
    return {"success": _sysadmin(context) or bool(comp) and comp["id"] == key["company_id"]}


def shaoxing_app_key_rotate(context, data_dict):
    own = shaoxing_app_key_revoke(context, data_dict)
    return own if not own["success"] or _sysadmin(context) else _verified_member(context)


def shaoxing_api_usage(context, data_dict):
    comp = store.company_of(context.get("user"))
    if _sysadmin(context):
        return {"success": True}
    return {"success": bool(comp) and data_dict.get("company_id") in (None, comp["id"])}
