"""The catalogue's query log: what citizens search for, without who they are.

Each search of the catalogue page (its first page of results) counts its normalised query in one
Redis hash every worker shares (`record`: one HINCRBY, no account, no address); the usage
flusher's loop moves the hash into PostgreSQL (`flush`, on its `shaoxing_usage_flushed` signal)
exactly once, as usage/flush.py does: RENAME takes the pending hash atomically, the batch is
written with its id in one transaction, then deleted. A query that looks like personal data (a
long number: an ID card or telephone; an e-mail address) is not kept at all."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
import unicodedata
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry
from sqlalchemy.dialects.postgresql import insert

from .. import clock
from .model import hidden_term, query_daily, query_flush

log = logging.getLogger(__name__)

PENDING = "shaoxing:querylog:pending"
FLUSHING = "shaoxing:querylog:flushing:"      # + batch id
SEEN = "shaoxing:querylog:seen:"              # + day: who searched what, as keyed hashes
# A kept query's length: longer text is a pasted paragraph, not a search term.
MAX_QUERY = 50
PERSONAL = re.compile(r"\d{6,}|@|\d{3,4}[- ]\d{7,8}")


# Seconds a search waits for Redis before it gives up counting: a Redis that hangs must not hang
# the catalogue's search (CKAN's own connection has no timeout).
TIMEOUT = 0.5


@functools.lru_cache(maxsize=4)
def _client(url: str) -> Redis:
    # A connection pool per URL, not state. No retries: an increment sent again after its reply
    # was lost could count twice.
    return Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT, retry=Retry(NoBackoff(), 0))


def connect_to_redis() -> Redis:
    return _client(tk.config.get("ckan.redis.url"))


def normalise(q) -> str | None:
    """The query as the log keeps it: NFKC (full-width letters and digits as ASCII), lower case,
    spaces collapsed; None for nothing, a too long query or one that looks like personal data."""
    if not isinstance(q, str):
        return None
    text = " ".join(unicodedata.normalize("NFKC", q).lower().split())
    if not text or len(text) > MAX_QUERY or "\x00" in text or PERSONAL.search(text):
        return None
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        return None
    return text


def _seen_member(text: str, client: str, day: str) -> str:
    """A searcher of `text` today, as a keyed hash: no address is kept, and tomorrow's differs."""
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "")
    return hashlib.sha256(f"{secret}|{day}|{client}|{text}".encode()).hexdigest()[:24]


def record(q, found: bool, client: str = "") -> None:
    """Count one search of `q` (and whether it found anything), once a day per searcher: one
    person repeating a query cannot make it a 热门搜索 term. A Redis that does not answer loses this
    one count, never the search."""
    text = normalise(q)
    if text is None:
        return
    day = clock.today().isoformat()
    try:
        redis = connect_to_redis()
        seen = SEEN + day
        if not redis.sadd(seen, _seen_member(text, client, day)):
            return
        redis.expire(seen, 2 * 86400)
        pipe = redis.pipeline(transaction=False)
        pipe.hincrby(PENDING, f"{day}|s|{text}", 1)
        if not found:
            pipe.hincrby(PENDING, f"{day}|z|{text}", 1)
        pipe.execute()
    except RedisError as e:
        log.warning("search query not counted: %s", e)


def _keys(redis) -> list[str]:
    return [k.decode() if isinstance(k, bytes) else k for k in redis.scan_iter(FLUSHING + "*")]


def flush(*_args, **_kwargs) -> int:
    """Move the pending counts into PostgreSQL; returns the number of searches written. Also the
    receiver of the usage flusher's `shaoxing_usage_flushed` signal."""
    try:
        redis = connect_to_redis()
        written = sum(_apply(redis, key) for key in _keys(redis))    # an interrupted flush's leftovers
        key = FLUSHING + uuid.uuid4().hex
        try:
            redis.rename(PENDING, key)
        except ResponseError:                   # nothing pending
            return written
        return written + _apply(redis, key)
    except RedisError as e:
        log.warning("search query log not flushed: %s", e)
        return 0


def _apply(redis, key: str) -> int:
    batch = key[len(FLUSHING):]
    if model.Session.execute(sa.select(query_flush.c.batch_id).where(query_flush.c.batch_id == batch)).first():
        redis.delete(key)
        return 0
    rows: dict[tuple[str, str], dict] = {}
    for raw, value in redis.hgetall(key).items():
        day, kind, text = (raw.decode() if isinstance(raw, bytes) else raw).split("|", 2)
        row = rows.setdefault((day, text), {"day": dt.date.fromisoformat(day), "query": text,
                                            "searches": 0, "zero_results": 0})
        row["searches" if kind == "s" else "zero_results"] += int(value)
    try:
        if rows:
            stmt = insert(query_daily).values(list(rows.values()))
            model.Session.execute(stmt.on_conflict_do_update(
                index_elements=["day", "query"],
                set_={"searches": query_daily.c.searches + stmt.excluded.searches,
                      "zero_results": query_daily.c.zero_results + stmt.excluded.zero_results}))
        model.Session.execute(query_flush.insert().values(batch_id=batch))
        model.Session.commit()
    except sa.exc.IntegrityError:               # another flusher committed this batch first
        model.Session.rollback()
        return 0
    redis.delete(key)
    return sum(r["searches"] for r in rows.values())


def top(days: int, limit: int, min_searches: int) -> list[dict]:
    """The most searched queries of the last `days` days (today included) that found something
    every time they were counted as searched, at least `min_searches` times (one person's odd
    query is never shown to everyone), hidden terms left out: [{"query", "searches"}]."""
    since = clock.today() - dt.timedelta(days=days - 1)
    searches = sa.func.sum(query_daily.c.searches)
    found = searches - sa.func.sum(query_daily.c.zero_results)
    rows = model.Session.execute(
        sa.select(query_daily.c.query, found.label("found"))
        .where(query_daily.c.day >= since, ~query_daily.c.query.in_(sa.select(hidden_term.c.query)))
        .group_by(query_daily.c.query)
        .having(found >= min_searches)
        .order_by(found.desc(), query_daily.c.query).limit(limit))
    return [{"query": q, "searches": int(n)} for q, n in rows]


def zero_results(start: dt.date, end: dt.date, limit: int) -> list[dict]:
    """The queries that found nothing most often in [start, end): [{"query", "zero_results",
    "searches", "last_day"}]."""
    zero = sa.func.sum(query_daily.c.zero_results)
    rows = model.Session.execute(
        sa.select(query_daily.c.query, zero.label("zero"), sa.func.sum(query_daily.c.searches),
                  sa.func.max(query_daily.c.day))
        .where(query_daily.c.day >= start, query_daily.c.day < end)
        .group_by(query_daily.c.query).having(zero > 0)
        .order_by(zero.desc(), query_daily.c.query).limit(limit))
    return [{"query": q, "zero_results": int(z), "searches": int(s), "last_day": d} for q, z, s, d in rows]


def hidden() -> list[dict]:
    return [{"query": q, "hidden_at": at} for q, at in model.Session.execute(
        sa.select(hidden_term.c.query, hidden_term.c.hidden_at).order_by(hidden_term.c.query))]


def hide(query: str) -> None:
    model.Session.execute(insert(hidden_term).values(query=query).on_conflict_do_nothing())
    model.Session.commit()


def unhide(query: str) -> None:
    model.Session.execute(hidden_term.delete().where(hidden_term.c.query == query))
    model.Session.commit()
