"""What `/readyz` reports: each backing service probed once (through the degrade feature's probes),
in parallel and each within a time limit, so a hung service answers "timeout" instead of holding
the monitor; the job queues' depth and oldest job; when the usage flusher last ran. Nothing is
kept between calls and no address, password or key appears in the answer."""
from __future__ import annotations

import concurrent.futures
import datetime
import time

import ckan.plugins.toolkit as tk

from ..degrade import api as degrade_api
from ..usage import api as usage_api

# Without PostgreSQL nothing is served: the node is taken out. Without Solr, the DataStore or Redis
# the portal answers what it can (503 pages for the rest, docs/operator/outages.md); taking every
# node out for them would turn a partial outage into a whole one, so they make the answer
# "degraded", still 200.
ESSENTIAL = {degrade_api.POSTGRESQL}


def _probe(service: str) -> tuple[bool, float]:
    started = time.perf_counter()
    ok = not degrade_api.down((service,))
    return ok, (time.perf_counter() - started) * 1000


def services(timeout: float) -> dict[str, dict]:
    found = {}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=len(degrade_api.SERVICES))
    try:
        futures = {name: pool.submit(_probe, name) for name in degrade_api.SERVICES}
        deadline = time.monotonic() + timeout
        for name, future in futures.items():
            try:
                ok, ms = future.result(timeout=max(0.0, deadline - time.monotonic()))
                found[name] = {"ok": ok, "ms": round(ms, 1)}
            except concurrent.futures.TimeoutError:
                found[name] = {"ok": False, "error": "timeout"}
    finally:
        pool.shutdown(wait=False, cancel_futures=True)    # a hung probe ends on its own timeout
    return found


def queues() -> dict | None:
    """Each job queue's depth and the age of its oldest waiting job (seconds); None without Redis."""
    from ckan.lib import jobs
    try:
        found = {}
        for queue in jobs.get_all_queues():
            oldest = None
            ids = queue.get_job_ids(0, 1)
            job = queue.fetch_job(ids[0]) if ids else None
            if job is not None and job.enqueued_at is not None:
                # rq keeps UTC, without a zone in some releases
                enqueued = job.enqueued_at.replace(tzinfo=job.enqueued_at.tzinfo or datetime.timezone.utc)
                oldest = round(max(0.0, time.time() - enqueued.timestamp()), 1)
            found[jobs.remove_queue_name_prefix(queue.name)] = {"depth": queue.count,
                                                                "oldest_seconds": oldest}
        return found
    except Exception:       # redis-py's connection errors: reported as the Redis probe's failure
        return None


def report() -> tuple[str, dict]:
    """("ok" | "degraded" | "down", the JSON body)."""
    timeout = tk.config.get("ckanext.shaoxing.ops.probe_timeout")
    checks = services(timeout)
    body: dict = {"services": checks}
    if checks.get(degrade_api.REDIS, {}).get("ok"):
        body["queues"] = queues()
        last = usage_api.last_flush()
        body["usage_flusher"] = {"last_run_seconds_ago": None if last is None else round(time.time() - last, 1)}
    failed = {name for name, check in checks.items() if not check["ok"]}
    status = "down" if failed & ESSENTIAL else "degraded" if failed else "ok"
    body["status"] = status
    return status, body
