"""Which backing service answers now: the one place the 503 answers ask, and the health
endpoints of the operations issue can too (`down()`). Each probe is one cheap round trip that
never raises; none keeps any state (every web worker asks for itself). A request that failed on a
service says so (`met()`, kept on the request alone): its error is that outage even when the
service answers again by the time the error is handled (the last seconds of a restart)."""
from __future__ import annotations

import logging

import ckan.model as model
import flask
import sqlalchemy as sa

log = logging.getLogger(__name__)

POSTGRESQL, DATASTORE, SOLR, REDIS = "postgresql", "datastore", "solr", "redis"
SERVICES = (POSTGRESQL, DATASTORE, SOLR, REDIS)


def _select_one(engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as e:      # sqlalchemy/psycopg raise many kinds: all of them mean "not now"
        log.warning("database probe failed: %s", type(e).__name__)
        return False
    return True


def postgresql() -> bool:
    return _select_one(model.meta.engine)


def datastore() -> bool:
    try:
        from ckanext.datastore.backend.postgres import get_read_engine
        engine = get_read_engine()
    except (ImportError, KeyError):      # no DataStore configured: nothing to be down
        return True
    return _select_one(engine)


def solr() -> bool:
    from ckan.lib.search.common import make_connection
    try:
        make_connection().search(q="*:*", rows=0)
    except Exception:       # pysolr raises many kinds; any of them means no search now
        return False
    return True


def redis() -> bool:
    from ckan.lib.redis import connect_to_redis
    try:
        return bool(connect_to_redis().ping())
    except Exception:       # redis-py's connection and timeout errors
        return False


PROBES = {POSTGRESQL: postgresql, DATASTORE: datastore, SOLR: solr, REDIS: redis}


def met(service: str) -> None:
    """This request failed on `service`. Outside a request (a job, the command line): nothing."""
    if flask.has_request_context():
        flask.g.shaoxing_services_met = {*getattr(flask.g, "shaoxing_services_met", ()), service}


def _met() -> set:
    return getattr(flask.g, "shaoxing_services_met", set()) if flask.has_request_context() else set()


def down(services=SERVICES) -> list[str]:
    """The services among `services` that do not answer now, or that this request failed on, in
    the order asked."""
    failed = _met()
    return [name for name in services if name in failed or not PROBES[name]()]
