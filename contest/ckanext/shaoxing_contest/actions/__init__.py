"""Contest actions, split by concern. Every action checks access first, then validates its
parameters against a navl schema (any bad type is a 409 naming the field), then acts."""
from __future__ import annotations

import functools
from typing import Callable

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import model as m
from .. import ranking


def checked(schema: Callable[[], dict], side_effect_free: bool = False):
    """check_access(<action name>) with the raw parameters, then the schema, then the action."""
    def wrap(fn):
        @functools.wraps(fn)
        def action(context, data_dict):
            tk.check_access(fn.__name__, context, data_dict)
            data, errors = tk.navl_validate(dict(data_dict), schema(), context)
            if errors:
                raise tk.ValidationError(errors)
            try:
                result = fn(context, data)
            except Exception:
                model.Session.rollback()   # a refused step leaves nothing half-written
                raise
            for contest_id in context.pop("_contest_changed", set()):   # after the commit, so no
                ranking.retire(contest_id)                                # reader caches the old rows
            return result
        return tk.side_effect_free(action) if side_effect_free else action
    return wrap


def audit(context, contest_id: str | None, action: str, object_id: str | None = None, **detail) -> None:
    """One row per state change, in the same transaction as the change. Every change of a
    contest is audited, so this is also where its cached rankings are marked stale."""
    context.setdefault("_contest_changed", set()).add(contest_id)
    user = model.User.get(context.get("user")) if context.get("user") else None
    model.Session.execute(m.audit.insert().values(
        contest_id=contest_id, actor=user.name if user else context.get("user"), action=action,
        object_id=object_id, detail=_jsonable(detail)))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def not_found(what: str):
    return tk.ObjectNotFound(f"{what} 不存在 / {what} not found")


def accounts(field: str, names: list[str]) -> list[model.User]:
    """The active accounts `names` name (by name or id); one that is none is an error of `field`.
    (The schemas check shapes only: this is where a named account is looked up.)"""
    users = []
    for name in names:
        user = model.User.get(name)
        if user is None or user.state != "active":
            raise tk.ValidationError({field: [f"没有用户 {name} / no user {name}"]})
        users.append(user)
    return users
