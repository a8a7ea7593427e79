"""The governance feature's door: what other features use of it, besides its actions
(`shaoxing_quality_*`, `shaoxing_governance_*`).

- `passed()`: a query of the ids of the datasets whose latest quality check passed; run it for
  the set, or compose it into a count (`package.id IN (...)`);
- `rates_as_of(day, live=...)`: department id → (passing, total) as recorded on the last day ≤
  `day` (today without a record: `live()`, by default counted from the package table);
- `CHECKED`: the CKAN signal sent with `package_ids` once a dataset's check result is stored;
- `refuses(user, resource_id)` and `REFUSAL`: whether the data paths refuse a quarantined
  resource to this user, and the bilingual reason to answer with; `QUARANTINED_SQL`, the same
  test as an SQL expression (binds `:resource_id`) for a statement that asks it with others;
- `faulty(package_ids)`: those of the datasets a list for everyone leaves out — the latest check
  failed, or a resource is quarantined (a citizen would be refused its data)."""
from __future__ import annotations

from typing import Iterable

import ckan.model as model
import sqlalchemy as sa

from .model import quality, quarantine
from .quarantine import QUARANTINED_SQL, REFUSAL, refuses
from .rate import as_of as rates_as_of
from .rate import passed
from .run import CHECKED

__all__ = ["CHECKED", "passed", "rates_as_of", "refuses", "faulty", "QUARANTINED_SQL", "REFUSAL"]


def faulty(package_ids: Iterable[str]) -> set[str]:
    ids = list(package_ids)
    if not ids:
        return set()
    failed = sa.select(quality.c.package_id).where(quality.c.package_id.in_(ids), sa.not_(quality.c.passed))
    held = sa.select(quarantine.c.package_id).where(quarantine.c.package_id.in_(ids),
                                                    quarantine.c.state == "quarantined")
    return set(model.Session.execute(sa.union(failed, held)).scalars())
