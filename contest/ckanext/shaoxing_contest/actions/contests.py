"""Contests: create, update, show, list; the audit trail."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .. import access, schema, settings, state
from .. import model as m
from . import accounts, audit, checked, not_found

__all__ = ["contest_create", "contest_update", "contest_show", "contest_list", "contest_audit_list"]


def phases_of(contest_id: str) -> list[dict]:
    rows = model.Session.execute(sa.select(m.phase).where(m.phase.c.contest_id == contest_id)
                                 .order_by(m.phase.c.position)).mappings()
    return [dict(r) for r in rows]


def phase_of(contest_id: str, code: str) -> dict | None:
    return next((p for p in phases_of(contest_id) if p["code"] == code), None)


def next_phase(contest_id: str, code: str) -> dict | None:
    phases = phases_of(contest_id)
    codes = [p["code"] for p in phases]
    i = codes.index(code) if code in codes else -1
    return phases[i + 1] if 0 <= i < len(phases) - 1 else None


def has_scores(contest_id: str) -> bool:
    return model.Session.execute(sa.select(m.score.c.judge_id).where(m.score.c.contest_id == contest_id)
                                 .limit(1)).first() is not None


def dictize(c: dict) -> dict:
    phases = phases_of(c["id"])
    published = c["results_published"] is not None
    admins = [u.name for u in model.Session.query(model.User).filter(model.User.id.in_(c["admins"] or []))]
    return {
        "id": c["id"], "name": c["name"], "title": c["title"], "edition": c["edition"],
        "description": c["description"], "rules": c["rules"], "dataset_tag": c["dataset_tag"],
        "max_team_size": c["max_team_size"], "aggregation": c["aggregation"], "tracks": c["tracks"],
        "criteria": c["criteria"], "criteria_locked": has_scores(c["id"]), "admins": admins,
        "results_published": state.iso(c["results_published"]),
        "phases": [{"code": p["code"], "label": state.LABELS[p["code"]], "opens": state.iso(p["opens"]),
                    "closes": state.iso(p["closes"]), "judging_closes": state.iso(p["judging_closes"]),
                    "state": state.phase_state(p)} for p in phases],
        **state.contest_state(phases, published),
    }


def _save_phases(contest_id: str, phases: list[dict]) -> None:
    model.Session.execute(m.phase.delete().where(m.phase.c.contest_id == contest_id))
    model.Session.execute(m.phase.insert(), [
        {"contest_id": contest_id, "code": p["code"], "position": i, "opens": p["opens"], "closes": p["closes"],
         "judging_closes": p["judging_closes"]} for i, p in enumerate(phases)])


@checked(schema.contest_create)
def contest_create(context, data_dict):
    """A contest with its phases, tracks (default the four priority domains), criteria (default
    innovation 25, data use 25, value 25, technical 15, presentation 10) and admins."""
    admins = [u.id for u in accounts("admins", data_dict.get("admins", []))]
    if access.contest(data_dict["name"]):
        raise tk.ValidationError({"name": ["该名称已被使用 / that name is taken"]})
    values = {
        "name": data_dict["name"], "title": data_dict["title"], "edition": data_dict["edition"],
        "description": data_dict.get("description", ""), "rules": data_dict.get("rules", ""),
        "dataset_tag": data_dict.get("dataset_tag") or data_dict["name"],
        "max_team_size": data_dict.get("max_team_size") or settings.max_team_size(),
        "aggregation": data_dict.get("aggregation") or settings.aggregation(),
        "tracks": data_dict.get("tracks") or settings.TRACKS,
        "criteria": data_dict.get("criteria") or settings.CRITERIA,
        "admins": admins,
    }
    contest_id = model.Session.execute(m.contest.insert().values(**values).returning(m.contest.c.id)).scalar()
    _save_phases(contest_id, data_dict["phases"])
    audit(context, contest_id, "contest_create", contest_id, name=values["name"])
    model.Session.commit()
    return dictize(access.contest(contest_id))


@checked(schema.contest_update)
def contest_update(context, data_dict):
    """Change any field given. Criteria are locked once the first score exists."""
    c = access.contest(data_dict["id"])
    if c is None:
        raise not_found("大赛 / contest")
    if "admins" in data_dict:
        data_dict["admins"] = [u.id for u in accounts("admins", data_dict["admins"])]
    if "criteria" in data_dict and data_dict["criteria"] != c["criteria"] and has_scores(c["id"]):
        raise tk.ValidationError({"criteria": ["已有评分，评分标准已锁定 / scoring has started: the criteria are locked"]})
    if "name" in data_dict and data_dict["name"] != c["name"] and access.contest(data_dict["name"]):
        raise tk.ValidationError({"name": ["该名称已被使用 / that name is taken"]})
    fields = ("name", "title", "edition", "description", "rules", "dataset_tag", "max_team_size", "aggregation",
              "tracks", "criteria", "admins")
    values = {k: data_dict[k] for k in fields if k in data_dict}
    if values:
        model.Session.execute(m.contest.update().where(m.contest.c.id == c["id"]).values(**values))
    if "phases" in data_dict:
        _save_phases(c["id"], data_dict["phases"])
    audit(context, c["id"], "contest_update", c["id"], fields=sorted([*values, *(["phases"] if "phases" in data_dict
                                                                                 else [])]))
    model.Session.commit()
    return dictize(access.contest(c["id"]))


@checked(schema.contest_id_only, side_effect_free=True)
def contest_show(context, data_dict):
    """A contest by id or name, with its phases, tracks, criteria and its state right now."""
    c = access.contest(data_dict["id"])
    if c is None:
        raise not_found("大赛 / contest")
    return dictize(c)


@checked(schema.contest_list, side_effect_free=True)
def contest_list(context, data_dict):
    """All contests, newest edition first."""
    rows = model.Session.execute(sa.select(m.contest).order_by(m.contest.c.edition.desc(), m.contest.c.name)
                                 .limit(data_dict["limit"]).offset(data_dict["offset"])).mappings()
    return [dictize(dict(r)) for r in rows]


@checked(schema.contest_id_only, side_effect_free=True)
def contest_audit_list(context, data_dict):
    """Every state change of a contest, oldest first (contest admins)."""
    c = access.contest(data_dict["id"])
    if c is None:
        raise not_found("大赛 / contest")
    rows = model.Session.execute(sa.select(m.audit).where(m.audit.c.contest_id == c["id"])
                                 .order_by(m.audit.c.id)).mappings()
    return [{**dict(r), "created": state.iso(r["created"])} for r in rows]
