"""The synonym list: stored in PostgreSQL, read at query time from a copy in Redis that any
change retires (a version number), so an edit applies on every worker at once, without a
restart or a reindex. Pairs are equivalences and chain: 充电桩↔充电站 and 充电站↔充电设施 make
one group of three, and a query term is widened to its whole group."""
from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import pathlib
import re
import uuid
from typing import Iterable

import ckan.model as model
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError
from sqlalchemy.dialects.postgresql import insert

from .model import synonym

log = logging.getLogger(__name__)

VERSION = "shaoxing:search:synonyms:version"
GROUPS = "shaoxing:search:synonyms:{}"
MAX_LENGTH = 30
MAX_PAIRS = 20000
TTL = 86400
# A term is words: letters (any script), digits and spaces inside; never markup or control bytes.
_TERM = re.compile(r"^[\w·.\-]+(?: [\w·.\-]+)*$")

# This process's copy of the groups, valid while Redis holds the same version number.
_memo: dict = {"version": None, "groups": {}}


class BadPair(ValueError):
    """(field, Chinese, English): why a pair is refused."""


def clean(term) -> str:
    if not isinstance(term, str):
        raise BadPair("term", "应为文字", "must be text")
    term = " ".join(term.split())
    if not term:
        raise BadPair("term", "不能为空", "must not be empty")
    if len(term) > MAX_LENGTH:
        raise BadPair("term", f"不能超过 {MAX_LENGTH} 个字", f"must be at most {MAX_LENGTH} characters")
    if not _TERM.match(term) or "_" in term:
        raise BadPair("term", "只能包含文字、数字、空格、连字符", "may hold only letters, digits, spaces and hyphens")
    return term.lower()


def ordered(a, b) -> tuple[str, str]:
    a, b = clean(a), clean(b)
    if a == b:
        raise BadPair("synonym", "词语不能与自身同义", "a term cannot be its own synonym")
    return (a, b) if a < b else (b, a)


def pairs() -> list[tuple[str, str]]:
    rows = model.Session.execute(sa.select(synonym.c.term, synonym.c.synonym).order_by(synonym.c.term,
                                                                                        synonym.c.synonym))
    return [(r.term, r.synonym) for r in rows]


def page(filter_text: str = "", offset: int = 0, limit: int = 100) -> tuple[int, list[dict]]:
    where = sa.true()
    if filter_text:
        like = "%" + filter_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = sa.or_(synonym.c.term.ilike(like), synonym.c.synonym.ilike(like))
    total = model.Session.execute(sa.select(sa.func.count()).select_from(synonym).where(where)).scalar()
    rows = model.Session.execute(sa.select(synonym).where(where).order_by(synonym.c.term, synonym.c.synonym)
                                 .offset(offset).limit(limit)).mappings()
    return total, [dict(r) for r in rows]


def _group_of(term: str) -> set[str]:
    return set(load_groups().get(term, [])) | {term}


def add(a, b, user: str | None) -> tuple[str, str]:
    """Store a pair; refused if it is already there or already implied through others (a cycle)."""
    a, b = ordered(a, b)
    if b in _group_of(a):
        raise BadPair("synonym", "这两个词已是同义词（直接或经由其他词）",
                      "these terms are already synonyms (directly or through others)")
    if _count() >= MAX_PAIRS:
        raise BadPair("synonym", f"同义词表已满（{MAX_PAIRS} 对）", f"the list is full ({MAX_PAIRS} pairs)")
    model.Session.execute(insert(synonym).values(term=a, synonym=b, added_by=user, added_at=_now())
                          .on_conflict_do_nothing())
    model.Session.commit()
    changed()
    return a, b


def remove(a, b) -> bool:
    a, b = ordered(a, b)
    gone = model.Session.execute(sa.delete(synonym).where(synonym.c.term == a, synonym.c.synonym == b)).rowcount
    model.Session.commit()
    changed()
    return bool(gone)


def replace_all(rows: Iterable[tuple], user: str | None, keep: bool = True) -> dict:
    """Import: every pair checked first (nothing written if any is bad), then written in one
    transaction; pairs already there or implied are counted, not refused. `keep=False` empties
    the list first."""
    checked, errors = [], []
    for number, row in enumerate(rows, 1):
        try:
            if len(row) < 2:
                raise BadPair("synonym", "每行应有两个词", "each line needs two terms")
            checked.append(ordered(row[0], row[1]))
        except BadPair as e:
            errors.append(f"{number}: {e.args[0]}: {e.args[1]} / {e.args[2]}")
    if errors:
        return {"added": 0, "present": 0, "errors": errors}
    existing = pairs() if keep else []
    if len(set(existing) | set(checked)) > MAX_PAIRS:
        return {"added": 0, "present": 0, "errors": [f"最多 {MAX_PAIRS} 对 / at most {MAX_PAIRS} pairs"]}
    groups = _Groups(existing)
    new = [p for p in dict.fromkeys(checked) if groups.join(*p)]
    if not keep:
        model.Session.execute(sa.delete(synonym))
    if new:     # one statement over two arrays: row-by-row inserts take seconds for 10,000 pairs
        model.Session.execute(sa.text(
            "INSERT INTO shaoxing_synonym (term, synonym, added_by, added_at) "
            "SELECT unnest(CAST(:terms AS text[])), unnest(CAST(:others AS text[])), :user, :now "
            "ON CONFLICT DO NOTHING"),
            {"terms": [a for a, _ in new], "others": [b for _, b in new], "user": user, "now": _now()})
    model.Session.commit()
    changed()
    return {"added": len(new), "present": len(checked) - len(new), "errors": []}


def _count() -> int:
    return model.Session.execute(sa.select(sa.func.count()).select_from(synonym)).scalar()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class _Groups:
    """Union-find over terms: pairs joined into groups of equivalent terms."""

    def __init__(self, pairs_: Iterable[tuple[str, str]] = ()):
        self.parent: dict[str, str] = {}
        for a, b in pairs_:
            self.join(a, b)

    def find(self, t: str) -> str:
        self.parent.setdefault(t, t)
        while self.parent[t] != t:
            self.parent[t] = self.parent[self.parent[t]]
            t = self.parent[t]
        return t

    def join(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[ra] = rb
        return True

    def as_map(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for t in self.parent:
            members.setdefault(self.find(t), []).append(t)
        return {t: sorted(m for m in group if m != t) for group in members.values() for t in group}


def changed() -> None:
    """Retire every worker's copy: the next query reads the list again. The version is a fresh
    random token, never a counter: a Redis emptied and counting again from 0 could otherwise
    meet a worker's copy of an older list under the same number."""
    try:
        connect_to_redis().set(VERSION, uuid.uuid4().hex)
    except RedisError as e:     # workers keep their copy until the next change that reaches Redis
        log.warning("synonym list copies not retired: %s", e)


def load_groups() -> dict[str, list[str]]:
    """term → its equivalent terms. One Redis read a query (the version); the list itself is
    read again only after a change."""
    try:
        redis = connect_to_redis()
        version = redis.get(VERSION)
        if version is None:         # a Redis emptied: a new version, whatever copies hold
            redis.set(VERSION, uuid.uuid4().hex, nx=True)
            version = redis.get(VERSION)
    except RedisError as e:
        log.warning("synonym list read from PostgreSQL (Redis: %s)", e)
        return _from_database()
    version = version.decode() if isinstance(version, bytes) else version
    if _memo["version"] == version:
        return _memo["groups"]
    cached = redis.get(GROUPS.format(version))
    groups = json.loads(cached) if cached is not None else None
    if groups is None:
        groups = _from_database()
        redis.set(GROUPS.format(version), json.dumps(groups, ensure_ascii=False), ex=TTL)
    _memo.update(version=version, groups=groups)
    return groups


def _from_database() -> dict[str, list[str]]:
    try:
        return _Groups(pairs()).as_map()
    except sa.exc.ProgrammingError:       # a database without the migration (a bench's own)
        model.Session.rollback()
        return {}


SEED = pathlib.Path(__file__).with_name("data") / "synonyms.csv"


def read_csv(path) -> list[list[str]]:
    """Pairs of a CSV (term,synonym; `#` lines and the header line skipped)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    return [r for r in rows if r and r[:2] != ["term", "synonym"]]


def import_csv(path, user: str | None, keep: bool = True) -> dict:
    return replace_all(read_csv(path), user, keep=keep)


def export_csv(out) -> int:
    writer = csv.writer(out)
    writer.writerow(["term", "synonym"])
    rows = pairs()
    writer.writerows(rows)
    return len(rows)
