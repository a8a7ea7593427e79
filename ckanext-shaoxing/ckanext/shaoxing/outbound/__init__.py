"""The one way the portal fetches an address a user gave (DataStore loads of links, quality
link checks, xloader's own download): `open_url` for a streamed response, `download` to copy a
body into a file with size and time limits. Both raise `Failed` (or its `Refused`) with a
bilingual reason that never holds the address; a refusal is announced on the security signal
as `outbound.refused`. No credential is ever sent: callers cannot pass headers."""
from __future__ import annotations

import logging
import time
from typing import BinaryIO
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
import requests
import urllib3

from . import transport
from .errors import ADDRESS, REDIRECTS, SCHEME, Failed, Refused, refused

__all__ = ["Failed", "Refused", "open_url", "download"]
log = logging.getLogger(__name__)


def _announce(e: Refused, url: str, about: tuple[str, str] | None, purpose: str) -> None:
    try:
        tk.signals.ckanext.signal("shaoxing_security_event").send(
            "outbound.refused", actor=None, object_type=about[0] if about else None,
            object_id=about[1] if about else None, result="denied",
            detail={"reason": e.reason, "purpose": purpose, "host": urlsplit(url).hostname})
    except Exception:    # the recorder's failure must not turn a refusal into a crash
        log.exception("announcing an outbound refusal failed")


def open_url(url: str, *, timeout: float | None = None, about: tuple[str, str] | None = None,
             purpose: str = "fetch") -> requests.Response:
    """A streamed GET of `url` (close it: `with open_url(...) as r`). `about` (object type, id)
    and `purpose` go to the refusal's audit record. HTTP errors are not raised here."""
    try:
        parts = urlsplit(url or "")
        if parts.scheme.lower() not in ("http", "https"):
            raise refused(SCHEME)
        if not parts.hostname:
            raise refused(ADDRESS)
        s = transport.session(int(tk.config.get("ckanext.shaoxing.outbound.max_redirects")))
        if timeout is None:
            timeout = float(tk.config.get("ckanext.shaoxing.outbound.timeout"))
        try:
            return s.get(url, stream=True, timeout=timeout, allow_redirects=True,
                         verify=tk.config.get("ckanext.shaoxing.outbound.ca_bundle") or True)
        except requests.TooManyRedirects:
            raise refused(REDIRECTS)
        except requests.exceptions.InvalidSchema:        # a redirect to file:, ftp:, ...
            raise refused(SCHEME)
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, ValueError):
            raise refused(ADDRESS)
        except requests.exceptions.SSLError:
            raise Failed("HTTPS 证书校验失败", "the HTTPS certificate could not be verified")
        except requests.Timeout:
            raise Failed("连接或读取超时", "the server did not answer in time")
        except (requests.RequestException, OSError) as e:
            raise Failed(f"无法连接到该地址（{type(e).__name__}）", f"the address could not be reached ({type(e).__name__})")
        finally:
            s.close()      # the response keeps its own connection
    except Refused as e:
        _announce(e, url, about, purpose)
        raise


def download(url: str, target: BinaryIO, max_bytes: int, *, timeout: float | None = None,
             about: tuple[str, str] | None = None, purpose: str = "fetch") -> int:
    """Copy the body at `url` into `target`; returns its size. Refused over `max_bytes` or after
    ckanext.shaoxing.outbound.max_seconds (each wait for data is bounded by the timeout)."""
    deadline = time.monotonic() + float(tk.config.get("ckanext.shaoxing.outbound.max_seconds"))
    with open_url(url, timeout=timeout, about=about, purpose=purpose) as r:
        if r.status_code >= 400:
            raise Failed(f"服务器返回 HTTP {r.status_code}", f"the server answered HTTP {r.status_code}")
        size = 0
        try:
            while chunk := r.raw.read1(1 << 16, decode_content=False):
                size += len(chunk)
                if size > max_bytes:
                    raise Failed(f"文件超过 {max_bytes} 字节", f"the file is over {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise Failed("下载超时", "the download took too long")
                target.write(chunk)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as e:
            raise Failed(f"下载中断（{type(e).__name__}）", f"the download broke off ({type(e).__name__})")
    return size
