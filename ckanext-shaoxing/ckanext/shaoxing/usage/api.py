"""The usage feature's door: what other features use of it, besides its actions
(`shaoxing_usage_show`, `shaoxing_usage_summary`) and its signal.

- `package_totals(package_ids)`: the flushed totals of many datasets in one read,
  {package id: {"view", "download", "api_call": n}};
- `by_department(start, end, kinds)`: department id → flushed events of `kinds` on its
  datasets in [start, end);
- `flush_all()`: move every count waiting in Redis into PostgreSQL now (before a backup);
- `last_flush()`: when the flusher last finished with Redis (epoch seconds) or None;
- `is_bot(user_agent)`: a crawler or fetch tool announcing itself (its requests are not counted);
- the `shaoxing_usage_totals_changed` signal (sender "usage", `package_ids=[...]`): sent after a
  flush with the datasets whose totals it changed, for whoever shows them (the search index)."""
from __future__ import annotations

from .counters import is_bot
from .flush import TOTALS_CHANGED, flush_all
from .flush import last_run as last_flush
from .totals import by_department, package_totals

__all__ = ["by_department", "flush_all", "is_bot", "last_flush", "package_totals", "TOTALS_CHANGED"]
