"""What re-runs a check. (The quarantine is enforced by the data gate, access/gate.py.)"""
from __future__ import annotations

from . import jobs


def resource_changed(context, resource) -> None:
    """After a resource is created or updated: check its dataset again (in the worker)."""
    package_id = resource.get("package_id") if isinstance(resource, dict) else None
    if package_id:
        jobs.enqueue(package_id)

