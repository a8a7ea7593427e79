"""Problems found in a catalogue workbook, each naming where it is, in Chinese and English."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    zh: str
    en: str
    row: int | None = None        # spreadsheet row number, as Excel shows it
    header: str | None = None     # column header
    sheet: str | None = None      # named when not the entries sheet

    def __str__(self) -> str:
        where_zh = where_en = ""
        if self.sheet:
            where_zh, where_en = f"工作表「{self.sheet}」", f'sheet "{self.sheet}", '
        if self.row is not None:
            where_zh += f"第{self.row}行"
            where_en += f"row {self.row}"
        if self.header:
            where_zh += f" 列「{self.header}」"
            where_en += f', column "{self.header}"'
        if not where_zh:
            return f"{self.zh} / {self.en}"
        return f"{where_zh}: {self.zh} / {where_en.rstrip(', ')}: {self.en}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.header,
                "message": str(self), "zh": self.zh, "en": self.en}


class WorkbookRefused(Exception):
    """The file as a whole cannot be read; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems
