"""Chinese `q` in the DataStore. PostgreSQL's text search has no Chinese word splitting: a cell
such as 柯桥区兴越路87号 is one token, so `q=柯桥` found nothing unless it was a whole cell. A
`q` holding Chinese (CJK) characters is therefore matched as substrings instead: every
whitespace-separated term must occur in the row (a string `q`: in any column; a `q` of
{column: terms}: in that column), case-insensitively — the catalogue search's rule for Chinese
text. Other queries keep the DataStore's full-text search and its ranking."""
from __future__ import annotations

import re

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def _ident(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _terms_clause(expression: str, terms: list[str], prefix: str) -> tuple:
    params = {f"{prefix}{i}": _like(t) for i, t in enumerate(terms)}
    return (" AND ".join(f"{expression} ILIKE :{p}" for p in params), params)


def rewrite(data_dict: dict, fields_types: dict, query_dict: dict) -> dict:
    """The DataStore's query with its full-text clauses for Chinese terms replaced by substring
    clauses (the IDatastore.datastore_search step; the DataStore's own step comes first)."""
    q = data_dict.get("q")
    columns = [f for f in fields_types if not f.startswith("_") and not f.startswith("rank")]
    if isinstance(q, str):
        wanted = {"query": ("concat_ws(' ', {})".format(", ".join(f"{_ident(c)}::text" for c in columns)), q)}
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
