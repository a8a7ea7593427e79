"""The production layout's pieces for the ops tests: the company-access world (for the drill and
the data through nginx), an ini for portals behind nginx, free ports."""
from __future__ import annotations

import pathlib
import socket

import requests

from tests.access.conftest import world  # noqa: F401  (a conditional entry with a table, a grant)
from tests.conftest import ROOT

EDGE = {"ckanext.shaoxing.trusted_proxies": "127.0.0.1", "ckanext.shaoxing.files.max_resource_size": str(2 ** 20)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def edge_ini(folder: pathlib.Path) -> pathlib.Path:
    """test.ini for portals behind nginx: nginx's X-Forwarded-For trusted, a 1 MB upload limit."""
    ini = folder / "edge.ini"
    text = (ROOT / "test.ini").read_text(encoding="utf-8").replace("%(here)s", str(ROOT))
    text = "".join(line for line in text.splitlines(keepends=True) if line.split("=")[0].strip() not in EDGE)
    ini.write_text(text.replace("[app:main]\n", "[app:main]\n" + "".join(f"{k} = {v}\n" for k, v in EDGE.items()), 1),
                   encoding="utf-8")
    return ini


def https_session() -> requests.Session:
    from devstack.nginx import TLS
    session = requests.Session()
    session.verify = str(TLS / "cert.pem")
    session.trust_env = False       # or requests takes REQUESTS_CA_BUNDLE over `verify`
    return session
