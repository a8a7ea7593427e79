"""Calls per key, company, resource and day: one Redis HINCRBY on the hot path, moved to
PostgreSQL (`shaoxing_key_calls_daily`) by the usage flusher, exactly once (the same rename and
batch-id scheme as usage/flush.py). When Redis does not answer, the call is spooled to PostgreSQL
(`shaoxing_key_calls_spool`) and merged by the same flush, exactly once (spool.py)."""
from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid

import ckan.model as model
import sqlalchemy as sa
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry
from sqlalchemy.dialects.postgresql import insert

from .. import clock, spool
from . import quota
from .model import key_calls, key_calls_flush, key_calls_spool

log = logging.getLogger(__name__)
PENDING = "shaoxing:access:calls:pending"
FLUSHING = "shaoxing:access:calls:flushing:"
LAST_USED = "shaoxing:access:last_used"


@functools.lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> Redis:
    # A connection pool per URL and timeout, not state. No retries: an increment sent again after
    # its reply was lost could count twice; a failed one is spooled instead.
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0))


def client(url: str) -> Redis:
    """Short timeouts: a request does not wait long for a Redis that hangs."""
    return _client(url, 0.5)


def _conn() -> Redis:
    return client(quota.redis_url())


def fields(key_id: str, company_id: str, package_id: str, resource_id: str) -> tuple[list[str], list[str]]:
    """One call as Redis names and arguments: (pending hash, last-use hash), (the call's field in
    the pending hash, the key, now) — what `count` writes, for a script that writes it (quota.admit)."""
    field = f"{clock.today().isoformat()}|{key_id}|{company_id}|{package_id}|{resource_id}"
    return [PENDING, LAST_USED], [field, key_id, dt.datetime.now(dt.timezone.utc).isoformat()]


def count(key_id: str, company_id: str, package_id: str, resource_id: str) -> None:
    """One call, in Redis or, when Redis does not answer, in the spool (the key's last use is
    then not updated: it is not a count). Raises only when PostgreSQL fails too."""
    (pending_name, last_used_name), (field, _, now) = fields(key_id, company_id, package_id, resource_id)
    try:
        pipe = _conn().pipeline(transaction=False)
        pipe.hincrby(pending_name, field, 1)
        pipe.hset(last_used_name, key_id, now)
        pipe.execute()
        return
    except RedisError as e:
        log.warning("Redis did not take a key's call, spooled to PostgreSQL: %s", e)
    spooled(key_id, company_id, package_id, resource_id)


def spooled(key_id: str, company_id: str, package_id: str, resource_id: str) -> None:
    """One call counted in PostgreSQL's spool (Redis does not answer)."""
    spool.add(key_calls_spool, {"day": clock.today(), "key_id": key_id, "resource_id": resource_id,
                                "company_id": company_id, "package_id": package_id}, "calls", 1)


def pending(company_id: str | None = None, date_from: dt.date | None = None,
            date_to: dt.date | None = None) -> list[dict]:
    """Counts not yet in PostgreSQL, as rows like the table's, of one company (None: all) between
    two days (inclusive; None: open-ended)."""
    r = _conn()
    rows = []
    keys = [PENDING] + [k.decode() for k in r.scan_iter(FLUSHING + "*")]
    done = {b for (b,) in model.Session.execute(sa.select(key_calls_flush.c.batch_id))} if len(keys) > 1 else set()
    first, last = (date_from or dt.date.min).isoformat(), (date_to or dt.date.max).isoformat()
    for name in keys:
        if name.startswith(FLUSHING) and name[len(FLUSHING):] in done:
            continue
        for raw, value in r.hscan_iter(name):
            day, key_id, comp, package_id, resource_id = raw.decode().split("|")
            if (company_id is None or comp == company_id) and first <= day <= last:   # ISO dates sort as text
                rows.append({"day": dt.date.fromisoformat(day), "key_id": key_id, "company_id": comp,
                             "package_id": package_id, "resource_id": resource_id, "calls": int(value)})
    return rows


def last_used(key_ids: list[str]) -> dict[str, str]:
    if not key_ids:
        return {}
    try:
        values = _conn().hmget(LAST_USED, key_ids)
    except Exception as e:
        log.warning("last use of keys not read: %s", e)
        return {}
    return {k: v.decode() for k, v in zip(key_ids, values) if v}


def flush() -> int:
    try:
        written = _flush_redis(_client(quota.redis_url(), 5.0))   # WAITAOF may wait 2 s
    except RedisError as e:   # Redis down: the calls made meanwhile are in the spool
        model.Session.rollback()
        log.warning("key calls in Redis not flushed: %s", e)
        written = 0
    return written + _merge_spool()


def _flush_redis(r: Redis) -> int:
    written = 0
    for name in [k.decode() for k in r.scan_iter(FLUSHING + "*")]:
        written += _apply(r, name)
    name = FLUSHING + uuid.uuid4().hex
    try:
        r.rename(PENDING, name)
    except ResponseError:   # nothing pending
        return written
    try:   # the RENAME on disk before the batch is written (usage/flush.py says why)
        r.execute_command("WAITAOF", 1, 0, 2000)
    except ResponseError:   # before Redis 7.2, or no append-only file
        pass
    return written + _apply(r, name)


def _merge_spool() -> int:
    rows = spool.take(key_calls_spool)
    if rows:
        stmt = insert(key_calls).values(rows)
        model.Session.execute(stmt.on_conflict_do_update(
            index_elements=["day", "key_id", "resource_id"], set_={"calls": key_calls.c.calls + stmt.excluded.calls}))
    model.Session.commit()
    return sum(row["calls"] for row in rows)


def _apply(r: Redis, name: str) -> int:
    batch = name[len(FLUSHING):]
    if model.Session.execute(sa.select(key_calls_flush.c.batch_id).where(key_calls_flush.c.batch_id == batch)).first():
        r.delete(name)
        return 0
    merged: dict[tuple, dict] = {}
    for raw, value in r.hgetall(name).items():
        day, key_id, comp, package_id, resource_id = raw.decode().split("|")
        merged[(day, key_id, resource_id)] = {"day": day, "key_id": key_id, "resource_id": resource_id,
                                              "company_id": comp, "package_id": package_id, "calls": int(value)}
    rows = list(merged.values())
    try:
        if rows:
            stmt = insert(key_calls).values(rows)
            model.Session.execute(stmt.on_conflict_do_update(
                index_elements=["day", "key_id", "resource_id"], set_={"calls": key_calls.c.calls + stmt.excluded.calls}))
        model.Session.execute(key_calls_flush.insert().values(batch_id=batch))
        model.Session.commit()
    except sa.exc.IntegrityError:   # another flusher committed this batch first
        model.Session.rollback()
        return 0
    r.delete(name)
    return sum(row["calls"] for row in rows)
