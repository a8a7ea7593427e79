"""The hot path: one Redis HINCRBY per counted request. Every portal worker increments the same
hash; `flush` moves it into PostgreSQL. Nothing is held in process memory.

When Redis does not answer (refused, or no reply within TIMEOUT), the event goes to PostgreSQL's
spool instead (`shaoxing_usage_spool`, merged by the flusher): an outage or a restart of Redis
loses no count. Only when both stores fail is an event logged and dropped."""
from __future__ import annotations

import functools
import logging
import re

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from .. import clock, spool
from .model import usage_spool

log = logging.getLogger(__name__)

PENDING = "shaoxing:usage:pending"
FLUSHING = "shaoxing:usage:flushing:"      # + batch id
KINDS = ("view", "download", "api_call")
# Seconds a counted request waits for Redis before it spools the count instead: a Redis that
# hangs must not hang downloads.
TIMEOUT = 0.5

# Well-known crawlers and fetch tools that announce themselves; a download by them is no use.
BOTS = re.compile(r"bot\b|crawl|spider|slurp|baiduspider|bingpreview|yandex|sogou|360spider|"
                  r"bytespider|petalbot|semrush|ahrefs|facebookexternalhit|headless", re.I)


def is_bot(user_agent: str | None) -> bool:
    return bool(user_agent and BOTS.search(user_agent))


def field(day: str, kind: str, object_ref: str) -> str:
    return f"{day}|{kind}|{object_ref}"


@functools.lru_cache(maxsize=4)
def _client(url: str) -> Redis:
    # A connection pool per URL (CKAN's own has no timeouts), not state. No retries: an increment
    # sent again after its reply was lost could count twice; a failed one is spooled instead.
    return Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT, retry=Retry(NoBackoff(), 0))


def redis() -> Redis:
    return _client(tk.config.get("ckan.redis.url"))


def count(kind: str, object_ref: str, n: int = 1) -> None:
    """Count one event of `kind` for a package (views) or resource (downloads, API calls).
    `object_ref` may be a dataset name: it is resolved to an id when flushed."""
    if not tk.config.get("ckanext.shaoxing.usage.enabled"):
        return
    day = clock.today()
    try:
        redis().hincrby(PENDING, field(day.isoformat(), kind, object_ref), n)
        return
    except RedisError as e:
        log.warning("Redis did not take a usage count, spooled to PostgreSQL (%s %s): %s", kind, object_ref, e)
    try:
        spool.add(usage_spool, {"day": day, "kind": kind, "object_ref": object_ref}, "count", n)
    except sa.exc.SQLAlchemyError as e:   # a download must not fail because its count cannot be kept
        log.error("usage not counted (%s %s): Redis and PostgreSQL both failed: %s", kind, object_ref, e)


def flushing_keys(redis) -> list[str]:
    return [k.decode() if isinstance(k, bytes) else k for k in redis.scan_iter(FLUSHING + "*")]


def pending(object_refs: set[str], flushed_batches: set[str]) -> dict[tuple[str, str], int]:
    """Counts still in Redis for these objects: {(day, kind): n}, leaving out batches already in
    PostgreSQL. The pending hash holds one flush interval of distinct keys, so a scan is short."""
    r = redis()
    totals: dict[tuple[str, str], int] = {}
    try:
        keys = [PENDING] + [k for k in flushing_keys(r) if k[len(FLUSHING):] not in flushed_batches]
        for key in keys:
            for raw, value in r.hscan_iter(key):
                day, kind, ref = (raw.decode() if isinstance(raw, bytes) else raw).split("|", 2)
                if ref in object_refs:
                    totals[(day, kind)] = totals.get((day, kind), 0) + int(value)
    except RedisError as e:   # pages still show the flushed and spooled figures
        log.error("pending usage not read: %s", e)
        return {}
    return totals
