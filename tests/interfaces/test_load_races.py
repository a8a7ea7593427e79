"""DataStore loads racing each other, run by the real `ckan jobs worker`: a resource replaced
while its previous file is being loaded, two saves queueing two loads at once, a resource
deleted while it loads. The table ends as the newest file (never the older one after it), the
state shown is the newest load's, and a deleted resource keeps no table.

A load is caught in the middle of its work without any sleep: its file is a link to a real
file server (the city intranet's, allowed as ckanext.shaoxing.outbound.allow allows it) that
sends half of the file and the rest only when the test lets it go."""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.lib.jobs import get_queue
from ckan.tests import helpers
from rq.job import Job

from ckanext.shaoxing.interfaces import jobs
from tests.conftest import PLUGINS, ROOT
from tests.interfaces.conftest import replace, site_user, upload

HOST = "127.0.0.11"        # loopback, and none of the other tests' link servers
QUEUE = "load-races"       # the queue this module's workers take jobs from (see handed_over)
pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.ckan_config("ckanext.shaoxing.outbound.allow", HOST),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

OLD = "name,seats\n旧站,1\n".encode()
NEW = "name,seats,price\n新站甲,2,1.5\n新站乙,3,2\n".encode()
NEWEST = "name,price\n最新站,9\n".encode()


class FileServer:
    """Serves files; the `held` one is sent in half, the rest once `release` is set (`reached`
    says the first half went out: its load is in the middle of the download)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.held: str | None = None
        self.reached, self.release = threading.Event(), threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.path == server.held and not server.reached.is_set():
                    self.wfile.write(body[:len(body) // 2])
                    self.wfile.flush()
                    server.reached.set()
                    server.release.wait(120)       # bounded: a failing test never hangs the worker
                    self.wfile.write(body[len(body) // 2:])
                else:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self.httpd.daemon_threads = True

    def url(self, path: str, body: bytes, held: bool = False) -> str:
        self.files[path] = body
        if held:
            self.held = path
        return f"http://{HOST}:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def files():
    server = FileServer()
    threading.Thread(target=server.httpd.serve_forever, daemon=True).start()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="module")
def workers(_schema, tmp_path_factory):
    """Two real `ckan jobs worker` processes, started once for the module with test.ini and the
    file server allowed (as a portal allows its intranet's file server), stopped at its end.
    They work on a queue of their own, where the tests hand them the loads the portal queued."""
    folder = tmp_path_factory.mktemp("load-races")
    ini = folder / "worker.ini"
    ini.write_text(f"[app:main]\nuse = config:{ROOT / 'test.ini'}\nckanext.shaoxing.outbound.allow = {HOST}\n",
                   encoding="utf-8")
    get_queue(QUEUE).empty()
    started = []
    for n in range(2):
        log = open(folder / f"worker{n}.log", "w")
        started.append((subprocess.Popen([str(pathlib.Path(sys.executable).parent / "ckan"), "-c", str(ini), "jobs",
                                          "worker", QUEUE], cwd=ROOT, env=os.environ, stdout=log,
                                         stderr=subprocess.STDOUT), log))
    yield folder
    for process, _ in started:
        process.terminate()         # rq's warm shutdown: ends the job it runs first
    for process, log in started:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def done(workers, *job_ids: str) -> None:
    """Wait for the workers to end these jobs (their logs are in the folder `workers`)."""
    def ended():
        return all(Job.fetch(j, connection=get_queue().connection).get_status() in ("finished", "failed")
                   for j in job_ids)
    until(ended, f"the workers ending {job_ids} (logs in {workers})")


def until(condition, what: str, limit: float = 120) -> None:
    """Wait for something another process does (bounded; how long it takes is not tested)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never: {what}")
        time.sleep(0.05)


def handed_over() -> list[str]:
    """Hands the loads the portal queued to this module's workers, oldest first; returns their
    job ids. Other queued work (the quality check a change also queues) is dropped."""
    ids = []
    for queued in get_queue().jobs:
        if queued.func_name.endswith("interfaces.jobs.job"):
            get_queue().remove(queued)
            get_queue(QUEUE).enqueue_job(queued)
            ids.append(queued.id)
        else:
            queued.delete()
    return ids


def outcome(job_id: str) -> str:
    return Job.fetch(job_id, connection=get_queue().connection).return_value()


def waiting_for_a_load_lock() -> bool:
    with model.meta.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                    "AND NOT granted")).scalar() > 0


def table(resource_id: str) -> tuple[list[str], list[list]]:
    result = helpers.call_action("datastore_search", resource_id=resource_id, sort="_id")
    names = [f["id"] for f in result["fields"] if f["id"] != "_id"]
    return names, [[r[n] for n in names] for r in result["records"]]


def status(resource_id: str) -> dict:
    return helpers.call_action("shaoxing_datastore_status", resource_id=resource_id)


def recorded_load(resource_id: str) -> str:
    return jobs.current(resource_id)["value"]["load"]


def link(package_id: str, url: str) -> dict:
    return helpers.call_action("resource_create", {"user": site_user()}, package_id=package_id, url=url,
                               name="站点表", format="CSV")


def table_exists(resource_id: str) -> bool:
    from ckanext.datastore.backend import DatastoreBackend
    return DatastoreBackend.get_active_backend().resource_exists(resource_id)


@pytest.mark.parametrize("by", ["link", "upload"])
def test_a_file_replaced_while_the_previous_one_loads_ends_as_the_newest(app, entry, files, workers, by):
    get_queue().empty()
    res = link(entry["id"], files.url("/old.csv", OLD, held=True))
    [stale] = handed_over()
    assert files.reached.wait(120), "the first load never began its download"
    # The stale load is in the middle of the old file: the file is replaced, by a new link or an upload.
    if by == "link":
        helpers.call_action("resource_patch", {"user": site_user()}, id=res["id"], url=files.url("/new.csv", NEW))
    else:
        replace(res["id"], "stations.csv", NEW, "CSV")
    [newer] = [j for j in handed_over() if j != stale]
    newest_load = recorded_load(res["id"])
    # The newest load's state, not the stale one's, in the action and on the page.
    assert status(res["id"])["status"] == "pending"
    page = app.get(f"/dataset/{entry['name']}/resource/{res['id']}").get_data(as_text=True)
    assert 'data-state="pending"' in page
    # The other worker takes the newer load, which waits for the stale one.
    until(waiting_for_a_load_lock, "the newer load waiting for the stale one")
    files.release.set()
    done(workers, stale, newer)
    assert outcome(stale) == "superseded" and outcome(newer) == "complete"
    assert table(res["id"]) == (["name", "seats", "price"], [["新站甲", 2, 1.5], ["新站乙", 3, 2]])
    st = status(res["id"])
    assert st["status"] == "complete" and st["rows"] == 2 and st["datastore_active"] is True
    assert recorded_load(res["id"]) == newest_load


def test_two_saves_queue_two_loads_and_one_table_ends_as_the_newest_file(entry, workers):
    res = upload(entry["id"], "stations.csv", OLD, "CSV")
    assert jobs.load(res["id"])["state"] == "complete"
    get_queue().empty()
    replace(res["id"], "stations.csv", NEW, "CSV")        # two saves, one after the other, before
    replace(res["id"], "stations.csv", NEWEST, "CSV")     # the workers take their loads, together
    first, second = handed_over()
    done(workers, first, second)
    # The first load was superseded before it touched the table; the second loaded the newest.
    assert (outcome(first), outcome(second)) == ("superseded", "complete")
    assert table(res["id"]) == (["name", "price"], [["最新站", 9]])
    assert status(res["id"])["status"] == "complete" and status(res["id"])["rows"] == 1


def test_a_resource_deleted_while_it_loads_keeps_no_table_and_it_is_recorded(entry, files, workers):
    res = link(entry["id"], files.url("/first.csv", NEW))
    assert jobs.load(res["id"])["state"] == "complete" and table_exists(res["id"])
    get_queue().empty()
    helpers.call_action("resource_patch", {"user": site_user()}, id=res["id"],
                        url=files.url("/old.csv", OLD, held=True))
    [loading] = handed_over()
    assert files.reached.wait(120), "the load never began its download"
    helpers.call_action("resource_delete", {"user": site_user()}, id=res["id"])    # not held up by the load
    files.release.set()
    done(workers, loading)
    assert outcome(loading) == "error"
    assert not table_exists(res["id"])
    state = jobs.current(res["id"])
    assert state["state"] == "error" and state["value"].get("deleted") is True
    assert (state["error"]["zh"], state["error"]["en"]) == jobs.DELETED


def test_a_load_queued_for_a_deleted_resource_keeps_no_table(entry):
    # Deleted after its load was queued and before a worker took it: recorded at once, no retries.
    res = upload(entry["id"], "stations.csv", NEW, "CSV")
    load_id = recorded_load(res["id"])
    helpers.call_action("resource_delete", {"user": site_user()}, id=res["id"])
    assert jobs.job(res["id"], time.time(), load_id) == "error"
    assert not table_exists(res["id"])
    assert (jobs.current(res["id"])["error"]["en"]) == jobs.DELETED[1]


def test_a_load_queued_during_the_commit_of_its_change_waits_for_it(entry, monkeypatch):
    # The hooks queue a load while the change is being committed: a worker quick enough to start
    # it first reads the resource as it was. The job knows the version it was queued for and does
    # not load an older one; once waiting is over (a change rolled back) it loads what is there.
    monkeypatch.setattr(jobs, "RETRY_DELAYS", (0, 0, 0))
    res = upload(entry["id"], "stations.csv", NEW, "CSV")
    shown = helpers.call_action("resource_show", id=res["id"])
    later = (dt.datetime.fromisoformat(shown["metadata_modified"]) + dt.timedelta(seconds=1)).isoformat()
    load_id = recorded_load(res["id"])
    with pytest.raises(jobs.NotCommittedYet):
        jobs.load(res["id"], load_id=load_id, version=later)
    assert not table_exists(res["id"]) and status(res["id"])["status"] == "pending"
    assert jobs.job(res["id"], time.time() - jobs.COMMIT_WAIT - 1, load_id, later) == "complete"
    assert table(res["id"])[1] == [["新站甲", 2, 1.5], ["新站乙", 3, 2]]


def test_a_table_a_dead_load_left_goes_with_its_resource(entry):
    # A load killed after it made the table and before it marked the resource: deleting the
    # resource (no load running) drops the table all the same.
    res = upload(entry["id"], "stations.csv", NEW, "CSV")
    assert jobs.load(res["id"])["state"] == "complete"
    with model.meta.engine.begin() as conn:     # as the dead load left it: CKAN's own hook skips it
        conn.execute(sa.text("UPDATE resource SET extras = (extras::jsonb - 'datastore_active')::text WHERE id = :id"),
                     {"id": res["id"]})
    model.Session.expire_all()
    helpers.call_action("resource_delete", {"user": site_user()}, id=res["id"])
    assert not table_exists(res["id"])
