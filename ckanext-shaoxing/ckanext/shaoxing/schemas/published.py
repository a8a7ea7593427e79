"""What "published" means for a catalogue entry, as one SQLAlchemy predicate shared by every
query that counts or exports public entries: an active, public dataset (not a draft, not deleted,
not private, not another package type)."""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def public_dataset(package=None):
    """The predicate over `package`: the package table (default), an alias of it, or the mapped
    class model.Package (ORM queries)."""
    cols = model.package_table.c if package is None else getattr(package, "c", package)
    return sa.and_(cols.state == "active", cols.private.is_(False), cols.type == "dataset")


def as_sql(predicate) -> str:
    """The predicate as PostgreSQL text with its constants inlined, for hand-written SQL."""
    return str(predicate.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
