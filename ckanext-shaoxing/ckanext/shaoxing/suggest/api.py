"""The suggestion feature's door: `hot_terms(limit, fallback)`, the 热门搜索 terms the home page
shows: the query log's most searched terms, filled up from `fallback` (the page's own list: all
of it on a fresh install), hidden terms left out; only `fallback` while the database does not
answer."""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from . import querylog

__all__ = ["hot_terms"]

log = logging.getLogger(__name__)


def hot_terms(limit: int, fallback: list[str] | tuple = ()) -> list[str]:
    try:
        hot = [t["query"] for t in tk.get_action("shaoxing_suggest_hot")({"user": ""}, {"limit": limit})["terms"]]
        hidden = {t["query"] for t in querylog.hidden()}
    except sa.exc.SQLAlchemyError as e:
        model.Session.rollback()
        log.warning("hot searches not read: %s", e)
        return list(fallback)[:limit]
    filled = hot + [q for q in fallback if q not in hot and querylog.normalise(q) not in hidden]
    return filled[:limit]
