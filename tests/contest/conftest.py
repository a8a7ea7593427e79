"""Contest fixtures: a contest on a fixed calendar far from today, and helpers to move the
server clock onto any point of it (freezegun), so no test depends on the date it runs."""
from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from freezegun import freeze_time
from werkzeug.datastructures import FileStorage

from ckanext.shaoxing.clock import TZ
from tests import factories

T0 = dt.datetime(2030, 3, 1, 9, 0, tzinfo=TZ)   # registration opens
DAY = dt.timedelta(days=1)
CALENDAR = {   # code: (opens, closes, judging closes)
    "registration": (T0, T0 + 10 * DAY, T0 + 10 * DAY),
    "preliminary": (T0 + 10 * DAY, T0 + 20 * DAY, T0 + 25 * DAY),
    "semifinal": (T0 + 25 * DAY, T0 + 35 * DAY, T0 + 40 * DAY),
    "final": (T0 + 40 * DAY, T0 + 45 * DAY, T0 + 50 * DAY),
}
MOMENTS = {
    "before": T0 - DAY, "registration": T0 + DAY, "preliminary": T0 + 12 * DAY,
    "preliminary_judging": T0 + 22 * DAY, "semifinal": T0 + 27 * DAY, "semifinal_judging": T0 + 37 * DAY,
    "final": T0 + 42 * DAY, "final_judging": T0 + 47 * DAY, "after": T0 + 51 * DAY,
}


def phases(calendar=CALENDAR) -> list[dict]:
    return [{"code": c, "opens": o.isoformat(), "closes": cl.isoformat(), "judging_closes": j.isoformat()}
            for c, (o, cl, j) in calendar.items()]


def at(moment: str):
    """The server clock at a named point of the calendar."""
    return freeze_time(MOMENTS[moment])


def call(action: str, user: str | None = None, /, **data):
    """An action as `user` (None: anonymous), authorization checked."""
    context = {"user": user or "", "ignore_auth": False}
    return helpers.call_action(action, context, **data)


def png(size: int = 0) -> bytes:
    """A valid PNG of 1×1, padded to `size` bytes with an ancillary chunk."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")))
    if size > len(data) + 12:
        data += chunk(b"tEXt", b"c" * (size - len(data) - 24))
    return data + chunk(b"IEND", b"")


def pdf(size: int = 0, javascript: str | None = None) -> bytes:
    """A readable one-page PDF (pypdf writes it), optionally running `javascript` when opened;
    padded to `size` bytes after its end (only for the size limit: the padding spoils it)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    if javascript:    # a document-level script: the catalogue's /Names → /JavaScript name tree
        action = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                      NameObject("/JS"): TextStringObject(javascript)}))
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("init"), action])})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    out = io.BytesIO()
    writer.write(out)
    body = out.getvalue()
    return body + b"%" * max(0, size - len(body))


def zip_bytes() -> bytes:
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "hello")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name, content_type=content_type)


@pytest.fixture
def world(worlds):
    """A contest admin, a contest on CALENDAR, two public datasets and people in every role; built
    once, restored for every test after."""
    return worlds("contest", _build)


def _build() -> dict:
    sysadmin = ckan_factories.Sysadmin()["name"]
    admin = ckan_factories.User(name="contest_admin")["name"]
    org = factories.department(name="sx-transport", title="市交通运输局")
    d1 = factories.entry(org, name="bus-lines", title="公交线路")
    d2 = factories.entry(org, name="parking", title="停车场")
    private = factories.entry(org, name="private-one", private=True)
    deleted = factories.entry(org, name="deleted-one")
    helpers.call_action("package_delete", {"user": sysadmin}, id=deleted["id"])
    c = call("contest_create", sysadmin, name="sx-2030", title="绍兴市第三届公共数据开放创新应用大赛", edition=3,
             phases=phases(), admins=[admin], rules="## 规则")
    users = {r: ckan_factories.User(name=r, email=f"{r}@example.com")["name"]
             for r in ("leader", "mate", "other", "judge", "judge_b", "conflicted", "outsider")}
    return {"contest": c, "sysadmin": sysadmin, "admin": admin, "datasets": [d1, d2], "private": private,
            "deleted": deleted, **users}

