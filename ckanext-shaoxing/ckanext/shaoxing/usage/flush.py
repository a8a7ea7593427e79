"""Moving counts from Redis to PostgreSQL exactly once.

RENAME takes the pending hash atomically (new counts start a fresh one); the batch is written
with its id in one transaction, then deleted from Redis. A flush interrupted after the commit is
finished by the next one without counting again (the batch id is already in PostgreSQL). The
datasets whose totals changed are then announced (`TOTALS_CHANGED`): the search feature indexes
their new totals.

Counts spooled to PostgreSQL while Redis did not answer (counters.count) are merged into the
same daily rows and deleted from the spool in one transaction: exactly once as well, and merged
even while Redis is still down.

A Redis that crashes (not one stopped cleanly) may come back without its last second of writes
(AOF, fsync every second). Were the RENAME among them, after its batch reached PostgreSQL, the
pending hash would come back and be counted again: on a Redis that has WAITAOF (7.2+) the flusher
waits for the RENAME to be on disk before it writes the batch."""
from __future__ import annotations

import logging
import time
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError, ResponseError
from sqlalchemy.dialects.postgresql import insert

from .. import spool
from . import counters
from .model import usage_daily, usage_flush, usage_spool

log = logging.getLogger(__name__)
TOTALS_CHANGED = "shaoxing_usage_totals_changed"
FLUSHED = "shaoxing_usage_flushed"
LAST_RUN = "shaoxing:usage:flushed_at"     # when a flush last finished (the health report shows it)


def flush(reindex: bool = True) -> int:
    """Flush what Redis and the spool hold; returns the number of events written. `reindex`:
    announce the datasets whose totals changed (TOTALS_CHANGED), so their search documents are
    refreshed."""
    redis = connect_to_redis()
    try:
        written, touched = _flush_redis(redis)
        redis.set(LAST_RUN, time.time())
    except RedisError as e:   # Redis down: what was counted meanwhile is in the spool
        model.Session.rollback()
        log.warning("usage counts in Redis not flushed: %s", e)
        written, touched = 0, set()
    n, packages = _merge_spool()
    written, touched = written + n, touched | packages
    if reindex and touched:
        tk.signals.ckanext.signal(TOTALS_CHANGED).send("usage", package_ids=sorted(touched))
    return written


def flush_all() -> int:
    """Flush the usage counts, then have every feature with counters of its own flush them (the
    app keys' calls hear `shaoxing_usage_flushed`)."""
    written = flush()
    tk.signals.ckanext.signal(FLUSHED).send("usage")
    return written


def last_run() -> float | None:
    """When a flush last finished with Redis (epoch seconds), or None."""
    value = connect_to_redis().get(LAST_RUN)
    return float(value) if value is not None else None


def _flush_redis(redis) -> tuple[int, set[str]]:
    written, touched = 0, set()
    for key in counters.flushing_keys(redis):          # leftovers of an interrupted flush
        n, packages = _apply(redis, key)
        written, touched = written + n, touched | packages
    key = counters.FLUSHING + uuid.uuid4().hex
    try:
        redis.rename(counters.PENDING, key)
    except ResponseError:                               # nothing pending
        return written, touched
    durable(redis)
    n, packages = _apply(redis, key)
    return written + n, touched | packages


def durable(redis) -> None:
    """Wait until Redis has the writes so far on disk (WAITAOF, Redis 7.2+); a Redis without
    it, or without an append-only file, answers an error and is not waited for."""
    try:
        redis.execute_command("WAITAOF", 1, 0, 2000)
    except ResponseError:
        pass


def _merge_spool() -> tuple[int, set[str]]:
    taken = spool.take(usage_spool)
    raw: dict[str, int] = {}
    for row in taken:
        name = counters.field(row["day"].isoformat(), row["kind"], row["object_ref"])
        raw[name] = raw.get(name, 0) + row["count"]
    rows = _resolve(raw)
    if rows:
        stmt = insert(usage_daily).values(rows)
        model.Session.execute(stmt.on_conflict_do_update(
            index_elements=["day", "kind", "object_id"],
            set_={"count": usage_daily.c.count + stmt.excluded.count}))
    model.Session.commit()
    return sum(r["count"] for r in rows), {r["package_id"] for r in rows}


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
