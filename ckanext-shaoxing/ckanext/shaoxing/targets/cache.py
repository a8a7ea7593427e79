"""Progress results cached in Redis, shared by every worker. Any change to a dataset, a resource
or the targets bumps one version number, which retires every cached result at once; a TTL
bounds what a missed bump could leave behind (dates roll over, too)."""
from __future__ import annotations

import json
import logging
from typing import Callable

from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

VERSION = "shaoxing:targets:version"
TTL = 600


def changed() -> None:
    # Publishing must not fail because Redis does: the TTL bounds what a missed bump leaves.
    try:
        connect_to_redis().incr(VERSION)
    except RedisError as e:
        log.warning("target figures cache not retired: %s", e)


def retire(sender, **kwargs) -> None:
    """Signal receiver: the core actions that change datasets without the plugin hooks (see
    plugin.py)."""
    changed()


def cached(name: str, params: dict, compute: Callable[[], dict]) -> dict:
    redis = connect_to_redis()
    try:
        version = int(redis.get(VERSION) or 0)
    except RedisError as e:
        log.warning("target figures computed without the cache: %s", e)
        return compute()
    key = f"shaoxing:targets:{version}:{name}:" + json.dumps(params, sort_keys=True, default=str)
    hit = redis.get(key)
    if hit is not None:
        return json.loads(hit)
    result = compute()
    redis.set(key, json.dumps(result, ensure_ascii=False, default=str), ex=TTL)
    return result
