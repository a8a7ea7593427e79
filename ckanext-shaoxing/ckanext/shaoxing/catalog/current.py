"""What the portal holds of the entries a workbook names, read in a few set-based queries (not
one package_show each): just the catalogue content the importer compares rows with."""
from __future__ import annotations

import json

import ckan.model as model
import sqlalchemy as sa

BATCH = 2000


def load(package_ids: list[str]) -> dict[str, dict]:
    """{dataset id: {the workbook's fields, "owner_org": department name, "tags": [...], "metadata_modified",
    "data_items": [...], "resources": [{"id", "url", "url_type", workbook fields}, ...]}}."""
    found: dict[str, dict] = {}
    P, R, G = model.Package, model.Resource, model.Group
    for start in range(0, len(package_ids), BATCH):
        ids = package_ids[start:start + BATCH]
        query = model.Session.query(P.id, P.name, P.title, P.notes, P.license_id, P.extras, G.name, _tags(),
                                    P.metadata_modified) \
            .outerjoin(G, G.id == P.owner_org).filter(P.id.in_(ids))
        for package_id, name, title, notes, license_id, extras, org, tags, modified in query:
            extras = dict(extras or {})
            found[package_id] = {
                **extras, "id": package_id, "name": name, "title": title, "notes": notes,
                "license_id": license_id, "owner_org": org, "tags": sorted(tags or []),
                "data_items": json.loads(extras.get("data_items") or "[]"), "resources": [],
                # the version a save of the entry by the import is conditional on (importer.py)
                "metadata_modified": modified.isoformat() if modified else None}
        query = model.Session.query(R.package_id, R.id, R.name, R.url, R.url_type, R.format, R.description,
                                    R.extras) \
            .filter(R.package_id.in_(ids), R.state == "active").order_by(R.package_id, R.position)
        for package_id, res_id, name, url, url_type, fmt, description, extras in query:
            found[package_id]["resources"].append({
                **(extras or {}), "id": res_id, "name": name, "url": url, "url_type": url_type,
                "format": fmt, "description": description})
    return found


def _tags():
    return sa.select(sa.func.array_agg(model.Tag.name)) \
        .join(model.PackageTag, model.PackageTag.tag_id == model.Tag.id) \
        .where(model.PackageTag.package_id == model.Package.id, model.PackageTag.state == "active",
               model.Tag.vocabulary_id.is_(None)) \
        .correlate(model.Package).scalar_subquery()
