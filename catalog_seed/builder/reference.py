"""What the builder reads: the code lists beside the workbook (departments, domains, districts)
and its own data files (seed.yaml: quotas and fixed dates; places.yaml: sample places)."""
from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEED_DIR = HERE.parent


def _yaml(name: str) -> dict:
    with (HERE / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


SETTINGS = _yaml("seed.yaml")
PLACES = _yaml("places.yaml")
SHORT_NAMES: dict[str, str] = PLACES["short_names"]
CENTRES: dict[str, list[float]] = PLACES["centres"]
PLACE_STEMS: dict[str, list[str]] = PLACES["place_stems"]
ROADS: dict[str, list[str]] = PLACES["roads"]
CITY_PLACE: dict[str, str] = PLACES["city_place"]
URBAN_DISTRICTS: list[str] = PLACES["urban_districts"]
CITY = "330600"          # the city level (市本级)
CITY_CENTRE_ROADS = "330602"   # whose roads the city level's addresses use


@dataclasses.dataclass(frozen=True)
class CodeLists:
    departments: dict[str, dict]   # name → row of departments.csv
    domains: dict[str, dict]       # code → row of domains.csv
    districts: dict[str, dict]     # code → row of districts.csv

    @classmethod
    def read(cls, folder: Path = SEED_DIR) -> "CodeLists":
        lists = cls(departments={d["name"]: d for d in _csv(folder / "departments.csv")},
                    domains={d["code"]: d for d in _csv(folder / "domains.csv")},
                    districts={d["code"]: d for d in _csv(folder / "districts.csv")})
        assert set(lists.domains) == set(SETTINGS["domain_quota"]) and set(lists.districts) == set(SHORT_NAMES)
        return lists

    def district_label(self, code: str) -> str:
        return self.districts[code]["label_zh"]
