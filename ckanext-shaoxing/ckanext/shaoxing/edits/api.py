"""The door of the lost-update guard for other features (and the contest plugin): the refusal
they may catch, and the version of the portal's own records (a content digest)."""
from __future__ import annotations

from . import actions
from .conflicts import Conflict, refuse
from .versions import digest, from_etag

__all__ = ["Conflict", "refuse", "digest", "from_etag", "requested", "conflict_page"]


def requested(sent, action: str) -> str | None:
    """The version a save of another feature is conditioned on: its `if_match` parameter
    (`sent`), else the If-Match header when the call is `action` on the action API; None when
    there is no precondition (neither, or `*`)."""
    return actions.requested(sent, (action,))


def conflict_page(kind: str, object_id: str, yours: dict):
    """The conflict page (409) for a form of another feature whose save was refused: the current
    version against `yours`, field by field, answered at /edits/<kind>/<id>/resolve."""
    from . import forms
    return forms.page(kind, object_id, yours)
