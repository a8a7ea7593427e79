"""The usage totals in the search index (most viewed / most downloaded sorts) against real Solr:
a flush has the changed datasets indexed, an edit keeps their totals, and indexing many datasets
reads their totals once, not once per document."""
import contextlib

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import helpers

from ckanext.shaoxing.catalog.indexing import index_packages
from ckanext.shaoxing.search import api as search_api
from ckanext.shaoxing.usage import counters
from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def order(sort: str) -> list[str]:
    return [d["name"] for d in helpers.call_action("package_search", sort=sort, rows=50)["results"]]


def downloaded() -> int:
    """Datasets whose document holds downloads."""
    return helpers.call_action("package_search", fq="resources_accessed_total:[1 TO *]", rows=0)["count"]


@contextlib.contextmanager
def usage_reads():
    """The statements that read the usage table while the block runs."""
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        if "shaoxing_usage_daily" in statement:
            seen.append(statement)

    sa.event.listen(model.meta.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", note)


@pytest.fixture
def used():
    """Five datasets with 1…5 downloads and 5…1 views, flushed without indexing."""
    org = factories.department()
    entries = [factories.entry(org, name=f"d{n}", resources=[{"url": f"https://example.org/{n}.csv"}])
               for n in range(1, 6)]
    for n, pkg in enumerate(entries, start=1):
        counters.count("download", pkg["resources"][0]["id"], n)
        counters.count("view", pkg["id"], 6 - n)
    flush(reindex=False)
    return entries


def test_a_flush_has_the_changed_totals_indexed(used):
    assert downloaded() == 0                                                           # not indexed yet
    counters.count("download", used[0]["resources"][0]["id"], 10)                      # d1: 11 now
    with usage_reads() as reads:
        flush()
    assert downloaded() == 1 and order("resources_accessed_total desc")[0] == "d1"    # d1's changed
    assert len([s for s in reads if s.lstrip().upper().startswith("SELECT")]) == 1    # the batch, once


def test_indexing_many_datasets_reads_their_totals_once(used):
    ids = [pkg["id"] for pkg in used]
    with usage_reads() as reads:
        search_api.reindex(ids)
    assert len(reads) == 1
    assert order("resources_accessed_total desc") == ["d5", "d4", "d3", "d2", "d1"]
    assert order("views_total desc") == ["d1", "d2", "d3", "d4", "d5"]
    with usage_reads() as reads:
        index_packages(ids)                                  # the catalogue import's bulk indexing
    assert len(reads) == 1
    assert order("resources_accessed_total desc") == ["d5", "d4", "d3", "d2", "d1"]


def test_an_edit_keeps_the_datasets_totals_in_the_index(used):
    search_api.reindex([pkg["id"] for pkg in used])
    helpers.call_action("package_patch", factories.as_site(), id="d1", notes="更新了摘要")      # one document reindexed
    assert order("resources_accessed_total desc") == ["d5", "d4", "d3", "d2", "d1"]
    assert order("views_total desc")[0] == "d1"
