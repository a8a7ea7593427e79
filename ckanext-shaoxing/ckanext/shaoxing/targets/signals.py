"""Receivers for the changes that reach the targets' figures without the dataset hooks: the
catalogue import (after its commit, with the ids it wrote: whatever path it saved them by), the
core actions of plugin.UNHOOKED_CHANGES (after their commit) and a quality check's stored result
(governance_api.CHECKED: whether the dataset passes)."""
from __future__ import annotations

import ckan.model as model

from . import cache, figures


def datasets_changed(sender, package_ids=(), **kwargs) -> None:
    """The catalogue import's and the quality check's signals, after their commit."""
    figures.refresh(package_ids)
    model.Session.commit()
    cache.changed()


def unhooked_change(sender, context=None, data_dict=None, **kwargs) -> None:
    data = data_dict or {}
    if sender in ("dataset_purge", "organization_purge"):
        figures.forget_purged()
    else:
        figures.refresh([data.get("id"), *(data.get("datasets") or [])])
    # Called inside another action (package_update moves the owner with defer_commit), the
    # caller's transaction holds the change and commits it; alone, the action has committed.
    if not (context or {}).get("defer_commit"):
        model.Session.commit()
    cache.changed()
