"""Who may file, read, route and answer requests and reports (rights.py holds the rules)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import rights, store

__all__ = ["shaoxing_feedback_create", "shaoxing_feedback_show", "shaoxing_feedback_list",
           "shaoxing_feedback_route", "shaoxing_feedback_answer", "shaoxing_feedback_upvote",
           "shaoxing_feedback_figures", "shaoxing_holiday_list", "shaoxing_holiday_update",
           "shaoxing_holiday_delete"]

SIGN_IN = "请先登录 / sign in first"


def _no(msg: str) -> dict:
    return {"success": False, "msg": msg}


def shaoxing_feedback_create(context, data_dict):
    return {"success": True} if rights.user_obj(context.get("user")) else _no(SIGN_IN)


@tk.auth_allow_anonymous_access
def shaoxing_feedback_show(context, data_dict):
    row = store.get((data_dict or {}).get("id"))
    if row is None or store.is_public(row["id"]) or rights.is_party(context.get("user"), row):
        return {"success": True}      # a missing one is the action's 404
    return _no("无权查看此条 / not allowed to read this one")


@tk.auth_allow_anonymous_access
def shaoxing_feedback_list(context, data_dict):
    user = context.get("user")
    scope = (data_dict or {}).get("scope") or "public"
    if scope == "mine" and not rights.user_obj(user):
        return _no(SIGN_IN)
    if scope == "queue" and not rights.in_department(user, (data_dict or {}).get("organization_id")):
        return _no("仅本部门成员可查看本部门的待办 / only the department's members read its queue")
    if scope == "bureau" and not rights.is_bureau(user):
        return _no("仅平台管理员可查看 / for the bureau only")
    return {"success": True}


def shaoxing_feedback_route(context, data_dict):
    if rights.is_bureau(context.get("user")):
        return {"success": True}
    return _no("仅平台管理员（大数据局）可分派 / only the bureau routes requests")


def shaoxing_feedback_answer(context, data_dict):
    row = store.get((data_dict or {}).get("id"))
    user = context.get("user")
    if row is None and rights.user_obj(user) or row is not None and rights.may_answer(user, row):
        return {"success": True}
    return _no("仅受理部门或平台管理员可答复 / only the routed department or the bureau answers")


def shaoxing_feedback_upvote(context, data_dict):
    return {"success": True} if rights.user_obj(context.get("user")) else _no(SIGN_IN)


@tk.auth_allow_anonymous_access
def shaoxing_feedback_figures(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def shaoxing_holiday_list(context, data_dict):
    return {"success": True}


def shaoxing_holiday_update(context, data_dict):
    if rights.is_bureau(context.get("user")):
        return {"success": True}
    return _no("仅平台管理员可修改节假日 / only the bureau edits the holiday calendar")


shaoxing_holiday_delete = shaoxing_holiday_update
