"""The governance options (config_declaration.yaml), read where they are used."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import weights as config_weights
from .checks.dimensions import DIMENSIONS


def weights() -> dict[str, float]:
    """Dimension → weight, scaled to sum to 1 (ckanext.shaoxing.quality.weights)."""
    return config_weights.weights("ckanext.shaoxing.quality.weights", DIMENSIONS)


def threshold() -> float:
    return float(tk.config.get("ckanext.shaoxing.quality.threshold"))


def floor() -> float:
    return float(tk.config.get("ckanext.shaoxing.quality.dimension_floor"))


def limit(name: str) -> int:
    return int(tk.config.get(f"ckanext.shaoxing.quality.{name}"))
