"""Finding 12: rate limits per account, and the client's address behind trusted proxies.

Against the real gunicorn portal `limits_portal` (tests/conftest.py: 2 anonymous and 3
per-account calls a second; 127.0.0.1 and 10.0.0.0/8 are trusted proxies), reached from two
peers: `proxied` connects from 127.0.0.1, whose X-Forwarded-For it believes; `direct` from
127.0.0.2, a peer it trusts for nothing. The test process's own CKAN shares the portal's Redis:
with it, one account's calls go through two processes. The limiter's windows are clock seconds:
a burst is sent just after a second begins and sent again if it crossed into the next one."""
from __future__ import annotations

import time

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests import factories
from tests.conftest import LIMITS, PLUGINS
from tests.interfaces import conftest as interfaces
from tests.interfaces.conftest import token

# The in-process app (the second process) has the portal's limits.
pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              *(pytest.mark.ckan_config(k, v) for k, v in LIMITS.items() if k.startswith("ckanext.shaoxing.access.")),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


class _From(HTTPAdapter):
    """Connections from one local address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


@pytest.fixture(scope="module")
def portals(limits_portal):
    """The two peers' ways to the portal by name: a base URL and an HTTP session."""
    base = limits_portal.replace("localhost", "127.0.0.1")
    with requests.Session() as proxied, requests.Session() as direct:
        direct.mount("http://", _From("127.0.0.2"))
        yield {"proxied": (base, proxied), "direct": (base, direct)}


stations = interfaces.stations     # the transport department's entry, its table loaded


@pytest.fixture
def table(stations):
    """An unconditional entry's loaded DataStore table: its datastore_search path."""
    return f"/api/3/action/datastore_search?limit=1&resource_id={stations['table']['id']}"


def burst(calls) -> list[requests.Response]:
    """The calls, all within one clock second (the limiter's window)."""
    for _ in range(5):
        time.sleep(1.02 - time.time() % 1)
        second = int(time.time())
        answers = [call() for call in calls]
        if int(time.time()) == second:
            return answers
    pytest.fail("no burst fitted in one second: the machine is too busy")


def codes(answers) -> list[int]:
    return [r.status_code for r in answers]


def get(peer: tuple[str, requests.Session], path: str, forwarded_for: str | None = None, headers: dict | None = None):
    base, http = peer
    extra = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return lambda: http.get(base + path, headers={**extra, **(headers or {})}, timeout=60)


def in_process(app, path: str, headers: dict):
    return lambda: app.get(path, headers=headers)


def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(portals, table):
    # Every spoofed address lands in the peer's own bucket: the limit still trips.
    spoofed = ["198.51.100.1", "198.51.100.2", "198.51.100.3, 198.51.100.4"]
    assert codes(burst([get(portals["direct"], table, xff) for xff in spoofed])) == [200, 200, 429]


def test_a_trusted_proxys_forwarded_for_is_honoured(portals, table):
    proxied = portals["proxied"]
    # Behind the proxy each client has its own bucket (before: all shared the proxy's).
    answers = burst([get(proxied, table, "203.0.113.7"), get(proxied, table, "203.0.113.7"),
                     get(proxied, table, "203.0.113.8"), get(proxied, table, "203.0.113.9"),
                     get(proxied, table, "203.0.113.7")])
    assert codes(answers) == [200, 200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"] == "1"
    # The chain is walked from the right through trusted proxies (127.0.0.1, 10.0.0.0/8) to the first
    # untrusted hop: what the client wrote left of it (a spoofed address) changes nothing.
    chains = ["6.6.6.6, 203.0.113.20, 10.0.0.5", "7.7.7.7, 203.0.113.20", "203.0.113.20, 10.1.1.1, 10.2.2.2"]
    assert codes(burst([get(proxied, table, xff) for xff in chains])) == [200, 200, 429]


def test_the_per_account_limit_is_shared_by_every_process(portals, table, app):
    reader, other, sysadmin = (token(factories.user_in_role(role)) for role in ("user", "user", "sysadmin"))
    # Four calls of one account alternate between this process and a portal worker: the fourth is refused.
    answers = burst([in_process(app, table, reader), get(portals["proxied"], table, headers=reader)] * 2)
    assert codes(answers) == [200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"] == "1"
    error = answers[-1].json()["error"]
    assert error["__type"] == "Too Many Requests" and "频繁" in error["message_zh"] and "too many" in error["message_en"]
    # The limit is the account's: another account, and the same one a second later, are served.
    assert codes(burst([get(portals["direct"], table, headers=reader),
                        get(portals["proxied"], table, headers=other)])) == [200, 200]
    # Sysadmins pass the gate before any limit.
    assert codes(burst([get(portals[p], table, headers=sysadmin) for p in ("proxied", "direct") * 3])) == [200] * 6


def test_the_entrys_department_is_not_limited_and_anonymous_keeps_its_own(portals, table, stations):
    path = table
    editor = token(factories.user_in_role("editor", stations["organization"]))
    assert codes(burst([get(portals[p], path, headers=editor) for p in ("proxied", "direct") * 3])) == [200] * 6
    assert codes(burst([get(portals["direct"], path) for _ in range(3)])) == [200, 200, 429]
