"""Judging: judges per phase, their conflicts (回避), the queue, scores and the ranking."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from .. import access, ranking, schema, state
from .. import model as m
from . import accounts, audit, checked, not_found
from .contests import has_scores, phase_of
from .submissions import dictize as submission_dict

__all__ = ["contest_judge_assign", "contest_judge_remove", "contest_judge_list", "contest_judge_conflicts_set",
           "contest_judge_queue", "contest_score_submit", "contest_ranking"]


def _contest_phase(data_dict) -> tuple[dict, dict]:
    c = access.contest(data_dict["contest_id"])
    if c is None:
        raise not_found("大赛 / contest")
    ph = phase_of(c["id"], data_dict["phase"])
    if ph is None:
        raise tk.ValidationError({"phase": ["本届大赛没有该阶段 / the contest has no such phase"]})
    return c, ph


@checked(schema.judge_assign)
def contest_judge_assign(context, data_dict):
    """Make `user` a judge of a phase (contest admins). The judge keeps conflicts declared before."""
    c, ph = _contest_phase(data_dict)
    [u] = accounts("user", [data_dict["user"]])
    known = model.Session.execute(sa.select(m.judge.c.conflicts).where(
        m.judge.c.contest_id == c["id"], m.judge.c.user_id == u.id).limit(1)).scalar()
    model.Session.execute(insert(m.judge).values(contest_id=c["id"], phase=ph["code"], user_id=u.id,
                                                 conflicts=known or []).on_conflict_do_nothing())
    audit(context, c["id"], "judge_assign", u.id, phase=ph["code"])
    model.Session.commit()
    return {"contest_id": c["id"], "phase": ph["code"], "user": u.name}


@checked(schema.judge_assign)
def contest_judge_remove(context, data_dict):
    """Remove a judge from a phase (contest admins); their scores stay unless they had none."""
    c, ph = _contest_phase(data_dict)
    u = model.User.get(data_dict["user"])
    if u is None:
        raise tk.ValidationError({"user": [f"没有用户 {data_dict['user']} / no user {data_dict['user']}"]})
    model.Session.execute(m.judge.delete().where(m.judge.c.contest_id == c["id"], m.judge.c.phase == ph["code"],
                                                 m.judge.c.user_id == u.id))
    audit(context, c["id"], "judge_remove", u.id, phase=ph["code"])
    model.Session.commit()
    return {"contest_id": c["id"], "phase": ph["code"], "user": u.name}


@checked(schema.contest_id_only, side_effect_free=True)
def contest_judge_list(context, data_dict):
    """Judges of every phase with their declared conflicts (contest admins)."""
    c = access.contest(data_dict["id"])
    if c is None:       # sysadmins pass the auth function whatever the id
        raise not_found("大赛 / contest")
    rows = model.Session.execute(sa.select(m.judge, model.User.name).join(model.User, model.User.id == m.judge.c.user_id)
                                 .where(m.judge.c.contest_id == c["id"]).order_by(m.judge.c.phase, model.User.name))
    return [{"phase": r.phase, "user": r.name, "conflicts": r.conflicts} for r in rows]


@checked(schema.judge_conflicts)
def contest_judge_conflicts_set(context, data_dict):
    """A judge declares the organisations they must not judge (replaces the earlier list)."""
    c = access.contest(data_dict["contest_id"])
    u = access.user(context)
    model.Session.execute(m.judge.update().where(m.judge.c.contest_id == c["id"], m.judge.c.user_id == u.id)
                          .values(conflicts=data_dict["conflicts"]))
    audit(context, c["id"], "judge_conflicts", u.id, conflicts=data_dict["conflicts"])
    model.Session.commit()
    return {"contest_id": c["id"], "conflicts": data_dict["conflicts"]}


def _visible_to_judge(j: dict, s: dict) -> bool:
    return not access.conflicted(j, access.team(s["team_id"]))


@checked(schema.contest_phase, side_effect_free=True)
def contest_judge_queue(context, data_dict):
    """The caller's entries to score in a phase: conflicted teams left out, the preliminary
    anonymous; each with the caller's own score (never other judges')."""
    c, ph = _contest_phase(data_dict)
    u = access.user(context)
    j = access.judge_row(c["id"], ph["code"], u.id) or {"user_id": u.id, "conflicts": []}   # a sysadmin
    rows = model.Session.execute(sa.select(m.submission).where(m.submission.c.contest_id == c["id"],
                                                               m.submission.c.phase == ph["code"])
                                 .order_by(m.submission.c.created)).mappings()
    mine = {r.submission_id: r for r in model.Session.execute(sa.select(m.score).where(
        m.score.c.contest_id == c["id"], m.score.c.phase == ph["code"], m.score.c.judge_id == u.id))}
    out = []
    for r in rows:
        if not _visible_to_judge(j, dict(r)):
            continue
        entry = submission_dict(dict(r), anonymous=ph["code"] == "preliminary")
        own = mine.get(r["id"])
        entry["my_score"] = {"scores": own.scores, "total": own.total, "comment": own.comment} if own else None
        out.append(entry)
    return {"phase": ph["code"], "phase_state": state.phase_state(ph), "criteria": c["criteria"], "entries": out}


@checked(schema.score_submit)
def contest_score_submit(context, data_dict):
    """A judge's scores (criterion → 0–100) for an entry; replaceable until the phase's judging
    closes. The weighted total is Σ weight × score / 100."""
    s = access.submission(data_dict["submission_id"])
    c = access.contest(s["contest_id"])
    ph = phase_of(c["id"], s["phase"])
    if state.phase_state(ph) != "judging":
        raise tk.ValidationError({"submission_id": ["不在该阶段的评审期内 / the phase is not in its judging period"]})
    codes = {cr["code"]: cr["weight"] for cr in c["criteria"]}
    scores = data_dict["scores"]
    if set(scores) != set(codes):
        missing, extra = sorted(set(codes) - set(scores)), sorted(set(scores) - set(codes))
        raise tk.ValidationError({"scores": [f"应为每项标准评分：缺少 {missing}，多余 {extra} / score every criterion: "
                                             f"missing {missing}, unknown {extra}"]})
    total = sum(codes[k] * v for k, v in scores.items()) / 100
    u = access.user(context)
    first = not has_scores(c["id"])
    values = {"submission_id": s["id"], "judge_id": u.id, "phase": s["phase"], "contest_id": c["id"],
              "scores": scores, "total": total, "comment": data_dict.get("comment", "")}
    model.Session.execute(insert(m.score).values(**values).on_conflict_do_update(
        index_elements=["submission_id", "judge_id", "phase"],
        set_={"scores": scores, "total": total, "comment": values["comment"], "modified": sa.func.now()}))
    audit(context, c["id"], "score_submit", s["id"], phase=s["phase"], total=total, criteria_locked=first or None)
    model.Session.commit()
    return {"submission_id": s["id"], "phase": s["phase"], "scores": scores, "total": total}


@checked(schema.contest_phase, side_effect_free=True)
def contest_ranking(context, data_dict):
    """Entries of a phase by aggregated score with each judge's total, the method used and the ties."""
    c, ph = _contest_phase(data_dict)
    anonymous = (ph["code"] == "preliminary" and c["results_published"] is None
                 and not access.is_admin(context, c))
    return ranking.cached(c["id"], ph["code"], c["aggregation"], anonymous)
