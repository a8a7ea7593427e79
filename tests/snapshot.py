"""A test world built once and restored for every test that asks for it.

Building a world through the actions (departments, accounts, companies, entries with a loaded
DataStore table, a contest) costs seconds a test; putting its rows back costs a few server-side
`INSERT ... SELECT`s. After a world's first build its rows are copied into a schema of its own
(`test_world_<name>_<n>`), with its Redis keys and faker's record of the names it used; a later
test gets the emptied database of `clean_db` refilled from that copy, and a search index holding
the world's datasets again. Whatever a test wrote is gone at the next restore.

Kept outside the copy, on purpose: the DataStore database (its tables are named by resource id, so
a restored world's table is still there) and the stored files (named by resource id too). A world
whose DataStore table or stored files a test changed is built again rather than restored.

A world is built again, too, under a configuration other than the one it was built under (each
configuration keeps its own copy)."""
from __future__ import annotations

import copy
import dataclasses
import itertools
import os
from typing import Any, Callable

import sqlalchemy as sa

PREFIX = "test_world_"
_numbers = itertools.count(1)


@dataclasses.dataclass
class Snapshot:
    schema: str
    value: Any
    tables: list[str]           # the tables with rows, parents first
    redis: list[tuple[bytes, int, bytes]]   # key, milliseconds to live (0: none), DUMP
    seen: dict                  # faker's unique names, as after the build
    datastore: dict[str, str]   # resource id → fingerprint of its DataStore table
    files: dict[str, tuple[int, int]]   # the files the build stored → size, modification time
    index: dict[str, int]       # Solr document id → its _version_ (any write changes it)


# (name, the worlds under it) → its copies, one for each configuration it was built under
_taken: dict[tuple[str, tuple[str, ...]], list[tuple[dict, Snapshot]]] = {}


class Worlds:
    """The worlds of one test (conftest's `worlds` fixture): `worlds(name, build)` is `build()`'s
    value, after building it (the first time under the current configuration) or restoring its
    copy. A world asked for after another is built on it (its `build` uses the first one's value),
    and restored in its place after.

    `reset` empties what conftest's clean_db empties: `tables` (foreign-key order, children first)
    and the Redis keys of `redis_keys`."""

    def __init__(self, reset: Callable[[], None], tables: list[str], redis_keys: tuple[str, ...]):
        self.reset, self.tables, self.redis_keys = reset, tables, redis_keys
        self.under: tuple[str, ...] = ()       # the copies in the database now, first one first

    def __call__(self, name: str, build: Callable[[], Any], unread: tuple[str, ...] = ()) -> Any:
        """`unread`: options the build does not read (read per request): their values need no
        build of their own."""
        from ckan.common import config
        from ckan.lib import search
        current = {k: v for k, v in config.items() if k not in unread}
        copies = _taken.setdefault((name, self.under), [])
        snap = next((snap for built_under, snap in copies if built_under == current), None)
        if snap and not _intact(snap):
            copies[:] = [c for c in copies if c[1] is not snap]
            _drop(snap)
            snap = None
        if snap:
            if self.under:
                self.reset()
            _restore(snap)
        else:
            if not self.under:
                search.clear_all()      # clean_index leaves the index to the world (tests/conftest.py)
            files = _stored_files()
            value = build()
            snap = _take(name, value, self.tables, self.redis_keys)
            snap.files = {path: stat for path, stat in _stored_files().items() if files.get(path) != stat}
            copies.append((copy.deepcopy(current), snap))
        self.under += (snap.schema,)
        return copy.deepcopy(snap.value)


def forget_all() -> None:
    """Drop every copy, this session's and any an interrupted session left in the database."""
    from ckan.model import meta
    _taken.clear()
    with meta.engine.begin() as conn:
        schemas = conn.execute(sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                               {"p": PREFIX.replace("_", r"\_") + "%"}).scalars().all()
        for schema in schemas:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


def _take(name: str, value: Any, tables: list[str], redis_keys: tuple[str, ...]) -> Snapshot:
    from ckan import model
    from ckan.lib.redis import connect_to_redis
    from ckan.tests.factories import fake

    from ckanext.shaoxing.audit.model import audit
    model.Session.remove()
    schema = f"{PREFIX}{name.replace('-', '_')}_{next(_numbers)}"
    kept = []
    with model.meta.engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        for table in [*reversed(tables), audit.name]:
            rows = conn.execute(sa.text(f'CREATE TABLE "{schema}"."{table}" AS SELECT * FROM public."{table}"'))
            if rows.rowcount:
                kept.append(table)
            else:
                conn.execute(sa.text(f'DROP TABLE "{schema}"."{table}"'))
        resources = conn.execute(sa.text("SELECT id FROM resource")).scalars().all()
    redis = connect_to_redis()
    keys = [(key, max(redis.pttl(key), 0), redis.dump(key)) for pattern in redis_keys
            for key in redis.scan_iter(pattern)]
    seen = {k: set(v) for k, v in fake.unique._seen.items()}     # the sets hold faker's own sentinel
    return Snapshot(schema, copy.deepcopy(value), kept, keys, seen,
                    _datastore_fingerprints(dict.fromkeys(resources, "")), {}, _index_versions())


def _restore(snap: Snapshot) -> None:
    """Into the database clean_db emptied. The search index is left alone when it still holds the
    world's documents as they were (the test before wrote no dataset): clearing and indexing again
    costs more than the rest of the restore."""
    from ckan import model
    from ckan.common import config
    from ckan.lib import search
    from ckan.lib.redis import connect_to_redis
    from ckan.lib.search.common import make_connection
    from ckan.tests.factories import fake
    with model.meta.engine.begin() as conn:
        if "user" in snap.tables:
            # Loading plugins or building the app after clean_db makes the site user again (CKAN's
            # update_config): the world's own takes its place.
            conn.execute(sa.text('DELETE FROM "user" WHERE name = :site AND id NOT IN (SELECT id FROM "{}"."user")'
                                 .format(snap.schema)), {"site": config["ckan.site_id"]})
        for table in snap.tables:
            conn.execute(sa.text(f'INSERT INTO public."{table}" SELECT * FROM "{snap.schema}"."{table}"'))
    redis = connect_to_redis()
    for key, ttl, dump in snap.redis:
        redis.restore(key, ttl, dump, replace=True)
    fake.unique._seen = {k: set(v) for k, v in snap.seen.items()}
    if _index_versions() != snap.index:
        search.clear_all()
        # The world's datasets, and any a fixture made before the world was asked for.
        packages = model.Session.execute(sa.text("SELECT id FROM package")).scalars().all()
        if packages:
            search.rebuild(package_ids=packages, defer_commit=True, quiet=True)
            make_connection().commit()     # and wait for the new searcher: the test searches at once
        snap.index = _index_versions()
    model.Session.remove()


def _drop(snap: Snapshot) -> None:
    from ckan.model import meta
    with meta.engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{snap.schema}" CASCADE'))


def _intact(snap: Snapshot) -> bool:
    """Whether what the copy leaves outside the database is as the build left it: its DataStore
    tables and stored files (a test may have changed them: then the world is built again)."""
    stored = {}
    for path in snap.files:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return False
        stored[path] = (st.st_size, st.st_mtime_ns)
    return stored == snap.files and _datastore_fingerprints(snap.datastore) == snap.datastore


def _stored_files() -> dict[str, tuple[int, int]]:
    from ckan.common import config
    root = config.get("ckan.storage_path")
    out = {}
    if not root:
        return out
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            st = os.stat(path)
            out[path] = (st.st_size, st.st_mtime_ns)
    return out


def _datastore_fingerprints(resources: dict[str, str]) -> dict[str, str]:
    """Of the given resources' DataStore tables (those that exist): a digest of every row."""
    import ckan.plugins as p
    if not resources or not p.plugin_loaded("datastore"):
        return {}
    from ckanext.datastore.backend.postgres import get_write_engine
    out = {}
    with get_write_engine().connect() as conn:
        for rid in resources:
            if conn.execute(sa.text("SELECT to_regclass(quote_ident(:t))"), {"t": rid}).scalar() is None:
                continue
            out[rid] = conn.execute(sa.text(
                f'SELECT count(*) || \':\' || coalesce(md5(string_agg(t::text, \'|\' ORDER BY t._id)), \'\') '
                f'FROM "{rid}" t')).scalar()
    return out


def _index_versions() -> dict[str, int]:
    from ckan.common import config
    from ckan.lib.search.common import make_connection
    found = make_connection().search("*:*", fq=f'+site_id:"{config["ckan.site_id"]}"', fl="id,_version_",
                                     rows=100000)
    return {d["id"]: d["_version_"] for d in found}
