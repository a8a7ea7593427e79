"""Which resource changes queue a load. xloader's own hook queues one when a resource's URL
changes; a new upload under the same file name keeps the URL and changes only `last_modified`,
which xloader misses, so that case is added here."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.model import DomainObjectOperation, Resource

from . import jobs, prepare


def resource_changed(entity, operation) -> None:
    if operation != DomainObjectOperation.changed or not isinstance(entity, Resource) or entity.state == "deleted":
        return
    if getattr(entity, "url_changed", False):       # xloader's hook queues it
        return
    if not sa.inspect(entity).attrs.last_modified.history.has_changes():
        return
    if entity.extras.get("interface_type", "file") == "file" and prepare.file_format(entity.format, entity.url):
        jobs.enqueue(entity.id, entity.metadata_modified)


def resource_deleting(resource_id: str) -> None:
    """A resource being deleted: a load running now keeps no table (jobs.resource_deleting)."""
    jobs.resource_deleting(resource_id)


def resource_deleted() -> None:
    jobs.resource_deleted()
