"""Validating many new datasets at once (the catalogue import's bulk path): their catalogue codes,
URL names and departments are looked up in one query each, up front, and the validators answer
from those lookups instead of querying once per row. Every row is still validated by the full
scheming schema. `for_many` is the one way in (schemas/api.py); the context key is this
module's own."""
from __future__ import annotations

import dataclasses

import ckan.model as model

from . import catalog_codes

_KEY = "shaoxing_prechecked"


@dataclasses.dataclass(frozen=True)
class Lookups:
    codes: dict[str, str]           # catalogue code in use → the dataset using it
    names: set[str]                 # URL names in use
    organizations: dict[str, str]   # department name or id → id

    @classmethod
    def fetch(cls, data_dicts: list[dict]) -> "Lookups":
        codes = [str(d.get("catalog_code") or "").strip() for d in data_dicts]
        names = [d.get("name") or catalog_codes.name_from_code(c) for d, c in zip(data_dicts, codes)]
        used_codes = catalog_codes.in_use(codes)
        used_names = model.Session.query(model.Package.name).filter(
            model.Package.name.in_(names), model.Package.state != "deleted")
        orgs = model.Session.query(model.Group.name, model.Group.id).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active")
        return cls(codes={code: name for code, (_, name) in used_codes.items()}, names={n for n, in used_names},
                   organizations={k: i for n, i in orgs for k in (n, i)})


def for_many(context: dict, data_dicts: list[dict]) -> dict:
    """A copy of `context` in which the catalogue schema validates the new datasets `data_dicts`
    with the lookups of all of them made once, now. For a sysadmin's bulk create: the department
    check then only asks that the department exists."""
    return {**context, _KEY: Lookups.fetch(data_dicts)}


def of(context: dict) -> Lookups | None:
    """The lookups `for_many` put in `context`; None for an ordinary validation."""
    return context.get(_KEY)
