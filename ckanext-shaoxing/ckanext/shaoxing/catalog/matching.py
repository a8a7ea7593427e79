"""Which resource of an entry each row of the 资源 sheet stands for, so that an update keeps
resource ids (and with them uploads, DataStore tables and usage counts).

A row is the resource whose own download address it gives (the export writes that address for
every uploaded file, under whatever host name the portal had then), else the first resource of
the entry with the same name, else a new resource. Resources no row stands for are removed.
"""
from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field

from ..files import api as files_api

_DOWNLOAD = re.compile(r"/dataset/[^/]+/resource/(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
                       r"/download(?:/[^/]*)?")


def own_download(url: str) -> str | None:
    """The resource id of a portal download address (`…/dataset/D/resource/R/download/F`),
    whatever the host; None for any other address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    m = re.search(_DOWNLOAD.pattern + "$", parts.path)
    return m.group("id") if m else None


def url_key(resource: dict) -> str:
    """What identifies a resource's content in a workbook: an upload's file name, a link's address."""
    url = resource.get("url") or ""
    return url.rsplit("/", 1)[-1] if resource.get("url_type") == "upload" else url


@dataclass
class Plan:
    rows: list[dict]                                      # the rows, each with the "id" it updates, if any
    removed: list[dict] = field(default_factory=list)     # current resources no row stands for
    to_link: list[dict] = field(default_factory=list)     # uploads whose row now gives a link

    @property
    def losses(self) -> list[dict]:
        return self.removed + self.to_link


def plan(rows: list[dict], current: list[dict]) -> Plan:
    """Matches workbook rows (links, or local files in `_file`) to the entry's `current`
    resources. A row's "url"/"url_type" become the current ones where it means the same content:
    its own download address, or a local file equal to the stored upload."""
    by_id = {r["id"]: r for r in current}
    claimed: set[str] = set()
    rows = [dict(r) for r in rows]
    for row in rows:                       # own download addresses first: they name their resource
        rid = own_download(row.get("url") or "") if "_file" not in row else None
        if rid in by_id and rid not in claimed:
            claimed.add(rid)
            _same_content(row, by_id[rid])
    result = Plan(rows)
    for row in rows:
        if "id" in row:
            continue
        old = next((r for r in current if r["id"] not in claimed and r.get("name") == row.get("name")), None)
        if old is None:
            continue
        claimed.add(old["id"])
        row["id"] = old["id"]
        if "_file" in row:
            if old.get("url_type") == "upload" and _stored_equal(old, row["_file"]):
                _same_content(row, old)
        elif old.get("url_type") == "upload":
            result.to_link.append(old)
    result.removed = [r for r in current if r["id"] not in claimed]
    return result


def _same_content(row: dict, old: dict) -> None:
    row.pop("_file", None)
    row.update(id=old["id"], url=url_key(old), url_type=old.get("url_type"))


def _stored_equal(old: dict, path) -> bool:
    # A stored file that is missing (or unreadable) is not the same: the row's file restores it.
    try:
        return files_api.same_content(old, path)
    except files_api.Unavailable:
        return False
