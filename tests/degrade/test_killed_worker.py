"""The real jobs worker (`ckan jobs worker`, with its work horse) killed with -9 in the middle of
a large DataStore load: the load is left recorded "running" with nobody running it; started
again as the devstack starts it (`ckan shaoxing datastore resume`, which is `jobs.resume()`,
then the worker), the load completes, whole."""
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest
from ckan.lib.jobs import get_queue
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.interfaces.conftest import upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

ROWS = 150_000     # a few seconds of checking and COPY before the table answers: time to be killed in it
CKAN = [str(pathlib.Path(sys.executable).parent / "ckan"), "-c", str(ROOT / "test.ini")]


def until(condition, what: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.2)


def big_csv() -> bytes:
    return ("id,station,seats\n" + "".join(f"{n},越城区公交站{n},{n % 60}\n" for n in range(ROWS))).encode()


def test_a_load_killed_with_its_worker_completes_after_the_worker_starts_again():
    from ckanext.shaoxing.interfaces import jobs
    org = factories.department()
    pkg = factories.entry(org, name="stations")
    table = upload(pkg["id"], "stations.csv", big_csv(), "CSV")
    get_queue().empty()         # the load alone (not the quality check the save queued too)
    jobs.enqueue(table["id"])
    worker = subprocess.Popen(CKAN + ["jobs", "worker"], cwd=ROOT, env=os.environ, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Killed as soon as it runs: the table answers once COPY ends (its indexes follow), so a
        # load is "running" only while its file is read, checked and copied.
        until(lambda: (jobs.current(table["id"]) or {}).get("state") == "running", "the load started")
    finally:
        # The worker and its work horse (rq forks it into a session of its own), as a crash would.
        horses = pathlib.Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        os.killpg(worker.pid, signal.SIGKILL)
        for horse in horses:
            os.kill(int(horse), signal.SIGKILL)
        worker.wait(30)
    assert jobs.current(table["id"])["state"] == "running"      # and nobody will finish it
    # Its lock went with its database connection: it is told abandoned.
    until(lambda: jobs.abandoned() == [table["id"]], "the killed load was told abandoned", 30)
    assert jobs.resume() == [table["id"]]
    again = subprocess.run(CKAN + ["jobs", "worker", "--burst"], cwd=ROOT, env=os.environ, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    state = jobs.current(table["id"])
    assert state["state"] == "complete" and state["value"]["rows"] == ROWS, state
    assert helpers.call_action("datastore_search", resource_id=table["id"], limit=0)["total"] == ROWS
