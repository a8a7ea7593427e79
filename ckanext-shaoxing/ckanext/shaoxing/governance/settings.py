"""The governance options (config_declaration.yaml), read where they are used."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .checks.dimensions import DIMENSIONS


def weights() -> dict[str, float]:
    """Dimension → weight, scaled to sum to 1 (ckanext.shaoxing.quality.weights)."""
    raw = dict(part.split(":", 1) for part in tk.config.get("ckanext.shaoxing.quality.weights").split())
    values = {d: float(raw.get(d, 0)) for d in DIMENSIONS}
    total = sum(values.values()) or 1.0
    return {d: v / total for d, v in values.items()}


def threshold() -> float:
    return float(tk.config.get("ckanext.shaoxing.quality.threshold"))


def floor() -> float:
    return float(tk.config.get("ckanext.shaoxing.quality.dimension_floor"))


def limit(name: str) -> int:
    return int(tk.config.get(f"ckanext.shaoxing.quality.{name}"))
