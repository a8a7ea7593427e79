"""Prometheus metrics (`prometheus_client`).

Per node, kept by each process and summed by prometheus_client's multiprocess mode across the
gunicorn workers of one node (gunicorn.conf.py gives them a shared folder): requests by route
group, method and status, their latency, and the rate limits' refusals (429).

For the whole portal, read when scraped from where the state already is, so it is right whichever
process or machine did the work: the job queues (Redis), DataStore loads by state (CKAN's
task_status), quarantined resources, and events counted in one Redis hash by whichever process
heard them (quality checks run in the jobs worker; failed logins in any web worker). These carry
the label `scope="portal"`: every node reports the same figure, so take `max()`, not `sum()`,
over nodes (docs/operator/monitoring.md)."""
from __future__ import annotations

import logging
import os

import prometheus_client as prom
from prometheus_client import multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

log = logging.getLogger(__name__)

EVENTS = "shaoxing:ops:events"          # Redis hash: event name → count, for the whole portal
EVENT_HELP = {"quality_checks": "Datasets checked by the quality check",
              "login_failures": "Failed sign-ins"}

REQUESTS = prom.Counter("shaoxing_http_requests", "Requests answered", ["group", "method", "status"])
LATENCY = prom.Histogram("shaoxing_http_request_duration_seconds", "Time to answer a request", ["group"],
                         buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
REFUSED = prom.Counter("shaoxing_rate_limit_refusals", "Requests refused by a rate limit or quota (429)",
                       ["group"])


def observe(group: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(group, method, str(status)).inc()
    LATENCY.labels(group).observe(seconds)
    if status == 429:
        REFUSED.labels(group).inc()


def count_event(name: str, n: int = 1) -> None:
    """Count a portal-wide event in Redis; a Redis outage loses the count, never the work."""
    from ckan.lib.redis import connect_to_redis
    try:
        connect_to_redis().hincrby(EVENTS, name, n)
    except Exception as e:      # redis-py's connection errors
        log.warning("event %s not counted: %s", name, type(e).__name__)


class PortalCollector:
    """The portal-wide figures, read at each scrape (a few cheap queries)."""

    def collect(self):
        from . import health
        queues = health.queues() or {}
        depth = GaugeMetricFamily("shaoxing_job_queue_depth", "Jobs waiting", labels=["queue", "scope"])
        oldest = GaugeMetricFamily("shaoxing_job_queue_oldest_seconds", "Age of the oldest waiting job",
                                   labels=["queue", "scope"])
        for name, queue in queues.items():
            depth.add_metric([name, "portal"], queue["depth"])
            oldest.add_metric([name, "portal"], queue["oldest_seconds"] or 0)
        yield depth
        yield oldest
        yield from _database_figures()
        yield from _events()


def _database_figures():
    import ckan.model as model
    import sqlalchemy as sa
    loads = GaugeMetricFamily("shaoxing_datastore_loads", "Resources by the state of their last DataStore load",
                              labels=["state", "scope"])
    held = GaugeMetricFamily("shaoxing_quarantined_resources", "Resources held in quarantine", labels=["scope"])
    try:
        with model.meta.engine.connect() as conn:
            for state, n in conn.execute(sa.text(
                    "SELECT state, count(*) FROM task_status WHERE task_type = 'xloader' GROUP BY state")):
                loads.add_metric([state, "portal"], n)
            held.add_metric(["portal"], conn.execute(sa.text(
                "SELECT count(*) FROM shaoxing_quarantine WHERE state = 'quarantined'")).scalar())
    except Exception as e:      # PostgreSQL down: the scrape still answers, without these
        log.warning("metrics from PostgreSQL skipped: %s", type(e).__name__)
        return
    yield loads
    yield held


def _events():
    from ckan.lib.redis import connect_to_redis
    try:
        counts = connect_to_redis().hgetall(EVENTS)
    except Exception:
        return
    counts = {k.decode(): int(v) for k, v in counts.items()}
    for name, text in EVENT_HELP.items():
        family = CounterMetricFamily(f"shaoxing_{name}", text, labels=["scope"])
        family.add_metric(["portal"], counts.get(name, 0))
        yield family


def exposition() -> tuple[bytes, str]:
    """The scrape's body and content type: this node's processes and the portal's figures."""
    registry = prom.CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:                       # one process (the development server, the test client)
        registry.register(_ProcessMetrics())
    registry.register(PortalCollector())
    return prom.generate_latest(registry), prom.CONTENT_TYPE_LATEST


class _ProcessMetrics:
    def collect(self):
        for metric in (REQUESTS, LATENCY, REFUSED):
            yield from metric.collect()
