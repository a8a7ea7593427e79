"""Submissions: created and changed by team members while their phase is open, frozen after;
cited datasets must be public, active datasets of this portal."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.shaoxing import clock
from ckanext.shaoxing.edits import api as edits

from .. import access, schema, state, uploads
from .. import model as m
from . import audit, checked, not_found
from .contests import phase_of

__all__ = ["contest_submission_create", "contest_submission_update", "contest_submission_show",
           "contest_submission_list"]


def cited_datasets(ids: list[str]) -> list[str]:
    """Package ids for the cited names or ids; private, deleted and unknown ones are refused by name."""
    problems, found = [], []
    for ref in ids:
        try:
            pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": ref})
        except tk.ObjectNotFound:
            problems.append(f"{ref}：没有该数据集 / {ref}: no such dataset")
            continue
        if pkg.get("state") != "active":
            problems.append(f"{ref}：数据集已删除或未发布 / {ref}: the dataset is deleted or not published")
        elif pkg.get("private"):
            problems.append(f"{ref}：不是公开数据集 / {ref}: the dataset is not public")
        elif pkg["id"] not in found:
            found.append(pkg["id"])
    if problems:
        raise tk.ValidationError({"dataset_ids": problems})
    return found


def _open_for_changes(contest_id: str, phase_code: str) -> None:
    ph = phase_of(contest_id, phase_code)
    if ph is None:
        raise tk.ValidationError({"phase": ["本届大赛没有该阶段 / the contest has no such phase"]})
    s = state.phase_state(ph)
    if s == "upcoming":
        raise tk.ValidationError({"phase": ["该阶段尚未开始 / the phase has not opened yet"]})
    if s != "open":
        raise tk.ValidationError({"phase": ["该阶段已截止，作品已冻结，未作任何修改 / the phase has closed: the submission "
                                            "is frozen and nothing was changed"]})


def _files(data_dict: dict, current: dict | None) -> dict:
    """Check every new file by content before storing any of them."""
    proposals = uploads.files_of(data_dict.get("proposal_upload"))
    shots = uploads.files_of(data_dict.get("screenshots_upload"))
    for f in proposals[:1]:
        uploads.check(f, uploads.PROPOSAL, "proposal_upload")
    for f in shots:
        uploads.check(f, uploads.SCREENSHOT, "screenshots_upload")
    kept = [s for s in (current or {}).get("screenshots", []) if s not in data_dict.get("remove_screenshots", [])]
    if len(kept) + len(shots) > uploads.MAX_SCREENSHOTS:
        raise tk.ValidationError({"screenshots_upload": [f"截图最多 {uploads.MAX_SCREENSHOTS} 张 / at most "
                                                         f"{uploads.MAX_SCREENSHOTS} screenshots"]})
    values = {}
    if proposals:
        values["proposal"] = uploads.store(proposals[0], uploads.PROPOSAL, "proposal_upload")
    if shots or len(kept) != len((current or {}).get("screenshots", [])):
        values["screenshots"] = kept + [uploads.store(f, uploads.SCREENSHOT, "screenshots_upload") for f in shots]
    return values


def datasets_of(submission_id: str) -> list[str]:
    return list(model.Session.execute(sa.select(m.submission_dataset.c.package_id).where(
        m.submission_dataset.c.submission_id == submission_id)).scalars())


def dictize(s: dict, anonymous: bool = False) -> dict:
    out = {k: s[k] for k in ("id", "contest_id", "team_id", "phase", "title", "summary", "track", "demo_url",
                             "repository_url", "proposal", "screenshots", "award")}
    out.update(created=state.iso(s["created"]), modified=state.iso(s["modified"]), dataset_ids=datasets_of(s["id"]))
    if anonymous:
        out["team_id"] = None
    else:
        t = access.team(s["team_id"])
        out.update(team_name=t["name"], organization_name=t["organization_name"], entrant_type=t["entrant_type"])
    return out


def _save_datasets(submission_id: str, package_ids: list[str]) -> None:
    model.Session.execute(m.submission_dataset.delete().where(m.submission_dataset.c.submission_id == submission_id))
    model.Session.execute(m.submission_dataset.insert(), [{"submission_id": submission_id, "package_id": p}
                                                          for p in package_ids])


@checked(schema.submission_create)
def contest_submission_create(context, data_dict):
    """A team's entry for a phase (one per team and phase), citing ≥ 1 public datasets; optional
    proposal PDF (≤ 20 MB) and up to 6 PNG/JPEG screenshots (≤ 5 MB each)."""
    t = access.team(data_dict["team_id"])
    c = access.contest(t["contest_id"])
    _open_for_changes(c["id"], data_dict["phase"])
    codes = list(state.PHASES)
    if codes.index(data_dict["phase"]) > codes.index(t["stage"]):
        raise tk.ValidationError({"phase": ["队伍未晋级该阶段 / the team has not advanced to this phase"]})
    track = data_dict.get("track") or t["track"]
    if track not in {tr["code"] for tr in c["tracks"]}:
        raise tk.ValidationError({"track": ["没有该赛道 / no such track"]})
    if model.Session.execute(sa.select(m.submission.c.id).where(m.submission.c.team_id == t["id"],
                                                                m.submission.c.phase == data_dict["phase"])).first():
        raise tk.ValidationError({"phase": ["本阶段已提交作品，请修改它 / this phase already has the team's entry: "
                                            "update it"]})
    package_ids = cited_datasets(data_dict["dataset_ids"])
    values = {"contest_id": c["id"], "team_id": t["id"], "phase": data_dict["phase"], "title": data_dict["title"],
              "track": track, "created": clock.now(), "modified": clock.now(),
              **{k: data_dict.get(k, "") for k in ("summary", "demo_url", "repository_url")}}
    values.update(_files(data_dict, None))
    submission_id = model.Session.execute(m.submission.insert().values(**values).returning(m.submission.c.id)).scalar()
    _save_datasets(submission_id, package_ids)
    audit(context, c["id"], "submission_create", submission_id, phase=data_dict["phase"], datasets=package_ids)
    model.Session.commit()
    return dictize(access.submission(submission_id))


@checked(schema.submission_update)
def contest_submission_update(context, data_dict):
    """Change an entry while its phase is open; after the close it is frozen (error, nothing changed).
    With `if_match` (the `modified` the editor read), a save over a newer one is refused (409)."""
    s = access.submission(data_dict["id"])
    if data_dict.get("if_match"):
        # Under the row's lock, so two saves of one entry queue and the second compares with the first.
        modified = model.Session.execute(sa.select(m.submission.c.modified).where(m.submission.c.id == s["id"])
                                         .with_for_update()).scalar()
        if state.iso(modified) != edits.from_etag(data_dict["if_match"]):
            edits.refuse("contest_submission", s["id"], state.iso(modified), data_dict["if_match"])
    _open_for_changes(s["contest_id"], s["phase"])
    c = access.contest(s["contest_id"])
    if "track" in data_dict and data_dict["track"] not in {tr["code"] for tr in c["tracks"]}:
        raise tk.ValidationError({"track": ["没有该赛道 / no such track"]})
    package_ids = cited_datasets(data_dict["dataset_ids"]) if "dataset_ids" in data_dict else None
    values = {k: data_dict[k] for k in ("title", "summary", "track", "demo_url", "repository_url") if k in data_dict}
    old_files = [s["proposal"], *s["screenshots"]]
    values.update(_files(data_dict, s))
    values["modified"] = clock.now()   # the server clock, as every rule here
    model.Session.execute(m.submission.update().where(m.submission.c.id == s["id"]).values(**values))
    if package_ids is not None:
        _save_datasets(s["id"], package_ids)
    audit(context, s["contest_id"], "submission_update", s["id"], fields=sorted(values))
    model.Session.commit()
    new = access.submission(s["id"])
    for name in set(old_files) - {new["proposal"], *new["screenshots"]}:
        uploads.remove(name)
    return dictize(new)


def anonymous_for(context, s: dict) -> bool:
    """Preliminary review is anonymous to judges who are neither contest admins nor team members."""
    c = access.contest(s["contest_id"])
    if s["phase"] != "preliminary" or access.is_admin(context, c) or access.is_member(context, access.team(s["team_id"])):
        return False
    return c["results_published"] is None


@checked(schema.submission_id_only, side_effect_free=True)
def contest_submission_show(context, data_dict):
    """One entry: its team (hidden from judges in the preliminary), files and cited datasets."""
    s = access.submission(data_dict["id"])
    if s is None:
        raise not_found("作品 / submission")
    return dictize(s, anonymous=anonymous_for(context, s))


@checked(schema.team_id_only, side_effect_free=True)
def contest_submission_list(context, data_dict):
    """A team's entries, every phase (the team and contest admins)."""
    rows = model.Session.execute(sa.select(m.submission).where(m.submission.c.team_id == data_dict["team_id"])
                                 .order_by(m.submission.c.created)).mappings()
    return [dictize(dict(r)) for r in rows]
