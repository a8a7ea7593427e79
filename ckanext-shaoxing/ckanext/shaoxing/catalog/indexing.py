"""Indexing many datasets at once, after their database commit: CKAN's own index documents
(package_show with the default and the custom schema), sent in batches and made by several
worker processes when there are enough of them to be worth a fork (as CKAN's own
`ckan search-index rebuild-fast` does for a whole portal). Documents made before the commit
(`Documents`, from the dicts the bulk save shows anyway) are kept on disk and sent first."""
from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import tempfile

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import logic
from ckan.lib import search
from ckan.lib.search import index as search_index

from ..search.api import usage_totals_for
from .scoped import Override

_connection = Override(search_index, "make_connection")


def index_packages(package_ids: list[str], documents: Documents | None = None) -> None:
    """Indexes the datasets and makes them searchable with one Solr commit. Call it after the
    database commit: the datasets are read back from the database. `documents`, made before
    the commit, are sent first (a dataset in both is indexed again, from the database)."""
    if documents is not None and documents.count:
        documents.send()
    elif not package_ids:
        return
    _index_all(package_ids)
    search.commit()


def _index_all(package_ids: list[str]) -> None:
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
    # bulk load wants batches. Only for the block, in this thread.
    batch = _Batch()
    with _connection(lambda original, *a, **kw: batch):
        yield
        batch.send()


class Documents:
    """Index documents of datasets written in the open transaction, made by CKAN's indexer from
    the dicts of `package_show_default_and_custom_schemas` and kept in a temporary file (10,000
    documents are ≈ 100 MB) until the commit; `index_packages` sends them after it. Nothing
    reaches Solr before the commit, so a rolled-back import leaves no document behind."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.count = 0

    def index(self, both: tuple[dict, dict]) -> None:
        with _connection(lambda original, *a, **kw: self):
            logic.index_update_package_dicts(both, defer_commit=True)

    def add(self, docs, commit=False):
        """The connection's add, as the indexer calls it."""
        for doc in docs:
            self.file.write(json.dumps(doc, ensure_ascii=False).encode() + b"\n")
            self.count += 1

    def send(self) -> None:
        self.file.seek(0)
        batch = _Batch()
        for line in self.file:
            batch.add([json.loads(line)])
        batch.send()

    def close(self) -> None:
        self.file.close()
