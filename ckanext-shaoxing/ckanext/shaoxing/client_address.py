"""The client's address behind reverse proxies, decided once for the whole portal.

A WSGI middleware sets `REMOTE_ADDR` to the client's address, so the rate limits, the security
audit trail and CKAN itself all see the same one. `X-Forwarded-For` is believed only when the
immediate peer is one of `ckanext.shaoxing.trusted_proxies` (hosts or CIDRs, none by default):
the chain is walked from the right, each hop a trusted proxy added, and the first hop that is not
a trusted proxy is the client. Anything a client wrote further left is ignored. werkzeug's
ProxyFix trusts a number of hops, not addresses, so it does not fit; the walk is hand-written on
the standard library's `ipaddress`."""
from __future__ import annotations

import ipaddress
import logging
import socket

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
PEER_KEY = "shaoxing.proxy_peer"     # the immediate peer's address, when a proxy's header was used


def networks(entries: list[str] | str | None) -> list[Network]:
    """The declared proxies as networks: a CIDR, an address, or a host name (resolved now)."""
    if isinstance(entries, str):
        entries = entries.split()
    found: list[Network] = []
    for entry in entries or []:
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
            continue
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(entry, None, proto=socket.IPPROTO_TCP)
        except OSError as e:
            log.warning("trusted proxy %r does not resolve and is not trusted: %s", entry, e)
            continue
        found.extend(ipaddress.ip_network(info[4][0]) for info in infos)
    return found


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("["):                    # [v6]:port
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:                  # v4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client(peer: str | None, forwarded_for: str | None, trusted: list[Network]) -> str | None:
    """The client's address given the immediate peer and the X-Forwarded-For header(s)."""
    def is_trusted(address) -> bool:
        return address is not None and any(address in net for net in trusted)

    current = _address(peer or "")
    if not trusted or not forwarded_for or not is_trusted(current):
        return peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break                               # garbage: nothing left of it can be believed
        current = address
        if not is_trusted(address):
            break
    return str(current)


class TrustedProxies:
    """WSGI middleware: REMOTE_ADDR becomes the client's address (see `client`)."""

    def __init__(self, app, trusted: list[Network]):
        self.app, self.trusted = app, trusted

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR")
        address = client(peer, environ.get("HTTP_X_FORWARDED_FOR"), self.trusted)
        if address != peer:
            environ[PEER_KEY] = peer
            environ["REMOTE_ADDR"] = address
        return self.app(environ, start_response)


def register(app, config) -> None:
    """Wrap the Flask app's WSGI callable, so every hook and view sees the client's address."""
    trusted = networks(config.get("ckanext.shaoxing.trusted_proxies"))
    if trusted:
        app.wsgi_app = TrustedProxies(app.wsgi_app, trusted)
