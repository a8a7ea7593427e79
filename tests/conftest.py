"""Fixtures shared by every suite. Tests talk to the real PostgreSQL, Solr and Redis that
`make test` starts (test database `shaoxing_test`, Solr core `ckan_test`, Redis db 1)."""
from __future__ import annotations

import pytest

PLUGINS = "scheming_datasets scheming_organizations shaoxing shaoxing_contest datastore image_view datatables_view"


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's clean_db drops every table, ours included, and re-runs only core migrations."""
    reset_db()
    migrate_db_for("shaoxing")
    migrate_db_for("shaoxing_contest")


def pytest_collection_modifyitems(items):
    # Tests that restart the whole stack (make stop && make run) go last.
    items.sort(key=lambda item: item.get_closest_marker("restarts_stack") is not None)


def pytest_configure(config):
    config.addinivalue_line("markers", "restarts_stack: stops and restarts the services; runs last")
