"""Actions of data requests and error reports: file, read, list, route, answer, upvote; the
holiday calendar; the departments' reply figures."""
from __future__ import annotations

import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate
from werkzeug.datastructures import FileStorage

from .. import clock
from ..bilingual import message
from ..schemas import api as schemas_api
from . import attachments, limit, rights, schema, signals, store, workdays
from .model import ANSWERED, item

__all__ = ["shaoxing_feedback_create", "shaoxing_feedback_show", "shaoxing_feedback_list",
           "shaoxing_feedback_route", "shaoxing_feedback_answer", "shaoxing_feedback_upvote",
           "shaoxing_feedback_figures", "shaoxing_holiday_list", "shaoxing_holiday_update",
           "shaoxing_holiday_delete"]

# Which states an answer may move to, and from which.
ANSWERS = {"accepted": ("submitted", "routed"), "declined": ("submitted", "routed", "accepted"),
           "duplicate": ("submitted", "routed", "accepted"), "fulfilled": ("submitted", "routed", "accepted")}
SCOPES = ("public", "mine", "queue", "bureau")


def _refuse(field: str, zh: str, en: str):
    raise tk.ValidationError({field: [message(zh, en)]})


def _public_package(ref, field: str) -> dict:
    """A published entry by id or name, or a field error (deleted, private, draft or unknown)."""
    pkg = model.Package.get(ref) if ref else None
    if pkg is None or pkg.state != "active" or pkg.private or pkg.type != "dataset":
        _refuse(field, "数据集不存在、未公开或已删除", "no such published dataset (unknown, private or deleted)")
    return pkg


def _department(ref, field: str = "organization_id"):
    org = model.Group.get(ref) if ref else None
    if org is None or not org.is_organization or org.state != "active":
        _refuse(field, "部门不存在", "no such department")
    return org


def _user(context):
    obj = rights.user_obj(context.get("user"))
    if obj is None:
        raise tk.NotAuthorized(message("请先登录", "sign in first"))
    return obj


def as_dict(row: dict, viewer: str | None, names: dict | None = None) -> dict:
    """The public view of a row; the private fields for the requester, department and bureau."""
    today = clock.today()
    names = names if names is not None else _names([row])
    out = {k: row[k] for k in ("id", "kind", "title", "description", "domain", "intended_use", "resource_id", "field",
                               "should_be", "state", "duplicate_of", "votes")}
    out.update(created=row["created"].isoformat(), due=row["due"].isoformat(), overdue=row["overdue"].isoformat(),
               answered=row["answered"].isoformat() if row["answered"] else None,
               planned=row["planned"].isoformat() if row["planned"] else None,
               is_overdue=row["state"] in store.WAITING and row["overdue"] < today,
               is_due=row["state"] in store.WAITING and row["due"] <= today,
               organization=names.get(row["organization_id"]), package=names.get(row["package_id"]),
               fulfilled_by=names.get(row["fulfilled_by"]))
    viewer_obj = rights.user_obj(viewer)
    out["mine"] = bool(viewer_obj) and viewer_obj.id == row["user_id"]
    if rights.is_party(viewer, row):
        out.update(contact=row["contact"], has_attachment=bool(row["attachment"]))
    return out


def _names(rows: list[dict]) -> dict:
    """id → {"id", "name", "title"} of the departments and the published entries the rows name."""
    orgs = {r["organization_id"] for r in rows} - {None}
    pkgs = {r[k] for r in rows for k in ("package_id", "fulfilled_by")} - {None}
    out = {}
    if orgs:
        for g in model.Session.query(model.Group).filter(model.Group.id.in_(orgs)):
            out[g.id] = {"id": g.id, "name": g.name, "title": g.title}
    if pkgs:
        for p in model.Session.query(model.Package).filter(model.Package.id.in_(pkgs),
                                                           schemas_api.public_dataset(model.Package)):
            out[p.id] = {"id": p.id, "name": p.name, "title": p.title}
    return out


def _check_request(data: dict) -> None:
    if data.get("domain") and data["domain"] not in schemas_api.codes("domain"):
        _refuse("domain", "领域不在代码表中", "not a domain of the code list")
    if data.get("organization_id"):
        data["organization_id"] = _department(data["organization_id"]).id
    if data.get("package_id"):
        data["package_id"] = _public_package(data["package_id"], "package_id").id


def _check_report(data: dict) -> None:
    pkg = _public_package(data.get("package_id"), "package_id")
    data.update(package_id=pkg.id, organization_id=pkg.owner_org, domain=data.get("domain") or pkg.extras.get("domain"))
    if data.get("resource_id"):
        res = model.Resource.get(data["resource_id"])
        if res is None or res.package_id != pkg.id or res.state != "active":
            _refuse("resource_id", "该数据集没有这个资源", "no such resource of this dataset")
        data["resource_id"] = res.id
    if not data.get("field") and not data.get("resource_id"):
        _refuse("field", "请指出哪个字段或资源有误", "say which field or resource is wrong")
    if not data.get("should_be"):
        _refuse("should_be", "请说明正确的内容", "say what it should be")


@validate(schema.create)
def shaoxing_feedback_create(context, data_dict):
    """File a data request (`kind` "request": `title`, `description`, optional `domain`,
    `organization_id` (the wanted department), `package_id` (a not-open entry asked for),
    `intended_use`, `contact` "portal" or "email") or an error report (`kind` "report": on a
    published `package_id`, optionally its `resource_id`, `field` (which is wrong), `should_be`,
    optional `attachment` PNG/JPEG upload). Signed-in accounts; a daily limit per account.
    Returns the new one as `shaoxing_feedback_show` does."""
    tk.check_access("shaoxing_feedback_create", context, data_dict)
    user = _user(context)
    # An empty form field is no value (a form sends every field).
    data = {k: (None if v == "" else v) for k, v in data_dict.items()}
    (_check_report if data["kind"] == "report" else _check_request)(data)
    upload = data.get("attachment")
    if upload is not None and not (isinstance(upload, FileStorage) and upload.filename):
        if upload not in ("", None):
            _refuse("attachment", "附件应为上传的文件", "the attachment must be an uploaded file")
        upload = None
    if data["kind"] != "report" and upload is not None:
        _refuse("attachment", "只有纠错可附图片", "only error reports take an attachment")
    if not rights.is_bureau(user.name):
        try:
            limit.spend(user.id)
        except limit.Unavailable:
            raise tk.ValidationError({"limit": [message("服务暂不可用，请稍后再试",
                                                        "the service is unavailable; try again later")]})
    stored = attachments.store(upload) if upload is not None else None
    now = clock.now()
    due, overdue = workdays.due_dates(clock.day_of(now))
    routed = data["kind"] == "report"     # a report goes straight to its entry's department
    row = {"id": str(uuid.uuid4()), "kind": data["kind"], "title": data["title"], "description": data["description"],
           "domain": data.get("domain"), "organization_id": data.get("organization_id"),
           "intended_use": data.get("intended_use"), "contact": data.get("contact") or "portal",
           "package_id": data.get("package_id"), "resource_id": data.get("resource_id"), "field": data.get("field"),
           "should_be": data.get("should_be"), "attachment": stored, "state": "routed" if routed else "submitted",
           "user_id": user.id, "created": now, "due": due, "overdue": overdue}
    model.Session.execute(item.insert().values(**row))
    store.add_event(row["id"], "submitted", now)
    if routed:
        store.add_event(row["id"], "routed", now, organization_id=row["organization_id"])
    model.Session.commit()
    signals.changed(row, None)
    return as_dict(store.get(row["id"]), context.get("user"))


def _visible(context, feedback_id) -> dict:
    row = store.get(feedback_id)
    if row is None:
        raise tk.ObjectNotFound(message("没有这条需求或纠错", "no such request or report"))
    return row


@validate(schema.show)
@tk.side_effect_free
def shaoxing_feedback_show(context, data_dict):
    """One request or report by `id`, with its public `history` (every change with its reply and
    date) and `voted` (whether the caller upvoted it)."""
    tk.check_access("shaoxing_feedback_show", context, data_dict)
    row = _visible(context, data_dict["id"])
    out = as_dict(row, context.get("user"))
    out["history"] = [{"at": e["at"].isoformat(), "state": e["state"], "reply": e["reply"],
                       "organization": _names([{"organization_id": e["detail"].get("organization_id"),
                                                "package_id": None, "fulfilled_by": None}]).get(
                                                    e["detail"].get("organization_id"))}
                      for e in store.history(row["id"])]
    viewer = rights.user_obj(context.get("user"))
    out["voted"] = store.voted(row["id"], viewer.id if viewer else None)
    return out


def filters(data_dict: dict, user: str | None) -> dict:
    scope = data_dict.get("scope") or "public"
    if scope not in SCOPES:
        _refuse("scope", "应为 public、mine、queue 或 bureau", "must be public, mine, queue or bureau")
    f = {k: data_dict.get(k) for k in ("kind", "state", "domain", "organization_id", "min_age", "max_age")}
    if f["state"] == "open":
        f["state"], f["states"] = None, ("submitted", "routed", "accepted")
    if scope == "public":
        f["public"] = True
    elif scope == "mine":
        f["user_id"] = rights.user_obj(user).id
    elif scope == "queue":
        if not f["organization_id"]:
            _refuse("organization_id", "必填", "required")
        f["organization_id"] = _department(f["organization_id"]).id
        f["states"] = f.get("states") or tuple(s for s in ("routed", "accepted", "declined", "duplicate", "fulfilled"))
    if f["organization_id"] and scope != "queue":
        org = model.Group.get(f["organization_id"])
        f["organization_id"] = org.id if org else f["organization_id"]
    return f


@validate(schema.listing)
@tk.side_effect_free
def shaoxing_feedback_list(context, data_dict):
    """Requests and reports, filtered by `kind`, `state` (or "open"), `organization_id`, `domain`,
    `min_age`/`max_age` (days since filed); `scope`: "public" (anyone; entries no longer published
    leave it), "mine" (the caller's own), "queue" (a department's, for its members), "bureau"
    (everything, sysadmins); `sort`: "votes" (我也需要, default), "new", "age" (oldest first);
    `limit` (≤ 100) and `offset`. Returns {"count", "counts" (by state), "results"}."""
    tk.check_access("shaoxing_feedback_list", context, data_dict)
    f = filters(data_dict, context.get("user"))
    page = min(int(data_dict["limit"]), 100)
    rows = store.rows(f, data_dict.get("sort") or "votes", page, int(data_dict["offset"]))
    names = _names(rows)
    counts = store.counts_by_state(f)
    wanted = [f["state"]] if f.get("state") else f.get("states") or list(counts)
    return {"count": sum(counts.get(s, 0) for s in wanted), "counts": counts,
            "results": [as_dict(r, context.get("user"), names) for r in rows]}


def _move(row: dict, state: str, reply: str | None, **changes) -> dict:
    now = clock.now()
    values = {"state": state, **changes}
    if state in ANSWERED and row["answered"] is None:
        values["answered"] = now
    model.Session.execute(item.update().where(item.c.id == row["id"]).values(**values))
    store.add_event(row["id"], state, now, reply, **{k: v for k, v in changes.items() if k != "planned"},
                    **({"planned": changes["planned"].isoformat()} if changes.get("planned") else {}))
    model.Session.commit()
    signals.changed(store.get(row["id"]), row["state"])
    return store.get(row["id"])


@validate(schema.route)
def shaoxing_feedback_route(context, data_dict):
    """The bureau routes a submitted request (`id`) to a department (`organization_id`), or routes
    it again before it is answered; an optional public `reply`."""
    tk.check_access("shaoxing_feedback_route", context, data_dict)
    row = _visible(context, data_dict["id"])
    org = _department(data_dict["organization_id"])
    if row["state"] not in ("submitted", "routed"):
        _refuse("id", "已答复的不能再分派", "an answered one cannot be routed again")
    return as_dict(_move(row, "routed", data_dict.get("reply"), organization_id=org.id), context.get("user"))


@validate(schema.answer)
def shaoxing_feedback_answer(context, data_dict):
    """The routed department (an editor) or the bureau answers (`id`) with `state`: "accepted"
    (`planned` date, today or later), "declined" (`reply` gives the reason, required),
    "duplicate" (`duplicate_of` another request or report of the same kind) or "fulfilled"
    (`package_id`: the published dataset that answers a request; a report's own entry by
    default). `reply` is public."""
    tk.check_access("shaoxing_feedback_answer", context, data_dict)
    row = _visible(context, data_dict["id"])
    state, reply = data_dict["state"], data_dict.get("reply")
    if state not in ANSWERS:
        _refuse("state", "应为 accepted、declined、duplicate 或 fulfilled",
                "must be accepted, declined, duplicate or fulfilled")
    if row["state"] not in ANSWERS[state]:
        _refuse("state", f"当前状态（{row['state']}）不能改为 {state}", f"cannot move from {row['state']} to {state}")
    changes = {}
    if state == "accepted":
        if not data_dict.get("planned"):
            _refuse("planned", "受理须给出计划日期", "accepting needs a planned date")
        if data_dict["planned"] < clock.today():
            _refuse("planned", "计划日期不能早于今天", "the planned date cannot be in the past")
        changes["planned"] = data_dict["planned"]
    elif state == "declined" and not reply:
        _refuse("reply", "不予受理须说明理由", "declining needs a reason")
    elif state == "duplicate":
        other = store.get(data_dict.get("duplicate_of")) if data_dict.get("duplicate_of") else None
        if data_dict.get("duplicate_of") == row["id"]:
            _refuse("duplicate_of", "不能标记为与自身重复", "cannot be a duplicate of itself")
        if other is None or other["kind"] != row["kind"]:
            _refuse("duplicate_of", "没有这条需求或纠错", "no such request or report of the same kind")
        changes["duplicate_of"] = other["id"]
    elif state == "fulfilled":
        ref = data_dict.get("package_id") or (row["package_id"] if row["kind"] == "report" else None)
        if not ref:
            _refuse("package_id", "办结须关联提供数据的数据集", "fulfilling needs the dataset that answers it")
        changes["fulfilled_by"] = _public_package(ref, "package_id").id
    return as_dict(_move(row, state, reply, **changes), context.get("user"))


@validate(schema.upvote)
def shaoxing_feedback_upvote(context, data_dict):
    """我也需要: the caller's upvote of a request or report (`id`), one per account (again: no
    change). Returns {"votes", "voted"}."""
    tk.check_access("shaoxing_feedback_upvote", context, data_dict)
    tk.check_access("shaoxing_feedback_show", context, data_dict)
    row = _visible(context, data_dict["id"])
    user = _user(context)
    store.add_vote(row["id"], user.id)
    model.Session.commit()
    return {"votes": store.get(row["id"])["votes"], "voted": True}


@validate(schema.figures)
@tk.side_effect_free
def shaoxing_feedback_figures(context, data_dict):
    """Per department (name): median reply time in working days, open and overdue counts, and —
    with `date_from`/`date_to` — how many of those due then were answered within the deadline."""
    tk.check_access("shaoxing_feedback_figures", context, data_dict)
    figs = store.department_figures()
    names = _names([{"organization_id": o, "package_id": None, "fulfilled_by": None} for o in figs])
    if data_dict.get("date_from") and data_dict.get("date_to"):
        import datetime as dt
        answered = store.responsiveness(data_dict["date_from"], data_dict["date_to"] + dt.timedelta(days=1))
        for org, (good, total) in answered.items():
            figs.setdefault(org, {"open": 0, "overdue": 0, "median_reply_days": None}).update(
                on_time=good, due=total)
            names.update(_names([{"organization_id": org, "package_id": None, "fulfilled_by": None}]))
    return {names[o]["name"]: f for o, f in figs.items() if o in names}


@validate(schema.holiday_list)
@tk.side_effect_free
def shaoxing_holiday_list(context, data_dict):
    """The holiday calendar's days (public holidays and 调休 working days), of `year` or all."""
    tk.check_access("shaoxing_holiday_list", context, data_dict)
    year = int(data_dict["year"]) if data_dict.get("year") not in (None, "") else None
    return [{**d, "day": d["day"].isoformat()} for d in workdays.days(year)]


def _recompute_open() -> None:
    """The deadlines of what is still waiting follow the calendar's change."""
    for row in store.rows({"states": store.WAITING}, "age", None):
        due, overdue = workdays.due_dates(clock.day_of(row["created"]))
        if (due, overdue) != (row["due"], row["overdue"]):
            model.Session.execute(item.update().where(item.c.id == row["id"]).values(due=due, overdue=overdue))


@validate(schema.holiday_update)
def shaoxing_holiday_update(context, data_dict):
    """The bureau sets a `day` as a public holiday or a 调休 working day (`kind` "holiday" or
    "workday") with its `name` (and `source`); the deadlines still running follow."""
    tk.check_access("shaoxing_holiday_update", context, data_dict)
    workdays.put(data_dict["day"], data_dict["kind"], data_dict["name"], data_dict.get("source"))
    _recompute_open()
    model.Session.commit()
    return {"day": data_dict["day"].isoformat(), "kind": data_dict["kind"], "name": data_dict["name"]}


@validate(schema.holiday_delete)
def shaoxing_holiday_delete(context, data_dict):
    """The bureau removes a `day` from the calendar (it is an ordinary day again)."""
    tk.check_access("shaoxing_holiday_delete", context, data_dict)
    if not workdays.remove(data_dict["day"]):
        raise tk.ObjectNotFound(message("日历中没有这一天", "no such day in the calendar"))
    _recompute_open()
    model.Session.commit()
    return {"day": data_dict["day"].isoformat()}
