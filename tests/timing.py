"""A per-folder time table at the end of every run (CI's included), so the suite's budget is
watched where it is spent: wall time of setup + call + teardown, summed by `tests/<folder>`.
Session fixtures' setup counts in the first test that asks for them."""
from __future__ import annotations

import collections

import pytest

_spent: dict[str, float] = collections.defaultdict(float)
_tests: dict[str, int] = collections.Counter()


def folder(nodeid: str) -> str:
    # tests/access/test_x.py -> tests/access; tests/test_bad_input.py stays itself.
    return "/".join(nodeid.split("::", 1)[0].split("/")[:2])


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    where = folder(report.nodeid)
    _spent[where] += report.duration
    if report.when == "call":
        _tests[where] += 1


def pytest_terminal_summary(terminalreporter) -> None:
    if not _spent:
        return
    total = sum(_spent.values())
    terminalreporter.write_sep("-", f"time per folder ({total / 60:.1f} min in tests)")
    for where, seconds in sorted(_spent.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:8.1f} s {100 * seconds / total:5.1f} %  {_tests[where]:4d}  {where}")
