"""Which catalogue codes are taken, and the URL name a code makes. One predicate, the partial unique index's (migration
7c1a2e5d9b01), so that every lookup (the validator, the bulk path, the importer) can use it."""
from __future__ import annotations

import re
from typing import Iterable

import ckan.model as model


def in_use(codes: Iterable[str], except_id: str | None = None) -> dict[str, tuple[str, str]]:
    """{catalogue code: (dataset id, dataset name)} of the codes that a dataset other than
    `except_id` holds."""
    code = model.Package.extras["catalog_code"].astext
    query = model.Session.query(code, model.Package.id, model.Package.name).filter(
        code.in_(list(codes)), model.Package.state != "deleted", model.Package.extras.has_key("catalog_code"))
    if except_id is not None:
        query = query.filter(model.Package.id != except_id)
    return {c: (package_id, name) for c, package_id, name in query}


def name_from_code(code: str) -> str:
    """The URL name made from a catalogue code (titles are Chinese: no slug there)."""
    return re.sub(r"[^a-z0-9_-]+", "-", code.strip().lower()).strip("-")[:100]
