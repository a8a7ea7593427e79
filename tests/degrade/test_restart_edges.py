"""The last seconds of a restart: a request failed on a service that answers again by the time
its error is handled (the soak met both: PostgreSQL "starting up", Solr's core loading). The
error is still that outage (503, retry), and a query's own error is still none. Real services:
a real refused connection and a real statement timeout, with the real PostgreSQL and Solr up."""
import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.shaoxing.degrade import handlers, health

pytestmark = pytest.mark.usefixtures("clean_db")


def _error_of(engine, sql: str = "SELECT 1") -> sa.exc.DBAPIError:
    with pytest.raises(sa.exc.DBAPIError) as raised:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    return raised.value


def test_a_refused_connection_is_the_databases_outage_though_it_answers_again():
    refused = _error_of(sa.create_engine(model.meta.engine.url.set(host="127.0.0.1", port=9)))
    assert health.down((health.POSTGRESQL, health.DATASTORE)) == []      # both answer now
    assert handlers._database_down(refused) == health.POSTGRESQL


def test_a_querys_own_error_is_no_outage():
    engine = model.meta.engine
    timeout = _error_of(engine, "SET LOCAL statement_timeout = 10; SELECT pg_sleep(1)")
    assert isinstance(timeout, sa.exc.OperationalError) and timeout.orig.pgcode == "57014"
    assert handlers._database_down(timeout) is None


def test_a_service_the_request_failed_on_is_down_for_that_request_alone(app):
    assert health.down((health.SOLR,)) == []        # the real Solr answers
    with app.flask_app.test_request_context("/dataset/"):
        health.met(health.SOLR)
        assert health.down((health.SOLR,)) == [health.SOLR]
        assert health.down((health.REDIS,)) == []
    with app.flask_app.test_request_context("/dataset/"):
        assert health.down((health.SOLR,)) == []    # the next request asks Solr again
    health.met(health.SOLR)                         # outside a request: nothing kept
    assert health.down((health.SOLR,)) == []
