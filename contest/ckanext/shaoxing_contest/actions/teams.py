"""Teams: registration while registration is open, invitations, the team's own view."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .. import access, schema, state
from .. import model as m
from . import accounts, audit, checked, not_found
from .contests import phase_of, phases_of

__all__ = ["contest_team_register", "contest_team_invite", "contest_invitation_respond", "contest_team_show",
           "contest_team_list", "contest_my_team", "contest_my_teams"]


def _registration_open(contest_id: str) -> None:
    ph = phase_of(contest_id, "registration")
    if ph is None or state.phase_state(ph) != "open":
        raise tk.ValidationError({"contest_id": ["报名未开放或已截止 / registration is not open"]})


def _members(team_id: str) -> list[dict]:
    """No e-mail address of anybody; an invitation by address shows the address the team typed
    (and no account) until it is answered."""
    rows = model.Session.execute(sa.select(m.member, model.User.name.label("user_name"))
                                 .outerjoin(model.User, model.User.id == m.member.c.user_id)
                                 .where(m.member.c.team_id == team_id)
                                 .order_by(m.member.c.role, m.member.c.name, m.member.c.id)).mappings()  # leader first
    return [{"user": r["user_name"], "name": r["name"] or r["invited_as"], "invited_as": r["invited_as"],
             "role": r["role"], "status": r["status"]} for r in rows]


def dictize(t: dict, with_members: bool = True) -> dict:
    out = {"id": t["id"], "contest_id": t["contest_id"], "name": t["name"], "track": t["track"],
           "entrant_type": t["entrant_type"], "organization_name": t["organization_name"], "stage": t["stage"],
           "created": state.iso(t["created"])}
    if with_members:
        out["members"] = _members(t["id"])
    return out


def _active_size(team_id: str) -> int:
    return model.Session.execute(sa.select(sa.func.count()).select_from(m.member).where(
        m.member.c.team_id == team_id, m.member.c.status != "declined")).scalar()


def _invitees(members: list[dict]) -> list[dict]:
    """The schema's members ({user, name} or {email, name}) as rows to invite: a user name must
    be an account; an address stays as typed (no account is looked for)."""
    out = []
    for mem in members:
        if "user" in mem:
            [user] = accounts("members", [mem["user"]])
            out.append({"user_id": user.id, "invited_as": user.name, "name": mem["name"] or user.fullname or user.name})
        else:
            out.append({"user_id": None, "invited_as": mem["email"], "name": mem["name"]})
    return out


def _invite(context, c: dict, t: dict, members: list[dict]) -> None:
    """Invite accounts (by user name) and addresses. An address is only compared with the
    team's other invitations: whether it has an account, or a team, is not looked at here."""
    size = _active_size(t["id"])
    for mem in members:
        if mem["user_id"]:
            if access.membership(mem["user_id"], t["id"]) is not None:
                raise tk.ValidationError({"members": [f"{mem['name']} 已在队伍中 / {mem['name']} is already invited"]})
            if access.team_of_user(c["id"], mem["user_id"]):
                raise tk.ValidationError({"members": [f"{mem['name']} 已加入本届大赛的其他队伍 / {mem['name']} is "
                                                      "already in a team of this contest"]})
        elif model.Session.execute(sa.select(m.member.c.id).where(
                m.member.c.team_id == t["id"], m.member.c.user_id.is_(None),
                sa.func.lower(m.member.c.invited_as) == mem["invited_as"].lower())).first():
            raise tk.ValidationError({"members": [f"{mem['invited_as']} 已被邀请 / {mem['invited_as']} is already "
                                                  "invited"]})
        size += 1
        if size > c["max_team_size"]:
            raise tk.ValidationError({"members": [f"队伍人数不能超过 {c['max_team_size']} 人 / a team has at most "
                                                  f"{c['max_team_size']} members"]})
        model.Session.execute(m.member.insert().values(team_id=t["id"], user_id=mem["user_id"], contest_id=c["id"],
                                                       name=mem["name"], invited_as=mem["invited_as"], role="member",
                                                       status="invited"))
        # The trail names the account, or only that an address was invited (admins read it).
        audit(context, c["id"], "team_invite", t["id"], user_id=mem["user_id"],
              by="user name" if mem["user_id"] else "e-mail")


@checked(schema.team_register)
def contest_team_register(context, data_dict):
    """Register a team; the caller leads it, `members` are invited. Only while registration is
    open; one team per user per contest; size ≤ the contest's maximum."""
    invitees = _invitees(data_dict.get("members", []))
    c = access.contest(data_dict["contest_id"])
    if c is None:
        raise not_found("大赛 / contest")
    _registration_open(c["id"])
    if data_dict["track"] not in {t["code"] for t in c["tracks"]}:
        raise tk.ValidationError({"track": ["没有该赛道 / no such track"]})
    leader = access.user(context)
    if access.team_of_user(c["id"], leader.id):
        raise tk.ValidationError({"contest_id": ["您已在本届大赛的一支队伍中 / you are already in a team of this "
                                                 "contest"]})
    if model.Session.execute(sa.select(m.team.c.id).where(m.team.c.contest_id == c["id"],
                                                          m.team.c.name == data_dict["name"])).first():
        raise tk.ValidationError({"name": ["队名已被使用 / that team name is taken"]})
    first_judged = next((p["code"] for p in phases_of(c["id"]) if p["code"] != "registration"), "preliminary")
    team_id = model.Session.execute(m.team.insert().values(
        contest_id=c["id"], name=data_dict["name"], track=data_dict["track"], entrant_type=data_dict["entrant_type"],
        organization_name=data_dict.get("organization_name", ""), leader_id=leader.id, stage=first_judged,
    ).returning(m.team.c.id)).scalar()
    model.Session.execute(m.member.insert().values(team_id=team_id, user_id=leader.id, contest_id=c["id"],
                                                   name=leader.fullname or leader.name, invited_as=leader.name,
                                                   role="leader", status="accepted"))
    audit(context, c["id"], "team_register", team_id, name=data_dict["name"])
    t = access.team(team_id)
    _invite(context, c, t, [mem for mem in invitees if mem["user_id"] != leader.id])
    model.Session.commit()
    return dictize(t)


@checked(schema.team_invite)
def contest_team_invite(context, data_dict):
    """The leader invites more members (accounts), while registration is open."""
    invitees = _invitees(data_dict["members"])
    t = access.team(data_dict["team_id"])
    c = access.contest(t["contest_id"])
    _registration_open(c["id"])
    _invite(context, c, t, invitees)
    model.Session.commit()
    return dictize(t)


@checked(schema.invitation_respond)
def contest_invitation_respond(context, data_dict):
    """Accept or decline an invitation. Accepting is refused when the user has joined another
    team of the contest meanwhile."""
    t = access.team(data_dict["team_id"])
    u = access.user(context)
    row = access.invitation(u, t["id"]) if t else None     # no such team: no invitation to it either
    if row is None or row["status"] != "invited":
        raise tk.ValidationError({"team_id": ["没有待处理的邀请 / no pending invitation"]})
    accept = data_dict["accept"]
    if accept and access.team_of_user(t["contest_id"], u.id):
        raise tk.ValidationError({"team_id": ["您已在本届大赛的一支队伍中 / you are already in a team of this contest"]})
    # Answering an invitation to one's address binds it to the account; the address is not kept.
    model.Session.execute(m.member.update().where(m.member.c.id == row["id"]).values(
        user_id=u.id, invited_as=u.name, name=row["name"] or u.fullname or u.name,
        status="accepted" if accept else "declined"))
    audit(context, t["contest_id"], "invitation_accept" if accept else "invitation_decline", t["id"], user_id=u.id)
    model.Session.commit()
    return dictize(t)


@checked(schema.team_id_only, side_effect_free=True)
def contest_team_show(context, data_dict):
    """A team with its members (the team itself, invitees and contest admins)."""
    t = access.team(data_dict["team_id"])
    if t is None:
        raise not_found("队伍 / team")
    return dictize(t)


@checked(schema.contest_id_only, side_effect_free=True)
def contest_team_list(context, data_dict):
    """Every team of a contest (contest admins)."""
    c = access.contest(data_dict["id"])
    if c is None:
        raise not_found("大赛 / contest")
    rows = model.Session.execute(sa.select(m.team).where(m.team.c.contest_id == c["id"])
                                 .order_by(m.team.c.created)).mappings()
    return [dictize(dict(r)) for r in rows]


@checked(schema.contest_id_only, side_effect_free=True)
def contest_my_team(context, data_dict):
    """The caller's team in a contest and pending invitations: {"team": … or None, "invitations": […]}."""
    c = access.contest(data_dict["id"])
    if c is None:
        raise not_found("大赛 / contest")
    u = access.user(context)
    t = access.team_of_user(c["id"], u.id)
    pending = model.Session.execute(sa.select(m.team).distinct().join(m.member, m.member.c.team_id == m.team.c.id).where(
        m.member.c.contest_id == c["id"], access.addressed_to(u), m.member.c.status == "invited")).mappings()
    return {"team": dictize(t) if t else None, "invitations": [dictize(dict(r), with_members=False) for r in pending]}


@checked(schema.nothing, side_effect_free=True)
def contest_my_teams(context, data_dict):
    """The contests where the caller has a team or an invitation waiting, in order of their names,
    in one statement (the account menu asks it on every page): [{"contest", "title"}]."""
    u = access.user(context)
    rows = model.Session.execute(
        sa.select(m.contest.c.name, m.contest.c.title).distinct()
        .join(m.member, m.member.c.contest_id == m.contest.c.id)
        .where(access.addressed_to(u), m.member.c.status.in_(("accepted", "invited")))
        .order_by(m.contest.c.name)).all()
    return [{"contest": name, "title": title} for name, title in rows]
