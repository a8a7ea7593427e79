"""The hot path: one Redis HINCRBY per counted request. Every portal worker increments the same
hash; `flush` moves it into PostgreSQL. Nothing is held in process memory."""
from __future__ import annotations

import logging
import re

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError

from .. import clock

log = logging.getLogger(__name__)

PENDING = "shaoxing:usage:pending"
FLUSHING = "shaoxing:usage:flushing:"      # + batch id
KINDS = ("view", "download", "api_call")

# Well-known crawlers and fetch tools that announce themselves; a download by them is no use.
BOTS = re.compile(r"bot\b|crawl|spider|slurp|baiduspider|bingpreview|yandex|sogou|360spider|"
                  r"bytespider|petalbot|semrush|ahrefs|facebookexternalhit|headless", re.I)


def is_bot(user_agent: str | None) -> bool:
    return bool(user_agent and BOTS.search(user_agent))


def field(day: str, kind: str, object_ref: str) -> str:
    return f"{day}|{kind}|{object_ref}"


def count(kind: str, object_ref: str, n: int = 1) -> None:
    """Count one event of `kind` for a package (views) or resource (downloads, API calls).
    `object_ref` may be a dataset name: it is resolved to an id when flushed."""
    if not tk.config.get("ckanext.shaoxing.usage.enabled"):
        return
    try:
        connect_to_redis().hincrby(PENDING, field(clock.today().isoformat(), kind, object_ref), n)
    except RedisError as e:   # a download must not fail because its count cannot be kept
        log.error("usage not counted (%s %s): %s", kind, object_ref, e)


def flushing_keys(redis) -> list[str]:
    return [k.decode() if isinstance(k, bytes) else k for k in redis.scan_iter(FLUSHING + "*")]


def pending(object_refs: set[str], flushed_batches: set[str]) -> dict[tuple[str, str], int]:
    """Counts still in Redis for these objects: {(day, kind): n}, leaving out batches already in
    PostgreSQL. The pending hash holds one flush interval of distinct keys, so a scan is short."""
    redis = connect_to_redis()
    totals: dict[tuple[str, str], int] = {}
    try:
        keys = [PENDING] + [k for k in flushing_keys(redis) if k[len(FLUSHING):] not in flushed_batches]
    except RedisError as e:   # pages still show the flushed figures
        log.error("pending usage not read: %s", e)
        return totals
    for key in keys:
        for raw, value in redis.hscan_iter(key):
            day, kind, ref = (raw.decode() if isinstance(raw, bytes) else raw).split("|", 2)
            if ref in object_refs:
                totals[(day, kind)] = totals.get((day, kind), 0) + int(value)
    return totals
