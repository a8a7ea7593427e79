"""gunicorn settings shared by the portal (devstack/portal.sh) and the test and benchmark portals
(devstack/serve.py); the command lines give the rest."""
import gc
import logging
import os
import shutil
import sys
import tempfile

# Prometheus metrics of all the workers, summed when scraped (ops/metrics.py): each gunicorn gets a
# folder of its own for them, set before CKAN (and prometheus_client) is loaded, emptied at exit.
# An operator who runs gunicorn otherwise sets PROMETHEUS_MULTIPROC_DIR to an empty folder.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="shaoxing-metrics-")
    _OWN_METRICS_DIR = os.environ["PROMETHEUS_MULTIPROC_DIR"]
else:
    _OWN_METRICS_DIR = None

# CKAN is loaded once, in the master, and the workers are forked from it: starting costs one
# load of CKAN instead of one per worker, and the workers share its memory until they write.
preload_app = True


def _close_connections() -> None:
    """Close what loading CKAN connected (its database engines: CKAN's, the DataStore's, xloader's;
    Redis): a forked worker must not share them, and one of them could hold the very port gunicorn
    is about to bind (an outgoing connection takes any free local port)."""
    import redis
    import sqlalchemy
    for thing in gc.get_objects():
        if isinstance(thing, sqlalchemy.engine.Engine):
            thing.dispose()
        elif isinstance(thing, redis.ConnectionPool):
            thing.disconnect()


def on_starting(server):
    # Loading CKAN applied its ini's logging sections, which disabled gunicorn's own loggers and
    # closed their handlers: both back before gunicorn binds its port and forks (a port in use, a
    # worker's boot, a timeout, a signal are logged again).
    for log in (server.log.error_log, server.log.access_log):
        log.disabled = False
    server.log.setup(server.cfg)
    _close_connections()


def pre_fork(server, worker):
    _close_connections()        # each worker connects anew


def _exit_now(status: int) -> None:
    # The interpreter's teardown of a loaded CKAN frees objects for seconds and writes nothing:
    # it is left out, the logs flushed first.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def child_exit(server, worker):
    # A worker gone: its live gauges leave the sums (its counters stay, as Prometheus expects).
    from prometheus_client import multiprocess
    multiprocess.mark_process_dead(worker.pid)


def worker_exit(server, worker):
    if worker.booted:            # a stopping worker that has answered its last request
        _exit_now(0)


def on_exit(server):
    if _OWN_METRICS_DIR:
        shutil.rmtree(_OWN_METRICS_DIR, ignore_errors=True)
    # The master holds a loaded CKAN too. It leaves with gunicorn's status: a HaltServer's (a
    # worker that could not boot) when that is what stops it.
    _exit_now(getattr(sys.exc_info()[1], "exit_status", 0))
