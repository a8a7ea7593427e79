"""Formula-safe spreadsheet cells: the one rule every workbook and CSV the portal writes follows.

Text typed by users (titles, abstracts, department names, entry titles) may begin with `=`, `+`,
`-`, `@`, a tab or a carriage return. openpyxl turns a string beginning with `=` into a formula,
and a spreadsheet program may evaluate the others. An XLSX cell typed as a string is never
evaluated, so workbooks keep the text exactly as typed (and the catalogue import reads it back
unchanged). CSV has no cell types: see `csv_text`.

Public API (both plugins): `cells(sheet, values)` for a row, `text_cell(sheet, value)` for one cell,
`csv_text(value)` for a CSV field read by people."""
from __future__ import annotations

from typing import Any, Iterable

from openpyxl.cell import WriteOnlyCell

__all__ = ["cells", "text_cell", "csv_text", "FORMULA_STARTS"]

# What spreadsheet programs read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet, value: Any):
    """`value` ready for `sheet.append`: a string as an explicit text cell (type "s", shown with
    the text number format "@" so editing it in Excel keeps it text); anything else unchanged
    (numbers, dates and prepared cells keep their types)."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"   # after the value: openpyxl's value setter makes "=..." a formula
    cell.number_format = "@"
    return cell


def cells(sheet, values: Iterable[Any]) -> list:
    """A row for `sheet.append` in which no string can become a formula."""
    return [text_cell(sheet, v) for v in values]


def csv_text(value: Any) -> str:
    """A CSV field for people (opened in a spreadsheet program): text that a spreadsheet would
    read as a formula gets a leading apostrophe (OWASP's rule), which the program shows as text.
    Lossy by design, so only for CSV exports meant for reading; data dumps for programs and
    every XLSX keep the exact text (XLSX through `cells`)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
