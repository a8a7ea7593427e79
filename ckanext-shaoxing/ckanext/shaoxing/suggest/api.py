"""The suggestion feature's door: `hot_terms()`, the 热门搜索 terms the home page shows (an empty
list on a fresh install, or while the database does not answer: the page keeps its own list)."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

__all__ = ["hot_terms"]

log = logging.getLogger(__name__)


def hot_terms(limit: int = 6) -> list[str]:
    try:
        result = tk.get_action("shaoxing_suggest_hot")({"user": ""}, {"limit": limit})
    except sa.exc.SQLAlchemyError as e:
        log.warning("hot searches not read: %s", e)
        return []
    return [t["query"] for t in result["terms"]]
