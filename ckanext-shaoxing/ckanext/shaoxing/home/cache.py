"""The home page's lists and counts from search, cached in Redis (shared by every worker) per
page language. A change to what they show bumps one version number, which retires them all at
once; it is bumped after the change is committed and indexed (plugin.py: the actions' success,
the catalogue import's indexing, the usage totals' indexing), so a page drawn in between cannot
keep the old lists under the new version. A TTL bounds what a missed bump leaves behind."""
from __future__ import annotations

import json
import logging
from typing import Callable

from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

VERSION = "shaoxing:home:version"
TTL = 300


def retire(sender=None, **kwargs) -> None:
    """Signal receiver. Never fails the change it follows because Redis does (the TTL bounds it)."""
    try:
        connect_to_redis().incr(VERSION)
    except RedisError as e:
        log.warning("home page lists not retired: %s", e)


def cached(lang: str, compute: Callable[[], dict | None]) -> dict | None:
    """compute()'s result for this language, from the cache or computed and kept; None (search
    unavailable) is never kept, so the next page asks search again."""
    redis = connect_to_redis()
    try:
        key = f"shaoxing:home:{int(redis.get(VERSION) or 0)}:{lang}"
        hit = redis.get(key)
    except RedisError as e:
        log.warning("home page lists computed without the cache: %s", e)
        return compute()
    if hit is not None:
        return json.loads(hit)
    result = compute()
    if result is not None:
        try:
            redis.set(key, json.dumps(result, ensure_ascii=False), ex=TTL)
        except RedisError as e:
            log.warning("home page lists not cached: %s", e)
    return result
