"""App keys: issue, rotate (with a grace period), revoke, list."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.logic import validate

from ... import clock
from .. import counting, keys, presenters, queries, schema, store
from ..gate import now
from ..model import app_key
from .shared import callers_company, error

__all__ = ["shaoxing_app_key_create", "shaoxing_app_key_list", "shaoxing_app_key_revoke", "shaoxing_app_key_rotate"]

NO_KEY = "没有这个密钥 / no such key"


def _issue(context, comp: dict, label: str, days: int | None = None) -> tuple[str, str]:
    most = tk.config.get("ckanext.shaoxing.access.key_lifetime_days")
    days = int(days) if days not in (None, "") else most
    if not 1 <= days <= most:
        error("days", f"有效期应为 1–{most} 天", f"a key lives 1–{most} days")
    key, prefix, digest = keys.new()
    kid = store.new_id()
    at = now()
    model.Session.execute(app_key.insert().values(
        id=kid, company_id=comp["id"], prefix=prefix, digest=digest, label=label, created=at,
        created_by=store.user_id(context["user"]), expires=at + dt.timedelta(days=days)))
    store.event(comp["id"], "key_created", context["user"], f"{keys.visible(prefix)} {label}")
    return kid, key


@validate(schema.key_create)
def shaoxing_app_key_create(context, data_dict):
    """A new app key (`label`, optional `days` up to the configured lifetime): the key is in this
    answer only, never again."""
    tk.check_access("shaoxing_app_key_create", context, data_dict)
    comp = callers_company(context)
    kid, key = _issue(context, comp, data_dict["label"], data_dict.get("days"))
    model.Session.commit()
    return {**presenters.app_key(store.get(app_key, kid)), "key": key}


@validate(schema.by_id)
def shaoxing_app_key_rotate(context, data_dict):
    """A new key with the same label; the old one keeps working for the grace period."""
    tk.check_access("shaoxing_app_key_rotate", context, data_dict)
    comp = callers_company(context)
    old = store.get(app_key, data_dict["id"])
    if old is None or old["company_id"] != comp["id"]:
        raise tk.ObjectNotFound(NO_KEY)
    if old["revoked_at"] or old["expires"] <= now() or old["replaced_by"]:
        error("id", "该密钥已失效或已轮换", "this key is no longer active or was rotated already")
    kid, key = _issue(context, comp, old["label"])
    grace = now() + dt.timedelta(hours=tk.config.get("ckanext.shaoxing.access.rotation_grace_hours"))
    model.Session.execute(app_key.update().where(app_key.c.id == old["id"]).values(
        replaced_by=kid, expires=min(old["expires"], grace)))
    store.event(comp["id"], "key_rotated", context["user"], keys.visible(old["prefix"]))
    model.Session.commit()
    return {**presenters.app_key(store.get(app_key, kid)), "key": key,
            "old_key_expires": presenters.iso(min(old["expires"], grace))}


@validate(schema.by_id)
def shaoxing_app_key_revoke(context, data_dict):
    """Revoke a key at once."""
    tk.check_access("shaoxing_app_key_revoke", context, data_dict)
    row = store.get(app_key, data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound(NO_KEY)
    if not row["revoked_at"]:
        model.Session.execute(app_key.update().where(app_key.c.id == row["id"]).values(revoked_at=now()))
        store.event(row["company_id"], "key_revoked", context["user"], keys.visible(row["prefix"]))
        model.Session.commit()
    return presenters.app_key(store.get(app_key, row["id"]))


@validate(schema.optional_id)
@tk.side_effect_free
def shaoxing_app_key_list(context, data_dict):
    """The caller's company's keys: visible prefix, label, created, expires, state, last used and
    calls today (never the key)."""
    tk.check_access("shaoxing_app_key_list", context, data_dict)
    comp = store.company_of(context["user"])
    cid = data_dict.get("id") if data_dict.get("id") and not comp else (comp or {}).get("id")
    rows = [dict(r) for r in model.Session.execute(
        sa.select(app_key).where(app_key.c.company_id == cid).order_by(app_key.c.created.desc())).mappings()]
    day = clock.today()
    calls_today: dict[str, int] = {}
    for c in queries.calls(cid, day, day):
        calls_today[c["key_id"]] = calls_today.get(c["key_id"], 0) + c["calls"]
    last_used = counting.last_used([r["id"] for r in rows])
    return [presenters.app_key(r, last_used, calls_today) for r in rows]
