"""The import report's problems for a page: grouped by the row they are in (a row missing three
files is one item, not three table rows), in the page's language, a page of rows at a time."""
from __future__ import annotations

import math

import ckan.plugins.toolkit as tk

from . import layout

ROWS_PER_PAGE = 50


def _zh() -> bool:
    return str(tk.h.lang() or "").startswith("zh")


def _where(sheet: str | None, row: int | None) -> str:
    sheet = sheet or layout.ENTRIES
    if row is None:
        return tk._("Sheet {sheet}").format(sheet=sheet)
    return tk._("Sheet {sheet}, row {row}").format(sheet=sheet, row=row)


def problem_rows(problems: list[dict], page: int) -> dict:
    """{"total", "rows" (count of rows with problems), "page", "pages", "items": [{"where",
    "problems": [{"column", "text"}]}]}, rows in the order their first problem was found."""
    zh = _zh()
    grouped: dict[tuple, list[dict]] = {}
    for p in problems:
        grouped.setdefault((p.get("sheet"), p.get("row")), []).append(
            {"column": p.get("column") or "", "text": p["zh"] if zh else p["en"]})
    pages = max(1, math.ceil(len(grouped) / ROWS_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = list(grouped.items())[(page - 1) * ROWS_PER_PAGE:page * ROWS_PER_PAGE]
    return {"total": len(problems), "rows": len(grouped), "page": page, "pages": pages,
            "items": [{"where": _where(*key), "problems": found} for key, found in shown]}
