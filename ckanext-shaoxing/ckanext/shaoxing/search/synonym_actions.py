"""Actions of the synonym list (同义词表): list, add and remove a pair. A change applies to the
next query on every worker (search/synonyms.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic import validate

from . import schema
from . import synonyms as store

__all__ = ["shaoxing_synonym_list", "shaoxing_synonym_create", "shaoxing_synonym_delete"]


def _refused(e: store.BadPair):
    field, zh, en = e.args
    return tk.ValidationError({field: [f"{zh} / {en}"]})


@validate(schema.synonym_list)
@tk.side_effect_free
def shaoxing_synonym_list(context, data_dict):
    """Pairs whose terms hold `q` (all without it), `limit` (≤ 1000, default 100) from `offset`:
    {count, results: [{term, synonym, added_by, added_at}]}."""
    tk.check_access("shaoxing_synonym_list", context, data_dict)
    total, rows = store.page(data_dict.get("q") or "", int(data_dict.get("offset") or 0),
                             min(int(data_dict.get("limit") or 100), 1000))
    return {"count": total, "results": [{**r, "added_at": r["added_at"].isoformat()} for r in rows]}


@validate(schema.synonym_pair)
def shaoxing_synonym_create(context, data_dict):
    """Add `term` ↔ `synonym` (refused: empty, a term as its own synonym, a pair already there or
    implied through others, markup or control characters, more than 30 characters)."""
    tk.check_access("shaoxing_synonym_create", context, data_dict)
    try:
        term, other = store.add(data_dict.get("term"), data_dict.get("synonym"), context.get("user"))
    except store.BadPair as e:
        raise _refused(e) from e
    return {"term": term, "synonym": other}


@validate(schema.synonym_pair)
def shaoxing_synonym_delete(context, data_dict):
    """Remove the pair `term` ↔ `synonym` (either order)."""
    tk.check_access("shaoxing_synonym_delete", context, data_dict)
    try:
        gone = store.remove(data_dict.get("term"), data_dict.get("synonym"))
    except store.BadPair as e:
        raise _refused(e) from e
    if not gone:
        raise tk.ObjectNotFound("同义词对不存在 / no such pair")
    return {"deleted": True}
