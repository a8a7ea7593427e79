"""The per-account daily limit on requests and reports: a counter in Redis shared by every worker,
by the `limits` library as the access feature's quotas use it (fixed window; the Shanghai date is in
the counter's name, so it resets at the city's midnight)."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk
from limits import RateLimitItemPerDay
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .. import clock
from ..bilingual import message

NAMESPACE = "shaoxing:feedback"


class Unavailable(Exception):
    """Redis does not answer."""


@functools.lru_cache(maxsize=4)
def _limiter(url: str) -> FixedWindowRateLimiter:
    return FixedWindowRateLimiter(storage_from_string(url, socket_timeout=0.5, socket_connect_timeout=0.5))


def spend(user_id: str) -> None:
    """Count one filing by `user_id`; ValidationError once the day's limit is spent."""
    limit = tk.config.get("ckanext.shaoxing.feedback.daily_limit")
    if limit <= 0:
        return
    try:
        allowed = _limiter(tk.config.get("ckan.redis.url")).hit(
            RateLimitItemPerDay(limit), NAMESPACE, user_id, clock.today().isoformat())
    except Exception as e:       # redis-py's errors, or limits' wrapper of them
        raise Unavailable(str(e)) from e
    if not allowed:
        raise tk.ValidationError({"limit": [message(f"每个账号每天最多提交 {limit} 条需求或纠错，请明天再试",
                                                    f"an account may file at most {limit} requests or reports "
                                                    "a day; try again tomorrow")]})
