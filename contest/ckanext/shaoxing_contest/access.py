"""Who is who in a contest: lookups shared by actions and auth functions. Values arrive here
unvalidated (auth runs before the schema), so every lookup takes any type and answers None."""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa

from . import model as m


def _row(table, **where):
    # Not a string, or one PostgreSQL text cannot hold (NUL): no such row.
    if not all(isinstance(v, str) and "\x00" not in v for v in where.values()):
        return None
    query = sa.select(table).where(*[table.c[k] == v for k, v in where.items()])
    row = model.Session.execute(query).mappings().first()
    return dict(row) if row else None


def contest(id_or_name) -> dict | None:
    return _row(m.contest, id=id_or_name) or _row(m.contest, name=id_or_name)


def team(team_id) -> dict | None:
    return _row(m.team, id=team_id)


def submission(submission_id) -> dict | None:
    return _row(m.submission, id=submission_id)


def submission_with_file(filename) -> dict | None:
    """The submission whose proposal or screenshots hold this stored file name."""
    if not isinstance(filename, str) or "\x00" in filename:
        return None
    query = sa.select(m.submission).where(sa.or_(m.submission.c.proposal == filename,
                                                 m.submission.c.screenshots.contains([filename])))
    row = model.Session.execute(query.limit(1)).mappings().first()
    return dict(row) if row else None


def user(context) -> model.User | None:
    name = context.get("user")
    return model.User.get(name) if name else None


def is_sysadmin(context) -> bool:
    u = user(context)
    return bool(u and u.sysadmin)


def is_admin(context, c: dict | None) -> bool:
    u = user(context)
    return bool(u and c and (u.sysadmin or u.id in (c["admins"] or [])))


def membership(user_id: str | None, team_id: str) -> dict | None:
    return _row(m.member, team_id=team_id, user_id=user_id) if user_id else None


def addressed_to(u: model.User):
    """Rows that are this account's: its own, and invitations to its e-mail address not yet answered."""
    own = m.member.c.user_id == u.id
    if not u.email:
        return own
    return sa.or_(own, sa.and_(m.member.c.user_id.is_(None),
                               sa.func.lower(m.member.c.invited_as) == u.email.strip().lower()))


def invitation(u: model.User | None, team_id) -> dict | None:
    """The account's own row in a team, or else an unanswered invitation to its address."""
    if not u or not isinstance(team_id, str) or "\x00" in team_id:
        return None
    rows = model.Session.execute(sa.select(m.member).where(m.member.c.team_id == team_id, addressed_to(u))
                                 .order_by(m.member.c.user_id.is_(None))).mappings().all()
    return dict(rows[0]) if rows else None


def is_member(context, t: dict | None) -> bool:
    """An accepted member (or the leader) of team `t`."""
    u = user(context)
    row = membership(u.id, t["id"]) if u and t else None
    return bool(row and row["status"] == "accepted")


def team_of_user(contest_id: str, user_id: str) -> dict | None:
    """The team this user leads or has joined in a contest (declined invitations do not count)."""
    query = (sa.select(m.team).join(m.member, m.member.c.team_id == m.team.c.id)
             .where(m.member.c.contest_id == contest_id, m.member.c.user_id == user_id,
                    m.member.c.status == "accepted"))
    row = model.Session.execute(query).mappings().first()
    return dict(row) if row else None


def judge_row(contest_id: str, phase: str, user_id: str | None) -> dict | None:
    return _row(m.judge, contest_id=contest_id, phase=phase, user_id=user_id) if user_id else None


def is_judge(context, contest_id: str, phase: str | None = None) -> bool:
    u = user(context)
    if not u:
        return False
    query = sa.select(m.judge.c.user_id).where(m.judge.c.contest_id == contest_id, m.judge.c.user_id == u.id)
    if phase:
        query = query.where(m.judge.c.phase == phase)
    return model.Session.execute(query.limit(1)).first() is not None


def _norm(name: str) -> str:
    return "".join(str(name).split()).casefold()


def conflicted(judge: dict, t: dict) -> bool:
    """回避: the team's organisation is one the judge declared, or the judge is on the team."""
    org = _norm(t.get("organization_name") or "")
    if org and any(_norm(c) == org for c in judge.get("conflicts") or []):
        return True
    row = membership(judge["user_id"], t["id"])
    return bool(row and row["status"] != "declined")
