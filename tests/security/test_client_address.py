"""Finding 12: the client's address behind declared proxies, walked from the right of
X-Forwarded-For to the first hop that is not a trusted proxy (the portal-level behaviour is in
test_rate_limits.py)."""
from __future__ import annotations

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Response

from ckanext.shaoxing.client_address import PEER_KEY, TrustedProxies, client, networks

TRUSTED = networks("127.0.0.1 10.0.0.0/8 fd00::/8")


@pytest.mark.parametrize("peer, xff, expected", [
    ("127.0.0.1", None, "127.0.0.1"),                                   # no header: the peer
    ("192.0.2.1", "203.0.113.7", "192.0.2.1"),                          # untrusted peer: header ignored
    ("127.0.0.1", "203.0.113.7", "203.0.113.7"),                        # one trusted proxy
    ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),               # a spoofed hop left of the client
    ("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.5", "203.0.113.7"),     # two proxies
    ("127.0.0.1", "10.0.0.9, 10.0.0.5", "10.0.0.9"),                    # proxies all the way: the leftmost
    ("127.0.0.1", "203.0.113.7, not-an-address", "127.0.0.1"),          # garbage: nothing left of it believed
    ("127.0.0.1", "6.6.6.6, garbage, 10.0.0.5", "10.0.0.5"),
    ("127.0.0.1", "203.0.113.7:4711", "203.0.113.7"),                   # with a port
    ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
    ("fd00::2", "2001:db8::1, fd00::1", "2001:db8::1"),                # IPv6 proxies
    ("127.0.0.1", "::ffff:10.0.0.3, 203.0.113.7", "203.0.113.7"),       # a mapped address is its IPv4
    ("127.0.0.1", "203.0.113.7, ::ffff:10.0.0.3", "203.0.113.7"),
])
def test_client_address(peer, xff, expected):
    assert client(peer, xff, TRUSTED) == expected


def test_no_declared_proxy_believes_no_header():
    assert client("127.0.0.1", "203.0.113.7", networks("")) == "127.0.0.1"
    assert client("127.0.0.1", "203.0.113.7", networks(None)) == "127.0.0.1"


def test_host_names_are_resolved_and_unknown_ones_trust_nothing():
    assert client("127.0.0.1", "203.0.113.7", networks(["localhost"])) == "203.0.113.7"
    assert networks(["no-such-host.invalid"]) == []


def test_the_middleware_sets_remote_addr_for_everything_behind_it():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return Response("ok")(environ, start_response)

    c = Client(TrustedProxies(app, TRUSTED))
    c.get("/", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert seen["REMOTE_ADDR"] == "203.0.113.7" and seen[PEER_KEY] == "127.0.0.1"
    seen.clear()
    c.get("/", headers={"X-Forwarded-For": "203.0.113.7"}, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert seen["REMOTE_ADDR"] == "192.0.2.1" and PEER_KEY not in seen
