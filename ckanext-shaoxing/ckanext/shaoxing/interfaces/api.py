"""The interfaces feature's door: what other features may call."""
from __future__ import annotations

from . import catalog
from .q_total import answered as total_answered
from .q_total import asked as total_threshold_asked

__all__ = ["addresses", "total_answered", "total_threshold_asked"]


def addresses(kind: str, catalog_code: str, n: int) -> tuple[str, str]:
    """The n-th interface of that kind (open_api | shared_api) of an entry: its endpoint's path
    and its documentation page's path on this portal."""
    return catalog.path(kind, catalog_code, n), f"/interfaces/{catalog.PATHS[kind]}/{catalog_code}/{n}"
