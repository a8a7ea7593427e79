"""Which addresses the portal may fetch on a user's behalf. The host is resolved once here and
the connection is then made to the address returned (transport.py), so a name cannot answer
differently between the check and the connection (DNS rebinding).

Refused: this portal itself (ckan.site_url's host in any spelling, or its address on its port or
80/443), whatever the allowlist says; then every address that is not globally routable
(loopback, private, link-local, multicast, reserved, unspecified, CGNAT, IPv4-mapped, NAT64,
6to4, Teredo, ...) unless `ckanext.shaoxing.outbound.allow` names its host or a network holding it."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

from .errors import INTERNAL, OWN_PORTAL, refused

IP = ipaddress.IPv4Address | ipaddress.IPv6Address

# Special ranges Python's is_global does not mark on every 3.11 patch level, and IPv6 ranges
# that carry or reach an IPv4 address (translated, tunnelled): refused whole.
SPECIAL = tuple(ipaddress.ip_network(n) for n in (
    "100.64.0.0/10", "192.0.0.0/24", "192.88.99.0/24", "198.18.0.0/15",
    "64:ff9b::/96", "64:ff9b:1::/48", "2001::/32", "2001:20::/28", "2002::/16", "5f00::/16", "3fff::/20",
    "fec0::/10"))


def plain(ip: IP) -> IP:
    """The IPv4 address an IPv4-mapped IPv6 address stands for (::ffff:127.0.0.1 is 127.0.0.1)."""
    return ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip


def internal(ip: IP) -> bool:
    ip = plain(ip)
    return (not ip.is_global or ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or any(ip in net for net in SPECIAL))


def host_name(host: str) -> str:
    """One spelling of a host name: lower case, no trailing dot, IDNA."""
    host = host.strip().rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def allowlist() -> tuple[set[str], list]:
    """(host names, networks) of ckanext.shaoxing.outbound.allow."""
    names, nets = set(), []
    for entry in tk.aslist(tk.config.get("ckanext.shaoxing.outbound.allow")):
        try:
            nets.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(host_name(entry))
    return names, nets


def resolve(host: str, port: int) -> list[IP]:
    """Every address of `host` (a name or an IP in any spelling getaddrinfo takes: 127.1, 2130706433, ...)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise OSError("name not resolved") from e
    return [plain(ipaddress.ip_address(info[4][0].split("%")[0])) for info in infos]


def _portal() -> tuple[set[str], set[tuple[IP, int]]]:
    """This portal's host names and (address, port) pairs: ckan.site_url and xloader's site_url."""
    names, places = set(), set()
    for url in (tk.config.get("ckan.site_url"), tk.config.get("ckanext.xloader.site_url")):
        parts = urlsplit(url or "")
        if not parts.hostname:
            continue
        names.add(host_name(parts.hostname))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = resolve(host_name(parts.hostname), port)
        except OSError:
            continue
        places.update((ip, p) for ip in addresses for p in {port, 80, 443})
    return names, places


def check(host: str, port: int) -> IP:
    """The address to connect to for host:port, or Refused. Resolves once."""
    name = host_name(host)
    own_names, own_places = _portal()
    if name in own_names:
        raise refused(OWN_PORTAL)
    addresses = resolve(name or host, port)
    if not addresses:
        raise OSError("name not resolved")
    if any((ip, port) in own_places for ip in addresses):
        raise refused(OWN_PORTAL)
    allowed_names, allowed_nets = allowlist()
    if name not in allowed_names:
        for ip in addresses:
            if internal(ip) and not any(ip in net for net in allowed_nets):
                raise refused(INTERNAL)
    return addresses[0]
