"""Loading a resource's file into the DataStore, as a job of `ckan jobs worker` (or called
directly: `load(resource_id)` is the synchronous entry point the CLI and the tests use).

The file is read and checked completely first (prepare.py) and only then handed to xloader's
loader (PostgreSQL COPY), which replaces the table; a file that cannot be loaded leaves the
table loaded before untouched. The state is kept where xloader keeps it (CKAN's task_status,
task_type "xloader"), so xloader's own status action and page show it too.

Races (a resource replaced or deleted while it loads, two saves at once): every load has a
load id, recorded when it is queued; the loads of a resource run one at a time (an advisory
lock), read the resource as committed once they hold it, and a load whose id is no longer the
recorded one was superseded by a newer one queued after it: it stops before it touches the
table and writes no state, so the table ends as the newest file and the state shown is the
newest load's. A resource deleted while it loads keeps no table (see `resource_deleting`)."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.datapreview import add_views_to_resource
from redis.exceptions import RedisError

from .. import outbound
from ..files import api as files_api
from ..params import message
from . import chinese_q, prepare

log = logging.getLogger(__name__)
TASK = {"entity_type": "resource", "task_type": "xloader", "key": "xloader"}
# A pending load's value when the jobs queue could not take it (resume() queues it).
UNQUEUED = {"queued": False}
# Seconds between the attempts to read a resource a hook queued during its own commit.
RETRY_DELAYS = (1, 2, 3)
NOT_FOUND = ("资源不存在（已被删除，或其创建未完成）",
             "the resource was not found (deleted, or its creation did not complete)")
DELETED = ("资源在载入时被删除，未保留数据表", "the resource was deleted while it was being loaded; no table was kept")
# Seconds a job waits for the change that queued it to be committed (the hooks queue during
# the commit) before it loads what is committed.
COMMIT_WAIT = 30


class NotCommittedYet(Exception):
    """The change that queued this load is not committed yet."""


def _now() -> str:
    return dt.datetime.utcnow().isoformat()


def record(resource_id: str, state: str, value: dict | None = None, error: dict | None = None,
           load: str | None = None) -> bool:
    """The load's state (pending, running, complete, error) where xloader records it, written
    on its own connection and committed at once: a resource hook may call this during CKAN's
    own commit, where neither task_status_update (it commits) nor the session may be used.
    With `load`, only while that load is the recorded one (a newer one queued since keeps its
    state); returns whether it was written."""
    value = value or {}
    if load:
        with model.meta.engine.begin() as conn:
            return conn.execute(sa.text(
                "UPDATE task_status SET value = :value, state = :state, error = :error, "
                "last_updated = now() at time zone 'utc' WHERE entity_id = :entity_id AND task_type = :task_type "
                "AND key = :key AND value LIKE '{%' AND value::jsonb ->> 'load' = :load"),
                {"entity_id": resource_id, "task_type": TASK["task_type"], "key": TASK["key"], "load": load,
                 "value": json.dumps({**value, "load": load}), "state": state,
                 "error": json.dumps(error or {})}).rowcount > 0
    with model.meta.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO task_status (id, entity_id, entity_type, task_type, key, value, state, error, last_updated) "
            "VALUES (:id, :entity_id, 'resource', :task_type, :key, :value, :state, :error, now() at time zone 'utc') "
            "ON CONFLICT (entity_id, task_type, key) DO UPDATE SET value = EXCLUDED.value, state = EXCLUDED.state, "
            "error = EXCLUDED.error, last_updated = EXCLUDED.last_updated"),
            {"id": str(uuid.uuid4()), "entity_id": resource_id, "task_type": TASK["task_type"], "key": TASK["key"],
             "value": json.dumps(value), "state": state, "error": json.dumps(error or {})})
    return True


def failure(zh: str, en: str) -> dict:
    """A load's error as recorded: one bilingual message, and each language on its own."""
    return {"message": message(zh, en), "zh": zh, "en": en}


def current(resource_id: str) -> dict | None:
    with model.meta.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT state, value, error, last_updated FROM task_status WHERE entity_id = :id "
                                   "AND task_type = :task_type AND key = :key"),
                           {"id": resource_id, "task_type": TASK["task_type"], "key": TASK["key"]}).first()
    if row is None:
        return None
    return {"state": row.state, "last_updated": row.last_updated.isoformat() if row.last_updated else None,
            "value": json.loads(row.value or "{}"), "error": json.loads(row.error or "{}")}


def _site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def enqueue(resource_id: str, version: dt.datetime | None = None) -> str:
    """Queue a load (marked pending, so the resource page says it is waiting); returns its load
    id. `version`: the resource's metadata_modified as the change that queues it left it (read
    from this session, where a hook sees the change before it is committed). With the jobs
    queue (Redis) down the save that asked for it still succeeds: the load stays pending,
    marked unqueued, and `resume()` queues it when the worker starts again."""
    if version is None:
        resource = model.Session.get(model.Resource, resource_id)
        version = resource.metadata_modified if resource is not None else None
    load_id = str(uuid.uuid4())
    stamp = version.isoformat() if version else None
    record(resource_id, "pending", {"load": load_id, "version": stamp})
    try:
        tk.enqueue_job(job, [resource_id, time.time(), load_id, stamp], title=f"shaoxing datastore load {resource_id}",
                       rq_kwargs={"timeout": tk.config.get("ckanext.xloader.job_timeout")})
    except RedisError as e:
        log.warning("load of %s not queued (jobs queue unavailable: %s); resumed at the worker's start",
                    resource_id, type(e).__name__)
        record(resource_id, "pending", {**UNQUEUED, "load": load_id, "version": stamp})
    return load_id


def abandoned() -> list[str]:
    """Loads nobody will finish: recorded running (or answering and still indexing) while no
    process holds their lock (the process was killed: its connection, and so its lock, died
    with it), or left pending because the queue was down when they were asked for."""
    with model.meta.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT entity_id, state FROM task_status WHERE task_type = :task_type AND key = :key "
            "AND (state = 'running' OR (state = 'pending' AND value LIKE '{%' "
            "AND value::jsonb -> 'queued' = 'false'::jsonb) "
            "OR (state = 'complete' AND value LIKE '{%' AND value::jsonb ->> 'index' = 'indexing'))"),
            {"task_type": TASK["task_type"], "key": TASK["key"]}).all()
        lost = []
        for resource_id, state in rows:
            if state in ("running", "complete"):
                key = _key(resource_id, "load" if state == "running" else "index")
                if not conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                    continue        # a live load (or its indexing) holds it
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            lost.append(resource_id)
        conn.commit()
    return lost


def resume() -> list[str]:
    """Queue again the abandoned loads (run before the worker starts); their ids. A load that
    completed meanwhile costs one file read: the same file is not loaded twice."""
    lost = abandoned()
    for resource_id in lost:
        enqueue(resource_id)
    return lost


def job(resource_id: str, queued_at: float = 0.0, load_id: str | None = None, version: str | None = None) -> str:
    """The queued function: never raises, so a bad file never takes the worker down; and always
    leaves the load's state where it ends, never "pending". Returns how it ended (the job's
    result: complete, error, skipped, superseded)."""
    try:
        for delay in (*RETRY_DELAYS, None):
            try:
                return load(resource_id, load_id=load_id, version=version)["state"]
            except (tk.ObjectNotFound, NotCommittedYet) as e:
                if _state(resource_id) == "deleted":     # deleted since it was queued
                    return _ended_deleted(resource_id)["state"]
                # Queued by a hook during the resource's own commit: wait for it a little.
                model.Session.remove()
                if delay is None or time.time() - queued_at > COMMIT_WAIT:
                    if isinstance(e, NotCommittedYet):     # rolled back, or slow: what is committed
                        return load(resource_id, load_id=load_id)["state"]
                    break
                time.sleep(delay)
        # Deleted since it was queued, or never committed: said, so the state does not wait forever.
        record(resource_id, "error", {}, failure(*NOT_FOUND), load=load_id)
    except Exception as e:     # recorded (its kind only: a message may hold the link); the worker goes on
        record(resource_id, "error", {}, failure(f"载入失败（{type(e).__name__}）", f"the load failed ({type(e).__name__})"),
               load=load_id)
        log.exception("loading %s failed", resource_id)
    finally:
        model.Session.remove()
    return "error"


def column_types(package: dict) -> tuple[dict[str, str], dict[str, str]]:
    """(column → DataStore type, column → Chinese label) from the entry's data items."""
    types, labels = {}, {}
    for item in package.get("data_items") or []:
        name = (item.get("field_name") or "").strip()
        if name:
            types[name] = prepare.DATASTORE_TYPES.get(item.get("field_type"), "text")
            if item.get("field_label"):
                labels[name] = item["field_label"]
    return types, labels


def _key(resource_id: str, purpose: str = "load") -> int:
    name = resource_id if purpose == "load" else f"{purpose}:{resource_id}"
    return int(hashlib.sha256(name.encode()).hexdigest()[:15], 16)


@contextlib.contextmanager
def _lock(resource_id: str, purpose: str = "load"):
    # "load": one load of a resource at a time across workers and the bulk command; "end": a
    # load's last check that its resource still exists, against a deletion (resource_deleting).
    # Session-level advisory locks in CKAN's database, each held on its own connection: a killed
    # load's lock goes with its connection, which is how abandoned() tells it.
    key = _key(resource_id, purpose)
    with model.meta.engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": key})
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()


def _fetch(resource: dict, target) -> None:
    """Copy the resource's file into `target`: an upload from the storage, a link through the
    outbound module (no credential sent, internal addresses and this portal itself refused: a
    gated file can never become a public table by being linked)."""
    limit = int(tk.config.get("ckanext.xloader.max_content_length"))
    if resource.get("url_type") == "upload":
        try:
            files_api.copy_resource(resource, target, limit)
        except ValueError:
            raise prepare.Unloadable(f"文件超过 {limit} 字节", f"the file is over {limit} bytes")
        except files_api.Missing:
            raise prepare.Unloadable("上传的文件不存在", "the uploaded file is missing")
        except files_api.Unavailable as e:
            raise prepare.Unloadable(e.zh, e.en)
        return
    try:
        outbound.download(resource.get("url") or "", target, limit, about=("resource", resource["id"]),
                          purpose="datastore_load")
    except outbound.Failed as e:     # its texts never hold the address
        raise prepare.Unloadable(f"无法读取链接：{e.zh}", f"cannot read the link: {e.en}")


SUPERSEDED = {"state": "superseded"}


def load(resource_id: str, force: bool = False, load_id: str | None = None, version: str | None = None) -> dict:
    """Load one resource now (`force`: even if file and columns are unchanged). Returns its
    recorded state. `load_id`: the queued load's (see enqueue); a load a newer one superseded
    returns SUPERSEDED, the table and the state left to the newer one. `version`: the
    resource's metadata_modified it was queued for (NotCommittedYet while what is committed is
    older).

    Two phases: the table answers (state "complete", value "index": "indexing") as soon as
    COPY has filled it; its indexes (the full-text column and its index, the substring index
    of Chinese `q`) are built after, under the "index" lock, not the load lock, so a newer
    load is not kept waiting behind them (see `index`)."""
    with contextlib.ExitStack() as indexing:
        state, to_index = _load(resource_id, force, load_id, version, indexing)
        if to_index:
            index(resource_id, to_index)
            state = current(resource_id)
    return state


def _load(resource_id: str, force: bool, load_id: str | None, version: str | None,
          indexing: contextlib.ExitStack) -> tuple[dict, str | None]:
    """The load until the table answers: (its state, the load id whose indexes are to be built
    next, under the "index" lock it entered into `indexing`, or None)."""
    context = {"ignore_auth": True, "user": _site_user()}
    with _lock(resource_id), tempfile.TemporaryDirectory(prefix="shaoxing-load-") as tmp:
        model.Session.expire_all()     # the resource as committed now, not as this session last read it
        if load_id and not _is_current(resource_id, load_id):
            return SUPERSEDED, None
        resource = tk.get_action("resource_show")(context, {"id": resource_id})
        if version and dt.datetime.fromisoformat(resource["metadata_modified"]) < dt.datetime.fromisoformat(version):
            raise NotCommittedYet(resource_id)
        fmt = prepare.file_format(resource.get("format"), resource.get("url"))
        if fmt is None or resource.get("interface_type", "file") != "file":
            return {"state": "skipped"}, None
        previous = current(resource_id) or {}
        run = {"run": str(uuid.uuid4()), "started": _now()}
        if load_id is None:        # a load run now (the command, a synchronous submit) is the newest
            load_id = str(uuid.uuid4())
            record(resource_id, "running", {**run, "load": load_id, "job_id": None})
        elif not record(resource_id, "running", {**run, "job_id": None}, load=load_id):
            return SUPERSEDED, None
        package = tk.get_action("package_show")(context, {"id": resource["package_id"]})
        types, labels = column_types(package)
        raw, clean = os.path.join(tmp, f"raw.{fmt}"), os.path.join(tmp, "clean.csv")   # openpyxl needs the suffix
        started = time.perf_counter()
        try:
            with open(raw, "wb") as f:
                _fetch(resource, f)
            # The file and the declared columns: the same again is not loaded twice (the bulk
            # command and a queued job may both reach a seed resource).
            digest = _sha256(raw, json.dumps([types, labels], sort_keys=True))
            if (not force and resource.get("datastore_active") and previous.get("state") == "complete"
                    and previous["value"].get("hash") == digest):
                # The same table; indexes a killed process left unfinished are built now (and
                # those of a table loaded before loads had two phases: its trigram index).
                unfinished = previous["value"].get("index") != "indexed"
                if unfinished:      # (after a live indexing, if one holds the lock: its steps repeated)
                    indexing.enter_context(_lock(resource_id, "index"))
                written = record(resource_id, "complete",
                                 {**previous["value"], **({"index": "indexing"} if unfinished else {})}, load=load_id)
                return current(resource_id), (load_id if unfinished and written else None)
            with open(clean, "w", encoding="utf-8", newline="") as out:
                headers, rows = prepare.prepare(raw, fmt, out, types, int(tk.config.get(
                    "ckanext.shaoxing.datastore.max_unpacked_bytes")))
            checked = round(time.perf_counter() - started, 2)
        except prepare.Unloadable as e:
            record(resource_id, "error", {**run, "kept_previous": bool(resource.get("datastore_active"))},
                   failure(e.zh, e.en), load=load_id)
            return current(resource_id), None
        # Last look before the table is touched: replaced or deleted while this file was read.
        if not _is_current(resource_id, load_id):
            return SUPERSEDED, None
        if _deleted(resource_id):
            return _ended_deleted(resource_id), None
        fields = [{"id": h, "type": types.get(h, "text"),
                   "info": {"label": labels.get(h, ""), "type_override": types.get(h, "text")}} for h in headers]
        # An older load still indexing this table stops at its next step (it is no longer the
        # current one): waited for here, not by the table's replacement below, whose queued
        # exclusive lock would stall every reader of the table meanwhile. Taken before the state
        # says "indexing" (abandoned() tells a live indexing by it); order: load, index, end.
        indexing.enter_context(_lock(resource_id, "index"))
        try:
            seconds = _copy(resource_id, clean, fields)
        except Exception as e:   # the database itself refused (the file was valid): recorded
            with _lock(resource_id, "end"):     # a deletion dropping the table under it: once committed
                if _deleted(resource_id):
                    return _ended_deleted(resource_id), None
            log.exception("COPY of %s failed", resource_id)
            record(resource_id, "error", run, failure(f"写入数据库失败：{e}", f"the database refused the load: {e}"),
                   load=load_id)
            return current(resource_id), None
        # Under the "end" lock a deletion holds until it commits: one deleted before this look
        # is seen here, one after it finds the table (resource_deleting).
        with _lock(resource_id, "end"):
            if _deleted(resource_id):
                return _ended_deleted(resource_id), None
            written = record(resource_id, "complete", {**run, "rows": rows, "hash": digest, "fields": headers,
                                                       "index": "indexing", "seconds": {"check": checked, **seconds}},
                             load=load_id)
    return current(resource_id), (load_id if written else None)


def _is_current(resource_id: str, load_id: str) -> bool:
    """Whether `load_id` is still the resource's recorded load (no newer one queued since)."""
    return ((current(resource_id) or {}).get("value") or {}).get("load") == load_id


def _state(resource_id: str) -> str | None:
    """The resource's state as committed now (its own connection); None: no such resource."""
    with model.meta.engine.connect() as conn:
        return conn.execute(sa.text("SELECT state FROM resource WHERE id = :id"), {"id": resource_id}).scalar()


def _deleted(resource_id: str) -> bool:
    return _state(resource_id) != "active"


def _ended_deleted(resource_id: str) -> dict:
    """A load whose resource was deleted: no table kept, and said."""
    _drop_table(resource_id)
    log.warning("resource %s was deleted while it was being loaded; its table was dropped", resource_id)
    record(resource_id, "error", {"deleted": True}, failure(*DELETED))
    return current(resource_id)


def _drop_table(resource_id: str) -> None:
    from ckanext.datastore.backend import DatastoreBackend
    from ckanext.datastore.backend.postgres import identifier
    from ckanext.xloader import loader
    if DatastoreBackend.get_active_backend().resource_exists(resource_id):     # the catalogue, not the table
        with loader.get_write_engine().begin() as conn:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {identifier(resource_id)} CASCADE"))


def resource_deleting(resource_id: str) -> None:
    """A resource being deleted (before_resource_delete, in the deletion's transaction): takes
    the "end" lock until the deletion commits, so a load that is running sees the deletion when
    it ends and drops its table; and, when no load runs, the load lock, so none starts before
    the commit (then `resource_deleted` drops a table a load that died left behind)."""
    session = model.Session
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _key(resource_id, "end")})
    # Neither a load nor an indexing of its table running (either drops the table itself when
    # it sees the deletion; a DROP here would wait for its step and stall the table's readers).
    free = sa.text("SELECT pg_try_advisory_xact_lock(:k)")
    if (session.execute(free, {"k": _key(resource_id)}).scalar()
            and session.execute(free, {"k": _key(resource_id, "index")}).scalar()):
        session.info.setdefault("shaoxing_deleting", set()).add(resource_id)


def resource_deleted() -> None:
    """After the deletion (after_resource_delete, still before its commit): the tables of the
    resources deleted with no load running, once the deletion has gone through."""
    for resource_id in model.Session.info.pop("shaoxing_deleting", set()):
        resource = model.Session.get(model.Resource, resource_id)
        if resource is not None and resource.state == "deleted":
            _drop_table(resource_id)


def _sha256(path: str, extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _copy(resource_id: str, clean: str, fields: list[dict]) -> dict:
    """The checked file into the table with xloader's loader pieces, the columns typed and
    labelled from the data items as the table is made: its table replacement
    (truncate when the columns are the same, else drop) and COPY; its indexes come after the
    table answers (`index`). Its `load_csv` would first re-detect the encoding (chardet over the whole file)
    and re-write the file through tabulator — work the checked file no longer needs and most
    of a large load's time — so the pieces are called here in its order."""
    from ckanext.xloader import loader
    from ckanext.xloader.utils import datastore_resource_exists, set_resource_metadata

    logger = logging.getLogger(f"{__name__}.{resource_id}")
    context = {"ignore_auth": True, "user": _site_user()}
    if datastore_resource_exists(resource_id):
        existing = [f for f in tk.get_action("datastore_info")(context, {"id": resource_id})["fields"]
                    if f["id"] != "_id"]
        same = [(f["id"], f["type"]) for f in existing] == [(f["id"], f["type"]) for f in fields]
        loader._notify_datastore_before_update(resource_id, existing, fields)
        if same:
            loader._clear_datastore_resource(resource_id)
        else:
            # Not xloader's delete_datastore_resource: it acts as no user, which the activity
            # plugin refuses (the resource's datastore_active change is recorded by someone).
            tk.get_action("datastore_delete")(dict(context), {"id": resource_id, "force": True})
    else:
        loader._notify_datastore_before_update(resource_id, None, fields)
    tk.get_action("datastore_create")(context, {"resource_id": resource_id, "fields": fields, "records": None,
                                               "force": True})
    engine = loader.get_write_engine()
    with engine.begin() as conn:
        loader._disable_fulltext_trigger(conn, resource_id)
    with engine.begin() as conn:
        loader._drop_indexes({**context, "connection": conn}, {"resource_id": resource_id}, False)
    seconds = {}
    with _timed(seconds, "copy"):
        # One COPY of the checked file: xloader's split_copy_by_size would first re-write it in
        # 1 GB pieces, which a file under ckanext.xloader.max_content_length never needs.
        loader.copy_file(clean, engine, logger, resource_id, [f["id"] for f in fields], ",")
    # The record count for datastore_search's estimates: the table answers from here on.
    loader.calculate_record_count(resource_id=resource_id, logger=logger)
    set_resource_metadata({"resource_id": resource_id, "datastore_active": True,
                           "datastore_contains_all_records_of_source_file": True})
    # The preview: default views that need the table (datatables_view) exist only once it does.
    resource = tk.get_action("resource_show")(context, {"id": resource_id})
    add_views_to_resource(context, resource, create_datastore_views=True)
    return seconds


def index(resource_id: str, load_id: str) -> None:
    """The second phase of a load, under the "index" lock its first phase took: the full-text
    column and xloader's indexes (its GiST index of `_full_text`; its trigger that keeps the
    column on later writes) and the substring index Chinese `q` uses (chinese_q.py). Each step
    is its own statement and transaction, a plain CREATE INDEX (readers go on; only writers
    wait, and the loader is the table's writer): a newer load waits at most for the step
    running, which this one checks between steps, and stops when superseded. A process killed
    meanwhile leaves "indexing" with no lock held: `resume` loads the resource again, which
    finds the same file and builds what is missing (each step may be repeated)."""
    from ckanext.xloader import loader

    context = {"ignore_auth": True, "user": _site_user()}
    seconds: dict = {}
    state = None
    try:
        fields = [f for f in tk.get_action("datastore_info")(context, {"id": resource_id})["fields"] if f["id"] != "_id"]
        engine = loader.get_write_engine()
        # Each group's steps run side by side: the two CREATE INDEX only read the table (their
        # SHARE locks do not conflict), each on a core; the fill before them writes every row.
        groups = ((("full_text", lambda: _fill_full_text(engine, resource_id, fields)),),
                  (("indexes", lambda: _create_indexes(engine, resource_id, fields)),
                   ("q_index", lambda: chinese_q.create_index(engine, resource_id, fields))),
                  (("statistics", lambda: chinese_q.analyze(engine, resource_id)),))
        for group in groups:
            if not _is_current(resource_id, load_id) or _deleted(resource_id):
                break
            _side_by_side(seconds, group)
        else:
            state = "indexed"
    except Exception:     # the table answers still; said in its state
        log.exception("indexing %s failed", resource_id)
        state = "error"
    # A deletion while this job held the "index" lock left the table to it (resource_deleting).
    with _lock(resource_id, "end"):
        if _deleted(resource_id):
            _ended_deleted(resource_id)
        elif _is_current(resource_id, load_id) and state:
            _index_state(resource_id, load_id, state, seconds)


def _side_by_side(seconds: dict, steps: tuple) -> None:
    def run(step):
        with _timed(seconds, step[0]):
            step[1]()
    if len(steps) == 1:
        run(steps[0])
        return
    with ThreadPoolExecutor(len(steps)) as pool:
        list(pool.map(run, steps))


def _create_indexes(engine, resource_id: str, fields: list[dict]) -> None:
    """xloader's create_column_indexes, committed on a connection of its own: xloader's leaves
    its connection (and the table's lock of its trigger change) to the garbage collector."""
    from ckanext.datastore.backend.postgres import create_indexes
    from ckanext.xloader import loader
    with engine.begin() as conn:
        create_indexes({"connection": conn}, {"resource_id": resource_id, "fields": fields})
        loader._enable_fulltext_trigger(conn, resource_id)


def _index_state(resource_id: str, load_id: str, state: str, seconds: dict) -> None:
    value = (current(resource_id) or {}).get("value") or {}
    record(resource_id, "complete", {**value, "index": state, "seconds": {**(value.get("seconds") or {}), **seconds}},
           load=load_id)


@contextlib.contextmanager
def _timed(into: dict, step: str):
    started = time.perf_counter()
    yield
    into[step] = round(time.perf_counter() - started, 2)


def _fill_full_text(engine, resource_id: str, fields: list[dict]) -> None:
    """The `_full_text` column `q` searches, as xloader's _populate_fulltext computes it (the
    columns as text, joined by spaces, under the server's text search configuration), but over
    ranges of `_id` on parallel connections: to_tsvector is CPU-bound and most of a load's time,
    and one UPDATE uses one core."""
    table = '"{}"'.format(resource_id.replace('"', '""'))
    cols = chinese_q.row_text({f["id"]: f["type"] for f in fields})
    with engine.connect() as conn:
        last = conn.execute(sa.text(f"SELECT coalesce(max(_id), 0) FROM {table}")).scalar()
    workers = max(1, min(int(tk.config.get("ckanext.shaoxing.datastore.full_text_workers")), last // 10_000 or 1))
    step = -(-last // workers)

    def fill(first: int) -> None:
        with engine.begin() as conn:
            conn.execute(sa.text(f"UPDATE {table} SET _full_text = to_tsvector({cols}) "
                                 "WHERE _id BETWEEN :first AND :last"), {"first": first, "last": first + step - 1})

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fill, range(1, last + 1, step)))
