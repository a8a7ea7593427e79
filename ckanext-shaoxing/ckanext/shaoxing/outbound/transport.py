"""A requests transport adapter that connects to the address policy.check returned for the
URL's host, on every request of a session and so on every redirect hop. The Host header and,
over https, SNI and certificate checking keep the host name. Hand-written (about 30 lines):
requests-hardened pins the address the same way but has no allowlist hook for a city intranet
and no own-portal rule; advocate has been unmaintained since 2020 (see docs/security/fetch.md)."""
from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter

from . import policy

DEFAULT_PORTS = {"http": 80, "https": 443}


class PinnedAdapter(HTTPAdapter):
    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        host, port, scheme = host_params["host"], host_params["port"], host_params["scheme"]
        if not host:
            raise requests.exceptions.InvalidURL("no host")
        ip = policy.check(host, port or DEFAULT_PORTS[scheme])
        shown = f"[{host}]" if ":" in host else host
        request.headers["Host"] = shown if port is None else f"{shown}:{port}"
        if scheme == "https":
            pool_kwargs["assert_hostname"] = host
            pool_kwargs["server_hostname"] = host
        host_params["host"] = f"[{ip}]" if ip.version == 6 else str(ip)
        return host_params, pool_kwargs

    def get_connection(self, url, proxies=None):   # requests' old entry point would skip the check
        raise NotImplementedError("use get_connection_with_tls_context")


def session(max_redirects: int) -> requests.Session:
    """A session that sends no credentials: no environment proxies or .netrc (trust_env), no
    cookies or headers of the portal's, only http and https, each hop checked."""
    s = requests.Session()
    s.trust_env = False
    s.max_redirects = max_redirects
    s.headers["Accept-Encoding"] = "identity"
    for prefix in list(s.adapters):
        s.adapters.pop(prefix).close()
    s.mount("http://", PinnedAdapter())
    s.mount("https://", PinnedAdapter())
    return s
