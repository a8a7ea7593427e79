"""Progress results cached in Redis, shared by every worker. Any change to a dataset, a resource
or the targets bumps one version number, which retires every cached result at once; a TTL
bounds what a missed bump could leave behind (dates roll over, too)."""
from __future__ import annotations

import json
from typing import Callable

from ckan.lib.redis import connect_to_redis

VERSION = "shaoxing:targets:version"
TTL = 600


def changed() -> None:
    connect_to_redis().incr(VERSION)


def cached(name: str, params: dict, compute: Callable[[], dict]) -> dict:
    redis = connect_to_redis()
    version = int(redis.get(VERSION) or 0)
    key = f"shaoxing:targets:{version}:{name}:" + json.dumps(params, sort_keys=True, default=str)
    hit = redis.get(key)
    if hit is not None:
        return json.loads(hit)
    result = compute()
    redis.set(key, json.dumps(result, ensure_ascii=False, default=str), ex=TTL)
    return result
