"""Indexing many datasets at once, after their database commit: CKAN's own index documents
(package_show with the default and the custom schema), sent in batches and made by several
worker processes when there are enough of them to be worth a fork (as CKAN's own
`ckan search-index rebuild-fast` does for a whole portal)."""
from __future__ import annotations

import contextlib
import gc
import multiprocessing

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import logic
from ckan.lib import search
from ckan.lib.search import index as search_index

from ..search.api import usage_totals_for


def index_packages(package_ids: list[str]) -> None:
    """Indexes the datasets and makes them searchable with one Solr commit. Call it after the
    database commit: the datasets are read back from the database."""
    if not package_ids:
        return
    workers = tk.config.get("ckanext.shaoxing.catalog.index_workers")
    if workers > 1 and len(package_ids) >= tk.config.get("ckanext.shaoxing.catalog.parallel_index_from"):
        # Each dataset costs a few milliseconds of Python (dictize, two validations): spread it
        # over processes. A forked child must not touch the parent's database connections: the
        # session gives its connection back first (the caller has committed), and each child
        # forgets the inherited pool (never closing those connections) and opens its own.
        model.Session.close()
        gc.collect()
        gc.freeze()   # the children's collections must not write to (and so copy) inherited pages
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=_own_connections) as pool:
                pool.map(_index, [package_ids[i::workers] for i in range(workers)])
        finally:
            gc.unfreeze()
    else:
        _index(package_ids)
    search.commit()


def _own_connections() -> None:
    model.meta.engine.dispose(close=False)


def _index(package_ids: list[str]) -> None:
    with batched_solr_adds():
        for start in range(0, len(package_ids), _Batch.size):
            batch = package_ids[start:start + _Batch.size]
            # Held here, the datasets stay in the session's identity map, where package_show and
            # the indexer each look their dataset up (otherwise two queries per dataset).
            loaded = model.Session.query(model.Package).filter(model.Package.id.in_(batch)).all()  # noqa: F841
            with usage_totals_for(batch):      # one read of the batch's usage totals
                for package_id in batch:
                    logic.index_update_package({}, package_id, defer_commit=True)


class _Batch:
    """Stands in for the pysolr connection CKAN's indexer makes for every dataset: collects the
    documents and sends them in batches over one connection."""
    size = 500

    def __init__(self):
        self.solr = search_index.make_connection()
        self.docs: list[dict] = []

    def add(self, docs, commit=False):
        self.docs.extend(docs)
        if len(self.docs) >= self.size:
            self.send()

    def send(self):
        if self.docs:
            self.solr.add(docs=self.docs, commit=False)
            self.docs = []


@contextlib.contextmanager
def batched_solr_adds():
    # CKAN's PackageSearchIndex opens a new connection and sends one request per dataset; a
    # bulk load wants batches. Swapped only for the duration of one import, in this process.
    batch = _Batch()
    original = search_index.make_connection
    search_index.make_connection = lambda *a, **kw: batch
    try:
        yield
        batch.send()
    finally:
        search_index.make_connection = original
