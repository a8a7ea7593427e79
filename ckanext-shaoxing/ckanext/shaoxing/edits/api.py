"""The door of the lost-update guard for other features (and the contest plugin): the refusal
they may catch, and the version of the portal's own records (a content digest)."""
from __future__ import annotations

from .conflicts import Conflict, refuse
from .versions import digest, from_etag

__all__ = ["Conflict", "refuse", "digest", "from_etag", "conflict_page"]


def conflict_page(kind: str, object_id: str, yours: dict):
    """The conflict page (409) for a form of another feature whose save was refused: the current
    version against `yours`, field by field, answered at /edits/<kind>/<id>/resolve."""
    from . import forms
    return forms.page(kind, object_id, yours)
