"""Advancing between phases, publishing results with awards, the gallery and what the
catalogue sees of it (apps per dataset, apps per year)."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.shaoxing import clock

from .. import access, ranking, schema, state
from .. import model as m
from . import audit, checked, not_found
from .contests import next_phase, phase_of, phases_of
from .submissions import dictize as submission_dict

__all__ = ["contest_advance", "contest_results_publish", "contest_gallery", "contest_package_apps",
           "contest_app_count"]
AWARD_ORDER = {"first": 1, "second": 2, "third": 3, "merit": 4}


@checked(schema.advance)
def contest_advance(context, data_dict):
    """Move the top `top` entries of a phase (ties at the cut go through together), or the teams
    `team_ids`, to the next phase. Only after the phase's judging has closed."""
    c = access.contest(data_dict["contest_id"])
    if c is None:
        raise not_found("大赛 / contest")
    ph = phase_of(c["id"], data_dict["phase"])
    nxt = next_phase(c["id"], data_dict["phase"]) if ph else None
    if ph is None or nxt is None:
        raise tk.ValidationError({"phase": ["该阶段之后没有下一阶段 / there is no phase after this one"]})
    if state.phase_state(ph) != "closed":
        raise tk.ValidationError({"phase": ["评审结束后才能晋级 / teams advance after the phase's judging closes"]})
    if bool(data_dict.get("top")) == bool(data_dict.get("team_ids")):
        raise tk.ValidationError({"top": ["请给出 top 或 team_ids 之一 / give either top or team_ids"]})
    entered = {r.team_id for r in model.Session.execute(sa.select(m.submission.c.team_id).where(
        m.submission.c.contest_id == c["id"], m.submission.c.phase == ph["code"]))}
    if data_dict.get("top"):
        ranked = [e for e in ranking.compute(c["id"], ph["code"], c["aggregation"], False)["entries"] if e["rank"]]
        cut = ranked[data_dict["top"] - 1]["rank"] if len(ranked) >= data_dict["top"] else None
        team_ids = [e["team_id"] for e in ranked if cut is None or e["rank"] <= cut]
    else:
        team_ids = data_dict["team_ids"]
        unknown = [t for t in team_ids if t not in entered]
        if unknown:
            raise tk.ValidationError({"team_ids": [f"这些队伍没有该阶段的作品：{unknown} / "
                                                   f"no entry in this phase: {unknown}"]})
    model.Session.execute(m.team.update().where(m.team.c.id.in_(team_ids)).values(stage=nxt["code"]))
    audit(context, c["id"], "advance", None, phase=ph["code"], to=nxt["code"], team_ids=team_ids)
    model.Session.commit()
    return {"phase": ph["code"], "advanced_to": nxt["code"], "team_ids": team_ids}


@checked(schema.results_publish)
def contest_results_publish(context, data_dict):
    """Record the awards (一等奖 first / 二等奖 second / 三等奖 third / 优秀奖 merit, per entry and so
    per track) and open the gallery; after the last phase's judging has closed."""
    c = access.contest(data_dict["contest_id"])
    if c is None:
        raise not_found("大赛 / contest")
    last = phases_of(c["id"])[-1]
    if state.phase_state(last) != "closed":
        raise tk.ValidationError({"contest_id": ["最后阶段评审结束后才能发布结果 / results are published after the last "
                                                 "phase's judging closes"]})
    ids = [a["submission_id"] for a in data_dict["awards"]]
    found = set(model.Session.execute(sa.select(m.submission.c.id).where(m.submission.c.contest_id == c["id"],
                                                                         m.submission.c.id.in_(ids))).scalars())
    if missing := [i for i in ids if i not in found]:
        raise tk.ValidationError({"awards": [f"不是本届大赛的作品：{missing} / not entries of this contest: {missing}"]})
    model.Session.execute(m.submission.update().where(m.submission.c.contest_id == c["id"]).values(award=None))
    for a in data_dict["awards"]:
        model.Session.execute(m.submission.update().where(m.submission.c.id == a["submission_id"])
                              .values(award=a["award"]))
    model.Session.execute(m.contest.update().where(m.contest.c.id == c["id"]).values(results_published=clock.now()))
    audit(context, c["id"], "results_publish", c["id"], awards=data_dict["awards"])
    model.Session.commit()
    return contest_gallery(context, {"id": c["id"]})


def _dataset_brief(package_id: str) -> dict | None:
    """Title and name of a cited dataset if it is still public and active (deleted or private
    datasets drop out of showcase lists rather than break them)."""
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    except tk.ObjectNotFound:
        return None
    if pkg.get("private") or pkg.get("state") != "active":
        return None
    return {"id": pkg["id"], "name": pkg["name"], "title": pkg["title"]}


@checked(schema.contest_id_only, side_effect_free=True)
def contest_gallery(context, data_dict):
    """Awarded entries of a contest whose results are published: title, team, award, track,
    screenshots and the public datasets each uses."""
    c = access.contest(data_dict["id"])
    if c is None:
        raise not_found("大赛 / contest")
    if c["results_published"] is None:
        return {"contest_id": c["id"], "published": False, "entries": []}
    rows = model.Session.execute(sa.select(m.submission).where(m.submission.c.contest_id == c["id"],
                                                               m.submission.c.award.isnot(None))).mappings()
    entries = []
    for r in sorted(rows, key=lambda r: (AWARD_ORDER[r["award"]], r["track"], r["title"])):
        entry = submission_dict(dict(r))
        entry["datasets"] = [d for d in map(_dataset_brief, entry["dataset_ids"]) if d]
        entries.append(entry)
    return {"contest_id": c["id"], "published": True, "entries": entries}


@checked(schema.package_apps, side_effect_free=True)
def contest_package_apps(context, data_dict):
    """Contest apps (awarded entries of published contests) citing a dataset: {count, apps}."""
    pkg = model.Package.get(data_dict["package_id"])
    if pkg is None:
        raise not_found("数据集 / dataset")
    rows = model.Session.execute(
        sa.select(m.submission.c.id, m.submission.c.title, m.submission.c.award, m.team.c.name.label("team_name"),
                  m.contest.c.name.label("contest_name"), m.contest.c.title.label("contest_title"))
        .join(m.submission_dataset, m.submission_dataset.c.submission_id == m.submission.c.id)
        .join(m.team, m.team.c.id == m.submission.c.team_id).join(m.contest, m.contest.c.id == m.submission.c.contest_id)
        .where(m.submission_dataset.c.package_id == pkg.id, m.submission.c.award.isnot(None),
               m.contest.c.results_published.isnot(None))
        .order_by(m.contest.c.edition.desc(), m.submission.c.title)).mappings()
    apps = [dict(r) for r in rows]
    return {"count": len(apps), "apps": apps}


@checked(schema.app_count, side_effect_free=True)
def contest_app_count(context, data_dict):
    """Apps built on the portal's data in `year` (default this year): distinct teams with an
    entry citing at least one dataset of the portal in a phase that closed (or closes) in that
    year, Asia/Shanghai time — an app counts in the year of its deadline."""
    year = data_dict.get("year") or clock.now().year
    if not 2000 <= year <= 2100:
        raise tk.ValidationError({"year": ["年份应在 2000 至 2100 之间 / year must be 2000–2100"]})
    start = dt.datetime(year, 1, 1, tzinfo=clock.TZ)
    end = dt.datetime(year + 1, 1, 1, tzinfo=clock.TZ)
    count = model.Session.execute(
        sa.select(sa.func.count(sa.distinct(m.submission.c.team_id)))
        .join(m.phase, sa.and_(m.phase.c.contest_id == m.submission.c.contest_id, m.phase.c.code == m.submission.c.phase))
        .where(m.phase.c.closes >= start, m.phase.c.closes < end,
               sa.exists().where(m.submission_dataset.c.submission_id == m.submission.c.id))).scalar()
    return {"year": year, "apps": count}
