"""Faults of the stack commands end with one clear line and leave nothing half-started."""
import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def blocked_solr_port(tmp_path: pathlib.Path):
    """A stack environment whose Solr port another program holds; stopped afterwards."""
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    busy, pg, redis = blocker.getsockname()[1], free_port(), free_port()
    devstack = tmp_path / "devstack"
    env = _stack_env(devstack, pg, redis, busy)
    try:
        yield env, devstack, busy, pg, redis
    finally:
        blocker.close()
        _stop(env, devstack)


def _stack_env(devstack: pathlib.Path, pg: int, redis: int, solr: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    env.update(SHAOXING_DEVSTACK=str(devstack), SHAOXING_PG_PORT=str(pg), SHAOXING_REDIS_PORT=str(redis),
               SHAOXING_SOLR_PORT=str(solr))
    return env


def _stop(env: dict, devstack: pathlib.Path):
    subprocess.run([str(ROOT / "devstack/services.sh"), "stop"], env=env, capture_output=True, timeout=120)
    pgdata = devstack / "pg"
    if pgdata.is_symlink():       # the cluster lived where the postgres user can reach it
        shutil.rmtree(pgdata.resolve(), ignore_errors=True)


def test_a_busy_port_stops_start_with_one_line_and_nothing_left_running(tmp_path):
    with blocked_solr_port(tmp_path) as (env, devstack, busy, pg, redis):
        done = subprocess.run([str(ROOT / "devstack/services.sh"), "start", "faultcheck"], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"ERROR: port {busy} (Solr) is already in use by another program; set SHAOXING_SOLR_PORT"]
        assert "Traceback" not in done.stdout
        # PostgreSQL and Redis came up before Solr failed; they were stopped again.
        assert not listening(pg) and not listening(redis)
        # The secrets were written once, readable by their owner only.
        assert (devstack / "secrets.env").stat().st_mode & 0o777 == 0o600


def test_a_failed_start_leaves_running_what_was_running_before(tmp_path):
    with blocked_solr_port(tmp_path) as (env, devstack, busy, pg, redis):
        (devstack / "redis").mkdir(parents=True)
        # Redis already runs as the stack runs it (its pid file in the devstack) when start is called.
        subprocess.run(["redis-server", "--bind", "127.0.0.1", "--port", str(redis), "--daemonize", "yes",
                        "--dir", str(devstack / "redis"), "--pidfile", str(devstack / "redis.pid"), "--save", ""],
                       check=True, capture_output=True)
        for _ in range(50):
            if listening(redis):
                break
            time.sleep(0.1)
        done = subprocess.run([str(ROOT / "devstack/services.sh"), "start", "faultcheck"], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 1
        assert not listening(pg), "PostgreSQL, started by the failed call, is still running"
        assert listening(redis), "Redis, running before the failed call, was stopped by it"
    assert not listening(redis)
