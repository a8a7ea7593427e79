"""Moving counts from Redis to PostgreSQL exactly once.

RENAME takes the pending hash atomically (new counts start a fresh one); the batch is written
with its id in one transaction, then deleted from Redis. A flush interrupted after the commit is
finished by the next one without counting again (the batch id is already in PostgreSQL). The
datasets whose totals changed are then announced (`TOTALS_CHANGED`): the search feature indexes
their new totals."""
from __future__ import annotations

import logging
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from redis.exceptions import ResponseError
from sqlalchemy.dialects.postgresql import insert

from . import counters
from .model import usage_daily, usage_flush

log = logging.getLogger(__name__)
TOTALS_CHANGED = "shaoxing_usage_totals_changed"


def flush(reindex: bool = True) -> int:
    """Flush what Redis holds; returns the number of events written. `reindex`: announce the
    datasets whose totals changed (TOTALS_CHANGED), so their search documents are refreshed."""
    redis = connect_to_redis()
    written, touched = 0, set()
    for key in counters.flushing_keys(redis):          # leftovers of an interrupted flush
        n, packages = _apply(redis, key)
        written, touched = written + n, touched | packages
    key = counters.FLUSHING + uuid.uuid4().hex
    try:
        redis.rename(counters.PENDING, key)
    except ResponseError:                               # nothing pending
        key = None
    if key:
        n, packages = _apply(redis, key)
        written, touched = written + n, touched | packages
    if reindex and touched:
        tk.signals.ckanext.signal(TOTALS_CHANGED).send("usage", package_ids=sorted(touched))
    return written


def _apply(redis, key: str) -> tuple[int, set[str]]:
    batch = key[len(counters.FLUSHING):]
    done = model.Session.execute(sa.select(usage_flush.c.batch_id).where(usage_flush.c.batch_id == batch)).first()
    if done:
        redis.delete(key)
        return 0, set()
    raw = {(k.decode() if isinstance(k, bytes) else k): int(v) for k, v in redis.hgetall(key).items()}
    rows = _resolve(raw)
    try:
        if rows:
            stmt = insert(usage_daily).values(rows)
            model.Session.execute(stmt.on_conflict_do_update(
                index_elements=["day", "kind", "object_id"],
                set_={"count": usage_daily.c.count + stmt.excluded.count}))
        model.Session.execute(usage_flush.insert().values(batch_id=batch))
        model.Session.commit()
    except sa.exc.IntegrityError:      # another flusher committed this batch first
        model.Session.rollback()
        return 0, set()
    redis.delete(key)
    return sum(r["count"] for r in rows), {r["package_id"] for r in rows}


def _resolve(raw: dict[str, int]) -> list[dict]:
    """Turn `day|kind|ref` fields into rows keyed by ids; refs that no longer exist are dropped."""
    parsed = [(*k.split("|", 2), n) for k, n in raw.items()]
    package_refs = {ref for _, kind, ref, _ in parsed if kind == "view"}
    resource_refs = {ref for _, kind, ref, _ in parsed if kind != "view"}
    packages = {}
    if package_refs:
        for pid, name in model.Session.query(model.Package.id, model.Package.name).filter(
                sa.or_(model.Package.id.in_(package_refs), model.Package.name.in_(package_refs))):
            packages[pid] = packages[name] = pid
    resources = dict(model.Session.query(model.Resource.id, model.Resource.package_id).filter(
        model.Resource.id.in_(resource_refs))) if resource_refs else {}
    merged: dict[tuple, dict] = {}
    for day, kind, ref, n in parsed:
        if kind == "view":
            object_id = package_id = packages.get(ref)
        else:
            object_id, package_id = ref, resources.get(ref)
        if not package_id:
            log.info("usage of unknown %s %s dropped", kind, ref)
            continue
        row = merged.setdefault((day, kind, object_id), {"day": day, "kind": kind, "object_id": object_id,
                                                           "package_id": package_id, "count": 0})
        row["count"] += n
    return list(merged.values())
