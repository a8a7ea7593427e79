"""A real HTTP server on a loopback address that answers links the way a test sets and records
every request it gets (path and headers): what a link's server would see of the portal."""
from __future__ import annotations

import contextlib
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class LinkServer:
    def __init__(self, host: str, tls: tuple[str, str] | None = None):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.seen: list[dict] = []
        self.server_names: list[str | None] = []        # TLS SNI the clients sent
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.seen.append({"path": self.path, "headers": dict(self.headers)})
                status, headers, body = server.routes.get(self.path.split("?")[0], (404, {}, b"not here"))
                self.send_response(status)
                for k, v in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.base = f"{'https' if tls else 'http'}://{host}:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: bytes, status: int = 200, **headers) -> str:
        self.routes[path] = (status, headers, body)
        return self.base + path

    def redirect(self, path: str, to: str) -> str:
        return self.serve(path, b"", 302, Location=to)


@contextlib.contextmanager
def link_server(host: str = "127.0.0.10", tls: tuple[str, str] | None = None) -> Iterator[LinkServer]:
    """Any 127/8 address answers on Linux: 127.0.0.10 is loopback without being 127.0.0.1.
    `tls`: (certificate file, key file) to serve HTTPS."""
    server = LinkServer(host, tls)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
