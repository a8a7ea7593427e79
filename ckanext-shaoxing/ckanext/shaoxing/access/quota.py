"""Rate limits and daily quotas in Redis, shared by every worker, by the `limits` library
(fixed windows; its Redis storage increments and sets the expiry in one Lua script, so N
workers hitting one counter get exactly `limit` successes).

- per key: requests per second (`…access.key_per_second`);
- per company per entry: calls per day (`…access.daily_quota`, or the grant's own), reset at
  midnight Asia/Shanghai: the Shanghai date is part of the counter's name;
- signed-in accounts on open data: requests per second per account (`…access.user_per_second`);
  the entry's department and sysadmins pass the gate before any limit;
- anonymous calls per IP address: requests per second (`…access.anonymous_per_second`); the
  address is the client's as `client_address` decides behind trusted proxies.
A limit of 0 means none."""
from __future__ import annotations

import datetime as dt
import functools
import math
import time

import ckan.plugins.toolkit as tk
from limits import RateLimitItemPerDay, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .. import clock

NAMESPACE = "shaoxing:access"


class Limited(Exception):
    def __init__(self, retry_after: int, what: str):
        super().__init__(what)
        self.retry_after, self.what = retry_after, what


class Unavailable(Exception):
    """The limiter's Redis does not answer."""


def redis_url() -> str:
    return tk.config.get("ckanext.shaoxing.access.redis_url") or tk.config.get("ckan.redis.url")


@functools.lru_cache(maxsize=4)
def _limiter(url: str) -> FixedWindowRateLimiter:
    # A connection pool per URL, not state: every count lives in Redis.
    storage = storage_from_string(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return FixedWindowRateLimiter(storage)


def _hit(item, *identifiers) -> bool:
    try:
        return _limiter(redis_url()).hit(item, NAMESPACE, *identifiers)
    except Exception as e:   # redis-py's errors, or limits' own wrapper of them
        raise Unavailable(str(e)) from e


def seconds_to_midnight() -> int:
    now = clock.now()
    midnight = clock.start_of(now.date() + dt.timedelta(days=1))
    return max(1, math.ceil((midnight - now).total_seconds()))


def per_second(kind: str, who: str, limit: int) -> None:
    if limit <= 0:
        return
    if not _hit(RateLimitItemPerSecond(limit), kind, who, str(int(time.time()))):
        raise Limited(1, kind)


def daily(company_id: str, package_id: str, limit: int) -> None:
    if limit <= 0:
        return
    if not _hit(RateLimitItemPerDay(limit), "day", company_id, package_id, clock.today().isoformat()):
        raise Limited(seconds_to_midnight(), "daily")


def used_today(quotas: list[tuple[str, str, int]]) -> list[int]:
    """Calls counted against today's quota (refused ones included) of each (company id, entry id,
    daily limit), for pages: one Redis round trip for the lot (0 when Redis does not answer)."""
    if not quotas:
        return []
    day = clock.today().isoformat()
    try:
        storage = _limiter(redis_url()).storage
        names = [storage.prefixed_key(RateLimitItemPerDay(limit or 1).key_for(NAMESPACE, "day", company_id, package_id, day))
                 for company_id, package_id, limit in quotas]
        return [int(value or 0) for value in storage.get_connection(True).mget(names)]
    except Exception:
        return [0] * len(quotas)
