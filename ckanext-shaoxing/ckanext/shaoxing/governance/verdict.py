"""Whether a dataset passes its quality check, and why not: at the threshold, with no dimension
under the floor. One rule for the check (run.py) and for the reports that say why."""
from __future__ import annotations


def failures(total: float, scores: dict[str, float], threshold: float, floor: float) -> list[dict]:
    """What keeps a dataset from passing, in the order of `scores`: [{"code": "total" | "floor",
    "dimension" (None for the total), "score", "limit"}]; empty: it passes."""
    out = [{"code": "total", "dimension": None, "score": total, "limit": threshold}] if total < threshold else []
    return out + [{"code": "floor", "dimension": k, "score": s, "limit": floor} for k, s in scores.items() if s < floor]
