"""The governance feature's door: what other features use of it, besides its actions
(`shaoxing_quality_*`, `shaoxing_governance_*`).

- `passed()`: a query of the ids of the datasets whose latest quality check passed; run it for
  the set, or compose it into a count (`package.id IN (...)`);
- `rates_as_of(day, live=...)`: department id → (passing, total) as recorded on the last day ≤
  `day` (today without a record: `live()`, by default counted from the package table);
- `CHECKED`: the CKAN signal sent with `package_ids` once a dataset's check result is stored;
- `refuses(user, resource_id)` and `REFUSAL`: whether the data paths refuse a quarantined
  resource to this user, and the bilingual reason to answer with; `QUARANTINED_SQL`, the same
  test as an SQL expression (binds `:resource_id`) for a statement that asks it with others."""
from __future__ import annotations

from .quarantine import QUARANTINED_SQL, REFUSAL, refuses
from .rate import as_of as rates_as_of
from .rate import passed
from .run import CHECKED

__all__ = ["CHECKED", "passed", "rates_as_of", "refuses", "QUARANTINED_SQL", "REFUSAL"]
