"""Chinese `q` in the DataStore. PostgreSQL's text search has no Chinese word splitting: a cell
such as 柯桥区兴越路87号 is one token, so `q=柯桥` found nothing unless it was a whole cell. A
`q` holding Chinese (CJK) characters is therefore matched as substrings instead: every
whitespace-separated term must occur in the row (a string `q`: in any column; a `q` of
{column: terms}: in that column), case-insensitively — the catalogue search's rule for Chinese
text. Other queries keep the DataStore's full-text search and its ranking.

A term holding a Chinese character can only occur in a text column (numbers, dates and
booleans print without one), and, having no whitespace, within one column: it is matched
against the text columns joined by spaces (`text_of`), which a pg_trgm GIN index over that same
expression serves (`create_index`, built after the table answers) for terms of three
characters or more; shorter terms read the rows (no trigram to look up), but only the text
columns, uncast. Other terms of the same `q` keep the whole row's text."""
from __future__ import annotations

import logging
import re

import sqlalchemy as sa

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def _ident(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _terms_clause(expression: str | tuple, terms: list[str], prefix: str) -> tuple:
    """`expression`: the text to match, or (the row's text, its text columns' text or None)."""
    row, text = expression if isinstance(expression, tuple) else (expression, None)
    params = {f"{prefix}{i}": _like(t) for i, t in enumerate(terms)}
    return (" AND ".join(f"({text if text and CJK.search(t) else row}) ILIKE :{p}"
                         for p, t in zip(params, terms)), params)


def text_of(columns: list[str]) -> str | None:
    """The text columns of a row as one text, in an immutable expression an index may hold (not
    concat_ws: it is only stable); None without text columns."""
    return " || ' ' || ".join(f"coalesce({_ident(c)}, '')" for c in columns) or None


def row_text(fields_types: dict) -> str:
    """Every column of a row as one text (columns in order, joined by spaces): what the
    `_full_text` column holds under to_tsvector (xloader's rule) — filled by the loader after the
    table answers, and computed by `q` itself while it is not filled yet."""
    return " || ' ' || ".join(f"coalesce({_ident(c)}{'' if t == 'text' else '::text'}, '')"
                              for c, t in fields_types.items())


def _index_name(resource_id: str) -> str:
    return _ident(f"{resource_id}_shaoxing_q")


def create_index(engine, resource_id: str, fields: list[dict]) -> None:
    """The trigram index of the table's text (no text column: none). Needs the pg_trgm
    extension in the DataStore database (devstack creates it; docs/operator/configuration.md):
    without it `q` still answers, reading the rows."""
    text = text_of([f["id"] for f in fields if f["type"] == "text"])
    if text is None:
        return
    with engine.begin() as conn:
        if not conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar():
            log.warning("no pg_trgm in the DataStore database: Chinese q on %s reads every row", resource_id)
            return
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {_index_name(resource_id)} ON {_ident(resource_id)} "
                             f"USING gin (({text}) gin_trgm_ops)"))


def analyze(engine, resource_id: str) -> None:
    """The planner knows how many rows a term matches only from statistics of the index's
    expression, which an ANALYZE takes once the index exists: without them it guesses a few
    dozen rows for every term, reads all the rows a common term matches and sorts them for the
    first page (2 s in 200,000 rows, 0.5 ms with them), and q_total's estimate is that guess."""
    with engine.begin() as conn:
        conn.execute(sa.text(f"ANALYZE {_ident(resource_id)}"))


def rewrite(data_dict: dict, fields_types: dict, query_dict: dict) -> dict:
    """The DataStore's query with its full-text clauses for Chinese terms replaced by substring
    clauses (the IDatastore.datastore_search step; the DataStore's own step comes first); and,
    while the table's `_full_text` column is still being filled (its load's second phase), the
    other full-text clauses computing it from the row where it is not filled yet: the same rows
    as once it is, only slower."""
    _while_indexing(data_dict, fields_types, query_dict)
    q = data_dict.get("q")
    columns = [f for f in fields_types if not f.startswith("_") and not f.startswith("rank")]
    if isinstance(q, str):
        row = "concat_ws(' ', {})".format(", ".join(f"{_ident(c)}::text" for c in columns))
        wanted = {"query": ((row, text_of([c for c in columns if fields_types[c] == "text"])), q)}
    elif isinstance(q, dict):
        wanted = {f"query {f}": (f"{_ident(f)}::text", v) for f, v in q.items() if f in columns}
    else:
        return query_dict
    wanted = {alias: (expr, terms) for alias, (expr, terms) in wanted.items()
              if isinstance(terms, str) and CJK.search(terms) and columns}
    if wanted:
        # the full-text clauses of those queries end "@@ <their alias>"
        ours = tuple(f"@@ {_ident(alias)}" for alias in wanted)
        query_dict["where"] = [c for c in query_dict.get("where") or [] if not (len(c) == 1 and c[0].endswith(ours))]
        for n, (expr, terms) in enumerate(wanted.values()):
            query_dict["where"].append(_terms_clause(expr, terms.split(), f"shaoxing_q{n}_"))
    return query_dict


def _while_indexing(data_dict: dict, fields_types: dict, query_dict: dict) -> None:
    clauses = query_dict.get("where") or []
    if not any(len(c) == 1 and c[0].startswith("_full_text @@ ") for c in clauses):
        return
    from . import jobs  # (jobs builds the index with this module)
    if (((jobs.current(data_dict.get("resource_id") or "") or {}).get("value") or {}).get("index")
            != "indexing"):
        return
    # (the DataStore adds its ranks, "rank" and "rank <column>", to the table's columns)
    row = row_text({c: t for c, t in fields_types.items()
                    if not c.startswith("_") and c != "rank" and not c.startswith("rank ")})
    filled = f"coalesce(_full_text, to_tsvector({row})) @@ "
    query_dict["where"] = [(filled + c[0][len("_full_text @@ "):],) if len(c) == 1 and c[0].startswith("_full_text @@ ")
                           else c for c in clauses]
