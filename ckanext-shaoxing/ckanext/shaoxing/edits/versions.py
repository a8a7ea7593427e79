"""The version of an editable object, read plainly or under the row lock a save takes.

Entries and resources: CKAN's own `metadata_modified` (what package_show and resource_show
return). Departments: CKAN keeps no modification time for organizations, so their version is a
digest of the columns the edit form writes; a change back to the same content is no lost update.

The lock is `SELECT … FOR UPDATE` on the entry's (for a resource: its entry's) or department's
row, the lock package_revise and resource_update take: saves of one object queue behind it, and
each compares its version with the committed one. `populate_existing` matters: the session may
already hold the object (the auth check loaded it) with what it read before the wait.
"""
from __future__ import annotations

import hashlib
import json

import ckan.model as model
import sqlalchemy as sa

KINDS = ("dataset", "resource", "organization")


def _package(name_or_id: str, lock: bool) -> model.Package | None:
    query = model.Session.query(model.Package).filter(
        sa.or_(model.Package.id == name_or_id, model.Package.name == name_or_id))
    if lock:
        query = query.with_for_update(of=model.Package).populate_existing()
    return query.one_or_none()


def _group(name_or_id: str, lock: bool) -> model.Group | None:
    query = model.Session.query(model.Group).filter(
        sa.or_(model.Group.id == name_or_id, model.Group.name == name_or_id))
    if lock:
        query = query.with_for_update(of=model.Group).populate_existing()
    return query.one_or_none()


def _stamp(when) -> str | None:
    return when.isoformat() if when is not None else None


def digest(content) -> str:
    """A version made of what an edit form writes: equal exactly when that content is."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:20]


def group_digest(group: model.Group) -> str:
    return digest([group.name, group.title, group.description, group.image_url, group.state,
                   group.approval_status, dict(group.extras or {})])


def current(kind: str, object_id: str, lock: bool = False) -> str | None:
    """The object's version now (None: no such object); with `lock`, under its row lock, held
    until the transaction ends."""
    if kind == "dataset":
        package = _package(object_id, lock)
        return _stamp(package.metadata_modified) if package else None
    if kind == "resource":
        resource = model.Session.get(model.Resource, object_id)
        if resource is None:
            return None
        if lock:
            _package(resource.package_id, lock=True)
            model.Session.refresh(resource)
        return _stamp(resource.metadata_modified)
    if kind == "organization":
        group = _group(object_id, lock)
        return group_digest(group) if group else None
    raise ValueError(kind)


def etag(version: str) -> str:
    return f'"{version}"'


def from_etag(header: str) -> str:
    """The version an If-Match header names (a strong or weak ETag, quoted or not)."""
    value = header.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')
