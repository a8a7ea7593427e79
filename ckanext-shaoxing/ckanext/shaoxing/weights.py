"""Weights written in a config option as `part:weight part:weight ...` (the department ranking's
parts, the quality check's dimensions): one reading for every such option.

Shared module (see the package's docstring). Public API: `weights`."""
from __future__ import annotations

from typing import Iterable

import ckan.plugins.toolkit as tk

__all__ = ["weights"]


def weights(option: str, parts: Iterable[str]) -> dict[str, float]:
    """Part → weight from the config option `option`, scaled to sum to 1. A part the option does
    not name weighs 0; a name that is not one of `parts` is ignored."""
    raw = dict(item.split(":", 1) for item in tk.config.get(option).split())
    values = {part: float(raw.get(part, 0)) for part in parts}
    total = sum(values.values()) or 1.0
    return {part: value / total for part, value in values.items()}
