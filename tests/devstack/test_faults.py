"""Faults of the stack commands end with one clear line and leave nothing half-started."""
import os
import pathlib
import shutil
import socket
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_a_busy_port_stops_start_with_one_line_and_nothing_left_running(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    busy, pg, redis = blocker.getsockname()[1], free_port(), free_port()
    devstack = tmp_path / "devstack"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    env.update(SHAOXING_DEVSTACK=str(devstack), SHAOXING_PG_PORT=str(pg), SHAOXING_REDIS_PORT=str(redis),
               SHAOXING_SOLR_PORT=str(busy))
    try:
        done = subprocess.run([str(ROOT / "devstack/services.sh"), "start", "faultcheck"], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"ERROR: port {busy} (Solr) is already in use by another program; set SHAOXING_SOLR_PORT"]
        assert "Traceback" not in done.stdout
        # PostgreSQL and Redis came up before Solr failed; they were stopped again.
        assert not listening(pg) and not listening(redis)
    finally:
        blocker.close()
        subprocess.run([str(ROOT / "devstack/services.sh"), "stop"], env=env, capture_output=True, timeout=120)
        pgdata = devstack / "pg"
        if pgdata.is_symlink():       # the cluster lived where the postgres user can reach it
            shutil.rmtree(pgdata.resolve(), ignore_errors=True)
