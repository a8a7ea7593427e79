"""Sysadmin grants and withdrawals, heard at the model: `user_patch`/`user_update` with `sysadmin`
and CKAN's `ckan sysadmin add|remove` CLI (which calls no action) both set `User.sysadmin`.
A change is recorded after its transaction commits; a rolled-back one is forgotten.
Importing this module registers the listeners (the plugin imports it once)."""
from __future__ import annotations

import ckan.model as model
import flask
import sqlalchemy as sa
from sqlalchemy.orm import object_session

from .trail import record

PENDING = "shaoxing_audit_sysadmin"


def _actor() -> str | None:
    if flask.has_request_context():
        from flask_login import current_user
        return getattr(current_user, "name", None) or None
    return None


@sa.event.listens_for(model.User.sysadmin, "set", active_history=True)   # the old value even if expired
def _sysadmin_set(target, value, oldvalue, initiator):
    session = object_session(target)
    if session is None or oldvalue in (None, sa.orm.attributes.NO_VALUE) or bool(value) == bool(oldvalue):
        return
    session.info.setdefault(PENDING, []).append((target.name, bool(value), _actor()))


@sa.event.listens_for(model.Session, "after_commit")
def _after_commit(session):
    for name, sysadmin, actor in session.info.pop(PENDING, []):
        record("user.sysadmin", actor, "user", name, detail={"sysadmin": sysadmin})


@sa.event.listens_for(model.Session, "after_rollback")
def _after_rollback(session):
    session.info.pop(PENDING, None)
