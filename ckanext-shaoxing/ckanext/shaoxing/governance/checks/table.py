"""One pass over a table's rows, batch by batch, gathering what the data dimensions need: empty
cells, values that do not parse as their column's kind, implausible dates and coordinates,
ragged rows, duplicate rows and keys, region codes, and the privacy counts. Memory is one batch
plus the duplicate detectors (a hash per distinct row, capped by `unique_rows`)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import itertools
import time
from typing import Iterable, Iterator

from ...bilingual import message
from . import kinds, privacy

EXAMPLES = 3


class Stopped(Exception):
    """The check stopped at a bound (rows, time); `zh` and `en` say which."""

    def __init__(self, zh: str, en: str):
        super().__init__(message(zh, en))
        self.zh, self.en = zh, en


@dataclasses.dataclass
class Column:
    name: str
    kind: str | None = None            # declared or named kind (see kinds.declared_kind)
    inferred: str | None = None        # the one type of an undeclared column, from its first batch
    key: bool = False
    contact: bool = False
    past: bool = True                  # dates are past events
    filled: int = 0
    empty: int = 0
    invalid: int = 0
    invalid_rows: list = dataclasses.field(default_factory=list)
    invalid_examples: list = dataclasses.field(default_factory=list)
    mixed: int = 0                      # cells of an undeclared column off its inferred type
    mixed_rows: list = dataclasses.field(default_factory=list)
    implausible: int = 0
    implausible_rows: list = dataclasses.field(default_factory=list)
    unknown_codes: int = 0
    unknown_examples: list = dataclasses.field(default_factory=list)
    key_duplicates: int = 0
    key_duplicate_rows: list = dataclasses.field(default_factory=list)
    privacy: dict = dataclasses.field(default_factory=lambda: {k: 0 for k in (*privacy.KINDS, "masked")})


@dataclasses.dataclass
class Profile:
    header: list
    columns: list
    rows: int = 0
    ragged: int = 0
    ragged_rows: list = dataclasses.field(default_factory=list)
    duplicates: int = 0
    duplicate_rows: list = dataclasses.field(default_factory=list)
    uniqueness_rows: int = 0            # rows the duplicate detectors saw (all unless capped)
    stopped: dict | None = None


def _note(rows: list, row: int) -> None:
    if len(rows) < EXAMPLES:
        rows.append(row)


def _safe(value: str) -> str:
    # Examples never show personal data, even a wrongly typed ID number.
    return "[隐藏 hidden]" if privacy.contains_personal(value) else value[:40]


class Profiler:
    def __init__(self, header: list[str], items: dict[str, dict], today: dt.date, known_regions: set[str],
                 unique_rows: int, batch: int = 5000):
        self.today = today.isoformat()
        self.known_regions = known_regions
        self.unique_rows = unique_rows
        self.batch = batch
        cols = []
        for name in header:
            item = items.get(name, {})
            label, ftype = item.get("field_label") or "", item.get("field_type")
            kind = kinds.declared_kind(name, label, ftype)
            cols.append(Column(name=name, kind=kind, key=_truthy(item.get("is_key")),
                               contact=privacy.is_contact(name, label, ftype),
                               past=not kinds.FUTURE_HINTS.search(f"{name} {label}")))
        self.profile = Profile(header=header, columns=cols)
        self._rows_seen: set[int] = set()
        self._keys: dict[int, set] = {i: set() for i, c in enumerate(cols) if c.key}
        self._first_batch = True
        self._in_range: dict[int, set] = {}      # per date column: values found in range

    def run(self, rows: Iterable[list], deadline: float | None = None, max_rows: int | None = None) -> Profile:
        # The pass makes no reference cycles, only short-lived lists by the million: the cyclic
        # collector would walk them again and again (≈ 15 % of the time) for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._run(rows, deadline, max_rows)
        finally:
            if collecting:
                gc.enable()

    def _run(self, rows: Iterable[list], deadline: float | None, max_rows: int | None) -> Profile:
        width = len(self.profile.header)
        start_row = 2        # the header is row 1, as in a spreadsheet
        rows = iter(rows)
        while batch := list(itertools.islice(rows, self.batch)):
            if set(map(len, batch)) != {width}:
                batch = self._even(batch, width, start_row)
            self._batch(batch, start_row)
            start_row += len(batch)
            if max_rows is not None and self.profile.rows > max_rows:
                raise Stopped(f"超过 {max_rows} 行的检查上限", f"over the check's limit of {max_rows} rows")
            if deadline is not None and time.monotonic() > deadline:
                raise Stopped("超过检查时限", "over the check's time limit")
        return self.profile

    def _even(self, batch: list[list], width: int, start_row: int) -> list[list]:
        """Rows of the header's width: trailing empty cells dropped, ragged rows counted and padded."""
        out = []
        for n, raw in enumerate(batch, start_row):
            if len(raw) != width:
                while len(raw) > width and raw[-1] == "":
                    raw.pop()
                if len(raw) != width:
                    self.profile.ragged += 1
                    _note(self.profile.ragged_rows, n)
                    raw = (raw + [""] * width)[:width]
            out.append(raw)
        return out

    def _batch(self, rows: list[list], start_row: int) -> None:
        p = self.profile
        p.rows += len(rows)
        tracking = p.uniqueness_rows < self.unique_rows     # keys are tracked over the same rows
        self._duplicates(rows, start_row)
        # Columns as strided slices of the batch's cells in one list (the rows are of the header's
        # width here): C copies, three times faster than transposing with zip(*rows).
        cells = list(itertools.chain.from_iterable(rows))
        width = len(p.columns)
        for i, c in enumerate(p.columns):
            self._column(c, cells[i::width], start_row, self._keys.get(i) if tracking else None)
        self._first_batch = False

    def _duplicates(self, rows: list[list], start_row: int) -> None:
        p = self.profile
        if p.uniqueness_rows >= self.unique_rows:
            return
        rows = rows[: self.unique_rows - p.uniqueness_rows]
        p.uniqueness_rows += len(rows)
        hashes = list(map(hash, map(tuple, rows)))
        distinct = set(hashes)
        dups = len(hashes) - len(distinct) + len(distinct & self._rows_seen)
        if dups:
            p.duplicates += dups
            if len(p.duplicate_rows) < EXAMPLES:          # row numbers of the first few
                here: set = set()
                for n, h in enumerate(hashes, start_row):
                    if h in self._rows_seen or h in here:
                        _note(p.duplicate_rows, n)
                    here.add(h)
        self._rows_seen.update(distinct)

    def _column(self, c: Column, values: list[str], start_row: int, keys: set | None) -> None:
        n = len(values)
        if self._first_batch and c.kind is None:
            c.inferred = kinds.infer(values)
        kind = c.kind or c.inferred
        # Repeating kinds are counted by their distinct values, the others scan the column joined:
        # each tells whether any cell is empty, so a column without one is not counted cell by cell.
        distinct = joined = None
        if kind in kinds.BY_DISTINCT or kind in kinds.BOUNDS:
            distinct = set(values)
            has_empty = "" in distinct
            distinct.discard("")
        if kind not in kinds.BY_DISTINCT:
            joined = kinds.join(values)
            has_empty = kinds.SEP * 2 in joined       # an empty cell leaves two separators in a row
        empty = values.count("") if has_empty else 0
        c.empty += empty
        c.filled += n - empty
        if keys is not None:
            before = len(keys)
            filled = [hash(v) for v in values if v]
            keys.update(filled)
            dups = len(filled) - (len(keys) - before)
            if dups:
                c.key_duplicates += dups
                if len(c.key_duplicate_rows) < EXAMPLES:
                    seen: set = set()
                    for r, v in enumerate(values, start_row):
                        if v and v in seen:
                            _note(c.key_duplicate_rows, r)
                        seen.add(v)
        bad = 0
        if kind:
            ok = kinds.count_valid(kind, joined, values, distinct, n - empty)
            bad = n - empty - ok
            deep = kind in ("date", "datetime", "credit_code")
            if bad or deep or kind in kinds.BOUNDS or kind == "region_code":
                self._slow(c, kind, values, start_row, bad, distinct)
        if bad == 0 and kind in kinds.SHORT:
            return          # well-formed dates, yes/no, coordinates and region codes hold no personal number
        if joined is None:
            joined = kinds.join(values)
        scan = privacy.scan(joined, c.contact, c.kind == "credit_code")
        for k, v in scan.items():
            c.privacy[k] += v

    def _slow(self, c: Column, kind: str, values: list[str], start_row: int, bad: int,
              distinct: set | None = None) -> None:
        """Per-value work, only for columns that need it: form failures located, calendar and
        check characters, dates in range, coordinates in the box, region codes known.
        `distinct`: the column's distinct filled values, if the caller has them."""
        declared = c.kind is not None
        if distinct is None:
            distinct = set(values)
            distinct.discard("")
        if bad or kind == "credit_code":
            wrong = {v for v in distinct if not kinds.is_valid(kind, v)}
        elif kind in ("date", "datetime"):
            wrong = kinds.not_calendar_days(distinct)
        else:
            wrong = set()
        if wrong:
            count = 0
            for r, v in enumerate(values, start_row):
                if v in wrong:
                    count += 1
                    if declared:
                        _note(c.invalid_rows, r)
                        if len(c.invalid_examples) < EXAMPLES and _safe(v) not in c.invalid_examples:
                            c.invalid_examples.append(_safe(v))
                    else:
                        _note(c.mixed_rows, r)
            if declared:
                c.invalid += count
            else:
                c.mixed += count
        good = distinct - wrong if wrong else distinct
        if kind in ("date", "datetime") and good:
            # Dates repeat: those found in range before are not looked at again.
            in_range = self._in_range.setdefault(id(c), set())
            fresh = good - in_range
            if fresh:
                lo, hi = min(fresh)[:10], max(fresh)[:10]
                odd = set()
                if lo < kinds.EARLIEST or (c.past and hi > self.today):
                    odd = {v for v in fresh if v[:10] < kinds.EARLIEST or (c.past and v[:10] > self.today)}
                    for r, v in enumerate(values, start_row):
                        if v in odd:
                            c.implausible += 1
                            _note(c.implausible_rows, r)
                if len(in_range) < kinds.KNOWN_MAX:
                    in_range.update(fresh - odd)
        elif kind in kinds.BOUNDS and good:
            low, high = kinds.BOUNDS[kind]
            odd = {v for v in good if not low <= float(v.replace(",", "")) <= high}
            if odd:
                for r, v in enumerate(values, start_row):
                    if v in odd:
                        c.implausible += 1
                        _note(c.implausible_rows, r)
        elif kind == "region_code" and good:
            unknown = {v.strip() for v in good} - self.known_regions
            if unknown:
                c.unknown_codes += sum(1 for v in values if v.strip() in unknown)
                for v in sorted(unknown)[:EXAMPLES]:
                    if len(c.unknown_examples) < EXAMPLES:
                        c.unknown_examples.append(v)


def _truthy(value) -> bool:
    return str(value or "").strip().lower() in ("true", "yes", "1", "是", "y")


def first_row(rows: Iterator[list]) -> list[str] | None:
    """The header: the first row with any text, stripped, trailing empty cells dropped."""
    for header in rows:
        if any(c.strip() for c in header):
            header = [c.strip() for c in header]
            while header and header[-1] == "":
                header.pop()
            return header
    return None
