"""A PostgreSQL streaming replica (hot standby, `devstack/replica.sh`) serving the DataStore's
read_url of a real portal: the API reads a table's rows from it. With the replica's replay paused, a row
written on the primary is not yet seen through the API and the lag shows in bytes of WAL; resumed,
the replica catches up and the API returns the row."""
from __future__ import annotations

import os
import subprocess
import time

import pytest
import requests
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.ops.conftest import free_port

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PORT = int(os.environ.get("SHAOXING_PG_PORT", "15432")) + 1


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")} | {"SHAOXING_PG_REPLICA_PORT": str(PORT)}


def sql(where: str, statement: str) -> str:
    """`statement` as the superuser on the primary or the replica, in the test DataStore database."""
    folder = ROOT / (".devstack/pg" if where == "primary" else ".devstack/pg-replica")
    port = PORT - 1 if where == "primary" else PORT
    done = subprocess.run(["bash", "-c", f'. devstack/env.sh; as_pg "$PG_BIN/psql" -h "{folder.resolve()}" -p {port} '
                          f'-U postgres -d shaoxing_test_datastore -Atc "{statement}"'],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def replica():
    if f"127.0.0.1:{PORT - 1}/" not in os.environ.get("CKAN_DATASTORE_READ_URL", ""):
        pytest.skip("the replica is made from the project's own PostgreSQL (devstack/services.sh)")
    started = subprocess.run([str(ROOT / "devstack/replica.sh"), "start"], env=_env(), capture_output=True,
                             text=True, timeout=600)
    assert started.returncode == 0, started.stderr
    try:
        yield os.environ["CKAN_DATASTORE_READ_URL"].replace(f":{PORT - 1}/", f":{PORT}/")
    finally:
        subprocess.run([str(ROOT / "devstack/replica.sh"), "stop"], env=_env(), timeout=120)


def until(check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.2)
    return found


def lag_bytes() -> int:
    primary = sql("primary", "SELECT pg_current_wal_lsn()")
    return int(float(sql("replica", f"SELECT pg_wal_lsn_diff('{primary}', pg_last_wal_replay_lsn())")))


def test_the_api_reads_the_datastore_from_the_replica(replica):
    from devstack.serve import gunicorn
    org = factories.department()
    pkg = factories.entry(org, name="air-quality")
    admin = factories.as_site()
    table = helpers.call_action("datastore_create", admin, resource={"package_id": pkg["id"], "name": "aqi"},
                                fields=[{"id": "站点", "type": "text"}, {"id": "aqi", "type": "int"}],
                                records=[{"站点": "越城区", "aqi": 42}, {"站点": "柯桥区", "aqi": 57}], force=True)
    rid = table["resource_id"]
    port = free_port()
    with gunicorn(port, ROOT / "test.ini", ROOT / ".devstack/logs/replica-portal.log", host="localhost",
                  env={"CKAN_DATASTORE_READ_URL": replica}) as base:
        def total():
            # The rows, not `total`: CKAN counts an unfiltered table on the write URL (its cached
            # row count), so only the rows show where the read went.
            res = requests.get(base + "/api/3/action/datastore_search", params={"resource_id": rid}, timeout=30)
            return len(res.json()["result"]["records"]) if res.status_code == 200 else None

        assert until(total) == 2
        sql("replica", "SELECT pg_wal_replay_pause()")
        try:
            helpers.call_action("datastore_upsert", admin, resource_id=rid, method="insert",
                                records=[{"站点": "上虞区", "aqi": 61}], force=True)
            assert sql("primary", f'SELECT count(*) FROM \\"{rid}\\"') == "3"
            lag = until(lag_bytes)
            print(f"replica lag while paused: {lag} bytes of WAL")
            assert total() == 2             # read from the replica, which has not replayed the row
        finally:
            sql("replica", "SELECT pg_wal_replay_resume()")
        assert until(lambda: total() == 3)
        until(lambda: lag_bytes() == 0)
