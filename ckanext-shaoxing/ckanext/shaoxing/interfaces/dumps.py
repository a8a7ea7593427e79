"""A loaded table as people download it: files named after the resource, and the dumps for
reading (XLSX, and CSV with the data items' Chinese names as its header row).

CKAN's own dump (`/datastore/dump/<id>`: CSV, TSV, JSON, XML) stays the machine-readable one:
column ids as its header, PostgreSQL's text for every value. Only its file name changes here:
CKAN names it after the resource id, which tells a person nothing.

The dumps for reading page through `datastore_search` with the viewer's rights (the gate sees
each request as a dump of this resource) and never hold the table in memory."""
from __future__ import annotations

import csv
import io
import re
import tempfile
from typing import Any, Iterator
from urllib.parse import quote

import ckan.plugins.toolkit as tk
from flask import Response, request, send_file, stream_with_context

from ..spreadsheet import cells, csv_text

PAGE = 10000
CKAN_DUMP = "datastore.dump"
BOOLEANS = {True: "是", False: "否"}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')
# A resource named after its file ("stations.csv") gives "stations.xlsx", not "stations.csv.xlsx".
_DATA_SUFFIX = re.compile(r"\.(csv|tsv|txt|json|xml|xlsx?|et)$", re.IGNORECASE)


def attachment(resource_id: str, extension: str) -> str:
    """A Content-Disposition naming the file after the resource ("绍兴市应急避难场所.csv"): RFC 6266's
    `filename*` in UTF-8 for every browser today, and the resource id as the plain `filename`
    for clients that read only that. Characters no file system takes are dropped."""
    from ckan import model
    resource = model.Resource.get(resource_id)
    name = _DATA_SUFFIX.sub("", _UNSAFE.sub(" ", (resource.name or "") if resource else "").strip(" ."))
    name = name.strip(" .")[:150] or resource_id
    return f'attachment; filename="{resource_id}.{extension}"; filename*=UTF-8\'\'{quote(name)}.{extension}'


def register(app) -> None:
    @app.after_request
    def name_ckan_dump(response):
        if request.endpoint == CKAN_DUMP and response.status_code == 200:
            fmt = request.args.get("format", "csv").lower()
            response.headers["Content-Disposition"] = attachment(request.view_args["resource_id"], fmt)
        return response


def labelled(resource_id: str, fmt: str):
    """The table as `fmt` ("xlsx" or "csv"), its header row the data items' names."""
    context = {"user": tk.g.user, "shaoxing_uncounted": True}
    try:
        first = tk.get_action("datastore_search")(dict(context), {"resource_id": resource_id, "limit": PAGE,
                                                                  "sort": "_id"})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorised to read this table"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Table not found"))
    fields = [f for f in first["fields"] if f["id"] != "_id"]
    header = [((f.get("info") or {}).get("label") or "").strip() or f["id"] for f in fields]
    rows = _rows(context, resource_id, first, [f["id"] for f in fields])
    if fmt == "xlsx":
        return _xlsx(resource_id, header, rows)
    return _csv(resource_id, header, rows, [f["type"] for f in fields])


def _rows(context: dict, resource_id: str, result: dict, ids: list[str]) -> Iterator[list[Any]]:
    offset = 0
    while result["records"]:
        for record in result["records"]:
            yield [record.get(i) for i in ids]
        offset += PAGE
        if offset >= result.get("total", 0):
            return
        result = tk.get_action("datastore_search")(dict(context), {"resource_id": resource_id, "limit": PAGE,
                                                                   "offset": offset, "sort": "_id"})


def _xlsx(resource_id: str, header: list[str], rows: Iterator[list[Any]]):
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(cells(sheet, header))
    for row in rows:
        sheet.append(cells(sheet, row))
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    response = send_file(out, as_attachment=True, download_name=f"{resource_id}.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = attachment(resource_id, "xlsx")
    return response


def _csv(resource_id: str, header: list[str], rows: Iterator[list[Any]], types: list[str]):
    """UTF-8 with a byte order mark (Excel opens it as Chinese), 是/否 for booleans, and text a
    spreadsheet would run as a formula marked as text (`csv_text`; numbers are left alone: a
    negative number is not a formula)."""
    texts = [t in ("text", "varchar") for t in types]

    def field(value: Any, is_text: bool) -> Any:
        if isinstance(value, bool):
            return BOOLEANS[value]
        return csv_text(value) if is_text or isinstance(value, str) and not _numeric(value) else value

    def stream() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow([csv_text(h) for h in header])
        for n, row in enumerate(rows, start=1):
            writer.writerow([field(v, t) for v, t in zip(row, texts)])
            if n % 1000 == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    # Later pages are read after the view returns: the stream keeps the request (the viewer).
    return Response(stream_with_context(stream()), mimetype="text/csv",
                    headers={"Content-Disposition": attachment(resource_id, "csv")})


def _numeric(text: str) -> bool:
    # numeric columns arrive as strings from datastore_search (PostgreSQL numeric → JSON text)
    try:
        float(text)
        return True
    except ValueError:
        return False
