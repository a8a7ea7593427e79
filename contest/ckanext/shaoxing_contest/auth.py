"""Who may call which contest action. Parameters are not validated yet when these run (CKAN
checks access first), so lookups take any value. Sysadmins pass every check before these run."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import access, state
from .actions.contests import phase_of

__all__ = [
    "contest_create", "contest_update", "contest_show", "contest_list", "contest_audit_list",
    "contest_team_register", "contest_team_invite", "contest_invitation_respond", "contest_team_show",
    "contest_team_list", "contest_my_team", "contest_my_teams",
    "contest_submission_create", "contest_submission_update", "contest_submission_show", "contest_submission_list",
    "contest_judge_assign", "contest_judge_remove", "contest_judge_list", "contest_judge_conflicts_set",
    "contest_judge_queue", "contest_score_submit", "contest_ranking",
    "contest_advance", "contest_results_publish", "contest_gallery", "contest_package_apps", "contest_app_count",
]



def _no(msg: str) -> dict:
    return {"success": False, "msg": msg}


def _yes() -> dict:
    return {"success": True}


def _admin(context, contest_ref) -> dict:
    c = access.contest(contest_ref)
    return _yes() if access.is_admin(context, c) else _no("只有大赛管理员可以操作 / contest admins only")


def _logged_in(context) -> dict:
    return _yes() if access.user(context) else _no("请先登录 / please log in")


def contest_create(context, data_dict):
    return _no("只有平台管理员可以创建大赛 / only sysadmins create contests")


def contest_update(context, data_dict):
    return _admin(context, data_dict.get("id"))


@tk.auth_allow_anonymous_access
def contest_show(context, data_dict):
    return _yes()


@tk.auth_allow_anonymous_access
def contest_list(context, data_dict):
    return _yes()


def contest_audit_list(context, data_dict):
    return _admin(context, data_dict.get("id"))


def contest_team_register(context, data_dict):
    return _logged_in(context)


def contest_team_invite(context, data_dict):
    t = access.team(data_dict.get("team_id"))
    u = access.user(context)
    return _yes() if t and u and t["leader_id"] == u.id else _no("只有队长可以邀请成员 / only the team leader invites")


def contest_invitation_respond(context, data_dict):
    return _logged_in(context)


def _team_or_admin(context, t) -> dict:
    if t and (access.is_member(context, t) or access.is_admin(context, access.contest(t["contest_id"]))):
        return _yes()
    return _no("只有本队成员和大赛管理员可以查看 / team members and contest admins only")


def contest_team_show(context, data_dict):
    t = access.team(data_dict.get("team_id"))
    u = access.user(context)
    if t and u and access.invitation(u, t["id"]):   # invitees see the team they are asked to join
        return _yes()
    return _team_or_admin(context, t)


def contest_team_list(context, data_dict):
    return _admin(context, data_dict.get("id"))


def contest_my_team(context, data_dict):
    return _logged_in(context)


contest_my_teams = contest_my_team


def contest_submission_create(context, data_dict):
    t = access.team(data_dict.get("team_id"))
    return _yes() if t and access.is_member(context, t) else _no("只有本队成员可以提交作品 / team members only")


def contest_submission_update(context, data_dict):
    s = access.submission(data_dict.get("id"))
    t = access.team(s["team_id"]) if s else None
    return _yes() if t and access.is_member(context, t) else _no("只有本队成员可以修改作品 / team members only")


@tk.auth_allow_anonymous_access
def contest_submission_show(context, data_dict):
    """The team and contest admins always; unconflicted judges of its phase; everybody once it
    is an awarded entry of a published contest."""
    s = access.submission(data_dict.get("id"))
    if s is None:
        return _no("没有该作品 / no such submission")
    c = access.contest(s["contest_id"])
    t = access.team(s["team_id"])
    if c["results_published"] is not None and s["award"]:
        return _yes()
    if access.is_member(context, t) or access.is_admin(context, c):
        return _yes()
    u = access.user(context)
    j = access.judge_row(c["id"], s["phase"], u.id) if u else None
    if j and not access.conflicted(j, t):
        return _yes()
    return _no("作品在结果公布前不公开 / entries are not public before the results")


def contest_submission_list(context, data_dict):
    return _team_or_admin(context, access.team(data_dict.get("team_id")))


def contest_judge_assign(context, data_dict):
    return _admin(context, data_dict.get("contest_id"))


contest_judge_remove = contest_judge_assign


def contest_judge_list(context, data_dict):
    return _admin(context, data_dict.get("id"))


def contest_judge_conflicts_set(context, data_dict):
    c = access.contest(data_dict.get("contest_id"))
    return _yes() if c and access.is_judge(context, c["id"]) else _no("只有评委可以申报回避 / judges only")


def contest_judge_queue(context, data_dict):
    c = access.contest(data_dict.get("contest_id"))
    phase = data_dict.get("phase")
    if c and isinstance(phase, str) and access.is_judge(context, c["id"], phase):
        return _yes()
    return _no("只有该阶段的评委可以查看评审列表 / judges of this phase only")


def contest_score_submit(context, data_dict):
    s = access.submission(data_dict.get("submission_id"))
    u = access.user(context)
    j = access.judge_row(s["contest_id"], s["phase"], u.id) if s and u else None
    if j is None:
        return _no("只有该阶段的评委可以评分 / judges of this phase only")
    if access.conflicted(j, access.team(s["team_id"])):
        return _no("您需回避该队伍 / you are conflicted with this team (回避)")
    return _yes()


@tk.auth_allow_anonymous_access
def contest_ranking(context, data_dict):
    """Public after the results; contest admins any time; judges of the phase once its judging closed."""
    c = access.contest(data_dict.get("contest_id"))
    if c is None:
        return _no("没有该大赛 / no such contest")
    if c["results_published"] is not None or access.is_admin(context, c):
        return _yes()
    phase = data_dict.get("phase")
    ph = phase_of(c["id"], phase) if isinstance(phase, str) else None
    if ph and access.is_judge(context, c["id"], phase) and state.phase_state(ph) == "closed":
        return _yes()
    return _no("排名在评审结束后对评委开放，结果公布后公开 / the ranking opens to judges after judging and to everyone "
               "with the results")


def contest_advance(context, data_dict):
    return _admin(context, data_dict.get("contest_id"))


def contest_results_publish(context, data_dict):
    return _admin(context, data_dict.get("contest_id"))


@tk.auth_allow_anonymous_access
def contest_gallery(context, data_dict):
    return _yes()


@tk.auth_allow_anonymous_access
def contest_package_apps(context, data_dict):
    return _yes()


@tk.auth_allow_anonymous_access
def contest_app_count(context, data_dict):
    return _yes()
