"""Export the published catalogue (public, active entries) in the workbook layout, streamed:
openpyxl's write-only mode and server-side cursors keep memory flat however large it is."""
from __future__ import annotations

import datetime as dt
import json
from typing import IO, Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .. import spreadsheet
from ..access import api as access_api
from ..schemas.api import public_dataset
from . import layout
from .codes import Codes

BATCH = 2000


def _stream(query) -> Iterator:
    return query.execution_options(yield_per=BATCH, stream_results=True)


def _date_cell(ws, value: str | None):
    if not value:
        return None
    cell = WriteOnlyCell(ws, value=dt.date.fromisoformat(value[:10]))
    cell.number_format = "yyyy-mm-dd"
    return cell


def write(out: IO[bytes] | str, hide_conditional_links: bool = False) -> int:
    """Write the workbook to a path or binary stream; returns the number of entries.
    `hide_conditional_links`: conditional entries' outside addresses as their gated download
    addresses (the public download; a sysadmin's or the CLI's export keeps them, so it can
    recreate the catalogue in an empty portal)."""
    codes = Codes()
    wb = Workbook(write_only=True)
    entries = wb.create_sheet(layout.ENTRIES)
    entries.append([c.header for c in layout.ENTRY_COLUMNS])
    count = 0
    query = model.Session.query(model.Package.id, model.Package.title, model.Package.notes,
                                model.Package.license_id, model.Package.extras, model.Group.title,
                                _tag_string()) \
        .outerjoin(model.Group, model.Group.id == model.Package.owner_org) \
        .filter(public_dataset(model.Package)).order_by(model.Package.extras["catalog_code"].astext)
    for pkg_id, title, notes, license_id, extras, org_title, tag_string in _stream(query):
        count += 1
        values = {**(extras or {}), "title": title, "notes": notes, "license_id": license_id,
                  "owner_org": org_title, "tag_string": tag_string}
        row = []
        for c in layout.ENTRY_COLUMNS:
            value = count if c.field is None else values.get(c.field)
            if c.kind == "date":
                value = _date_cell(entries, value)
            elif c.kind == "choice" and value:
                value = codes.label(c.field, value)
            elif c.kind == "int" and value not in (None, ""):
                value = int(value)
            row.append(value if value != "" else None)
        entries.append(spreadsheet.cells(entries, row))

    resources = wb.create_sheet(layout.RESOURCES)
    resources.append([c.header for c in layout.RESOURCE_COLUMNS])
    site = tk.config.get("ckan.site_url").rstrip("/")
    R = model.Resource
    query = model.Session.query(model.Package.extras["catalog_code"].astext, model.Package.id, R.id, R.name,
                                R.url, R.url_type, R.format, R.description, R.extras,
                                model.Package.extras["open_level"].astext) \
        .join(R, R.package_id == model.Package.id) \
        .filter(public_dataset(model.Package), model.Resource.state == "active") \
        .order_by(model.Package.extras["catalog_code"].astext, model.Resource.position)
    for code, pkg_id, res_id, name, url, url_type, fmt, description, extras, level in _stream(query):
        extras = extras or {}
        if url_type == "upload":   # a file in the portal: its public download address
            url = f"{site}/dataset/{pkg_id}/resource/{res_id}/download/{url.rsplit('/', 1)[-1]}"
        elif hide_conditional_links and access_api.gated({}, level) and access_api.is_outside({"url": url}, site):
            # A conditional entry's outside address is not public: its gated download address,
            # which an import matches back to the resource (keeping the stored address).
            url = access_api.download_address(pkg_id, res_id, site)
        resources.append(spreadsheet.cells(resources, [
            code, name, codes.label("interface_type", extras.get("interface_type") or "file"),
            fmt or None, url, _date_cell(resources, extras.get("issued")), description or None]))

    items = wb.create_sheet(layout.DATA_ITEMS)
    items.append([c.header for c in layout.DATA_ITEM_COLUMNS])
    query = model.Session.query(model.Package.extras["catalog_code"].astext, model.Package.extras["data_items"].astext) \
        .filter(public_dataset(model.Package), model.Package.extras.has_key("data_items")) \
        .order_by(model.Package.extras["catalog_code"].astext)
    for code, raw in _stream(query):
        for item in json.loads(raw or "[]"):
            items.append(spreadsheet.cells(items, [code, item.get("field_name"), item.get("field_label"),
                                                   codes.label("field_type", item.get("field_type")),
                                                   item.get("description") or None]))
    wb.save(out)
    return count


def _tag_string():
    """Keywords of each entry, joined in SQL so no map of all tags is held in memory."""
    return sa.select(sa.func.string_agg(model.Tag.name, sa.literal_column("',' ORDER BY tag.name"))) \
        .join(model.PackageTag, model.PackageTag.tag_id == model.Tag.id) \
        .where(model.PackageTag.package_id == model.Package.id, model.PackageTag.state == "active") \
        .correlate(model.Package).scalar_subquery()
