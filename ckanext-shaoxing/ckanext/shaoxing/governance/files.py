"""A resource's file for checking: an upload read through the storage door, a link fetched
into a temporary file with a byte limit and a timeout; and whether each resource answers."""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from typing import Iterator

from .. import outbound
from ..files import api as files_api
from ..params import message


class Unavailable(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(message(zh, en))
        self.zh, self.en = zh, en


def _too_big(size: int, limit: int) -> Unavailable:
    return Unavailable(f"文件有 {size} 字节，超过检查上限 {limit} 字节",
                       f"the file has {size} bytes, over the check's limit of {limit}")


@contextlib.contextmanager
def local_copy(resource: dict, suffix: str, max_bytes: int, timeout: float) -> Iterator[str]:
    """The path of the resource's file on this machine while the block runs."""
    if resource.get("url_type") == "upload":
        with contextlib.ExitStack() as stack:
            try:
                size = files_api.resource_size(resource)
                if size > max_bytes:
                    raise _too_big(size, max_bytes)
                path = stack.enter_context(files_api.resource_file(resource, suffix))   # openpyxl goes by the suffix
            except files_api.Missing:
                raise Unavailable("上传的文件不存在", "the uploaded file is missing")
            except files_api.Unavailable as e:
                raise Unavailable(e.zh, e.en)
            yield path
        return
    with tempfile.TemporaryDirectory(prefix="shaoxing-quality-") as tmp:
        path = os.path.join(tmp, "file" + suffix)        # openpyxl needs the suffix
        try:
            with open(path, "wb") as f:
                outbound.download(resource.get("url") or "", f, max_bytes, timeout=timeout,
                                  about=("resource", resource.get("id")), purpose="quality_check")
        except outbound.Failed as e:     # its texts never hold the address
            raise Unavailable(f"无法下载文件：{e.zh}", f"cannot download the file: {e.en}")
        yield path


def digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def probe(resource: dict, timeout: float) -> dict:
    """Whether the resource answers: an upload exists; a link answers below 400 within `timeout`.
    Interfaces are answered by this portal from the DataStore (interfaces/), so the dataset's
    table being loaded is what counts, not the gateway address in the catalogue."""
    name = resource.get("name") or resource.get("id")
    if resource.get("interface_type", "file") != "file":
        return {"name": name, "ok": True}
    if resource.get("url_type") == "upload":
        try:
            ok = files_api.resource_exists(resource)
        except files_api.Unavailable:
            ok = False
        return {"name": name, "ok": ok, "zh": "上传的文件不存在", "en": "the uploaded file is missing"}
    try:
        with outbound.open_url(resource.get("url") or "", timeout=timeout, about=("resource", resource.get("id")),
                               purpose="link_check") as r:
            if r.status_code < 400:
                return {"name": name, "ok": True}
            return {"name": name, "ok": False, "zh": f"返回 HTTP {r.status_code}", "en": f"answered HTTP {r.status_code}"}
    except outbound.Refused as e:
        return {"name": name, "ok": False, "zh": e.zh, "en": e.en}
    except outbound.Failed as e:
        return {"name": name, "ok": False, "zh": f"无应答：{e.zh}", "en": f"no answer: {e.en}"}
