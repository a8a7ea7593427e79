"""The test session's own services, stopped one at a time and always started again. Only the
project's own servers (on the SHAOXING_*_PORT ports): a test against servers someone else runs
is skipped rather than stopping them."""
from __future__ import annotations

import contextlib
import os
import subprocess

import pytest

from tests.conftest import ROOT

# The service, the URL the session reaches it by, and the port the project runs it on.
OWN = {"pg": ("CKAN_SQLALCHEMY_URL", "SHAOXING_PG_PORT"), "redis": ("CKAN_REDIS_URL", "SHAOXING_REDIS_PORT"),
       "solr": ("CKAN_SOLR_URL", "SHAOXING_SOLR_PORT")}


def _services(command: str, name: str) -> None:
    # Without the CKAN_* URLs, which services.sh takes for servers it must leave alone.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    subprocess.run([str(ROOT / "devstack/services.sh"), command, name], env=env, check=True, capture_output=True,
                   timeout=120)


@contextlib.contextmanager
def stopped(name: str):
    """The service `name` (pg, redis or solr) stopped within the block, running again after it
    whatever the block did."""
    url, port = (os.environ.get(v, "") for v in OWN[name])
    if not port or f"127.0.0.1:{port}/" not in url:
        pytest.skip(f"{name} is not the project's own server here ({url or 'no URL'})")
    _services("stop-one", name)
    try:
        yield
    finally:
        _services("start-one", name)
