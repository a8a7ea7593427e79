"""nginx in front of a portal (devstack/nginx/nginx.conf.template): `make serve-prod` and the tests
of the production layout. A self-signed certificate for localhost is made once under
.devstack/tls/ (an operator puts their own there, or points the template at it)."""
from __future__ import annotations

import contextlib
import pathlib
import shutil
import subprocess
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TLS = ROOT / ".devstack/tls"


def certificate(folder: pathlib.Path = TLS) -> pathlib.Path:
    """The self-signed certificate for localhost and 127.0.0.1 (made if missing): its path."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    if not cert.exists() or not key.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "825",
                        "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True)
        key.chmod(0o600)
    return cert


def render(run: pathlib.Path, *, https_port: int, http_port: int, upstream_port: int | list[int], max_body_mb: int,
           webassets: pathlib.Path, logs: pathlib.Path = ROOT / ".devstack/logs") -> pathlib.Path:
    """The configuration for one nginx, written into `run` (its pid, temp folders, access log):
    its path. `upstream_port`: the port of the portal, or of each web node."""
    import ckan
    run.mkdir(parents=True, exist_ok=True)
    certificate()
    ports = upstream_port if isinstance(upstream_port, list) else [upstream_port]
    upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)
    values = {"RUN": run, "LOGS": logs, "TLS": TLS, "HTTPS_PORT": https_port, "HTTP_PORT": http_port,
              "UPSTREAMS": upstreams, "ACCESS_LOG": run / "access.log", "MAX_BODY": f"{max_body_mb}m",
              "WEBASSETS": webassets,
              "CKAN_PUBLIC": pathlib.Path(ckan.__file__).parent / "public",
              "PORTAL_PUBLIC": ROOT / "ckanext-shaoxing/ckanext/shaoxing/public"}
    text = (ROOT / "devstack/nginx/nginx.conf.template").read_text("utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    conf = run / "nginx.conf"
    conf.write_text(text, "utf-8")
    subprocess.run([NGINX, "-t", "-q", "-c", str(conf), "-p", str(run)], check=True, capture_output=True)
    return conf


def start(conf: pathlib.Path) -> None:
    subprocess.run([NGINX, "-c", str(conf), "-p", str(conf.parent)], check=True, capture_output=True)


def stop(conf: pathlib.Path) -> None:
    if (conf.parent / "nginx.pid").exists():
        subprocess.run([NGINX, "-s", "quit", "-c", str(conf), "-p", str(conf.parent)], capture_output=True)


@contextlib.contextmanager
def nginx(run: pathlib.Path, **values):
    """nginx with `render(run, **values)`, until the context ends: yields the https base URL."""
    conf = render(run, **values)
    start(conf)
    base = f"https://localhost:{values['https_port']}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/healthz", verify=str(TLS / "cert.pem"), timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        stop(conf)
