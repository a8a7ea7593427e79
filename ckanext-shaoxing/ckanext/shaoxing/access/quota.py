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


# A key's call in one round trip: each fixed window as limits' own script keeps it (the same
# names, increment and expiry, so `hit` and `used_today` read the same counters), stopping at the
# first one over its limit (the later ones are not debited, as with one `hit` after another);
# when all pass, the call's count (counting.py's fields) in the same script.
ADMIT = """
local n = tonumber(ARGV[1])
for i = 1, n do
  local current = redis.call('incrby', KEYS[i], 1)
  if current == 1 then redis.call('expire', KEYS[i], ARGV[2 * i]) end
  if current > tonumber(ARGV[2 * i + 1]) then return i end
end
if #KEYS > n then
  redis.call('hincrby', KEYS[n + 1], ARGV[2 * n + 2], 1)
  redis.call('hset', KEYS[n + 2], ARGV[2 * n + 3], ARGV[2 * n + 4])
end
return 0
"""


@functools.lru_cache(maxsize=4)
def _admit_script(url: str):
    from . import counting
    return counting.client(url).register_script(ADMIT)


def admit(key_id: str, key_per_second: int, daily_limit: tuple[str, str, int] | None,
          count: tuple[list[str], list[str]] | None = None) -> None:
    """The per-key rate limit, then (`daily_limit`: company id, entry id, limit) the daily quota,
    then, when both pass and `count` (counting.fields) is given, the count: one Redis round trip.
    Raises Limited, or Unavailable when Redis does not answer (nothing is then counted)."""
    storage = _limiter(redis_url()).storage
    names, args = [], []
    if key_per_second > 0:
        item = RateLimitItemPerSecond(key_per_second)
        names.append(storage.prefixed_key(item.key_for(NAMESPACE, "key", key_id, str(int(time.time())))))
        args += [item.get_expiry(), item.amount]
    if daily_limit and daily_limit[2] > 0:
        company_id, package_id, limit = daily_limit
        item = RateLimitItemPerDay(limit)
        names.append(storage.prefixed_key(item.key_for(NAMESPACE, "day", company_id, package_id,
                                                       clock.today().isoformat())))
        args += [item.get_expiry(), item.amount]
    kinds = [kind for kind, on in (("key", key_per_second > 0), ("daily", daily_limit and daily_limit[2] > 0)) if on]
    if not names and not count:
        return
    count_names, count_args = count or ([], [])
    try:
        over = int(_admit_script(redis_url())(keys=names + count_names, args=[len(names), *args, *count_args]))
    except Exception as e:   # redis-py's errors
        raise Unavailable(str(e)) from e
    if over:
        kind = kinds[over - 1]
        raise Limited(seconds_to_midnight(), "daily") if kind == "daily" else Limited(1, "key")


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
