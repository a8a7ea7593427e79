"""The feedback feature's door for other features:
- `responsiveness(start, end)`: department id → (answered within the deadline, counted) of the
  requests and reports due in [start, end) (the department ranking's part);
- `department_figures(ids=None)`: department id → median reply time (working days), open and
  overdue counts;
- `answering(package_ids)`: entry id → how many public requests it fulfilled;
- `CHANGED`: the CKAN signal sent on every change (signals.py says what it carries)."""
from __future__ import annotations

from .signals import CHANGED
from .store import answering, department_figures, responsiveness

__all__ = ["CHANGED", "answering", "department_figures", "responsiveness"]
