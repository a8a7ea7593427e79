"""The version an edit form carries (its hidden `if_match` field)."""
from __future__ import annotations

from . import versions

__all__ = ["shaoxing_edit_version"]


def shaoxing_edit_version(kind: str, data: dict | None) -> str:
    """The version the form was opened at: the one it already carries when shown again after a
    refused save, else the object's (nothing for a form that creates)."""
    data = data or {}
    if data.get("if_match"):
        return data["if_match"]
    if not data.get("id"):
        return ""
    if kind in ("dataset", "resource") and data.get("metadata_modified"):
        return data["metadata_modified"]
    return versions.current(kind, data["id"]) or ""
