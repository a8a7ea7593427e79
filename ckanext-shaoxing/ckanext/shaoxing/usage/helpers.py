"""Usage shown on dataset and resource pages."""
from __future__ import annotations

from . import totals

__all__ = ["shaoxing_usage"]


def shaoxing_usage(package_id: str | None = None, resource_id: str | None = None) -> dict:
    return totals.usage(package_id=package_id, resource_id=resource_id)
