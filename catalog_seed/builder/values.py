"""Sample values of the data items (数据项, fields.yaml): each field names a generator kind
and its arguments. A generator takes the random source and the row's Context."""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

import yaml

from ckanext.shaoxing.credit_code import ALPHABET, check_symbol

from .reference import CENTRES, CITY, CITY_CENTRE_ROADS, HERE, PLACE_STEMS, ROADS, SHORT_NAMES


@dataclasses.dataclass(frozen=True)
class Context:
    """Where and when a sample row is: its district, the entry's time range, the row number."""
    code: str                       # district code
    label: str                      # its Chinese name
    labels: dict[str, str]          # every district's Chinese name
    start: dt.date
    end: dt.date
    dept_titles: list[str]
    domain_labels: list[str]
    i: int = 0


Generator = Callable[..., object]   # (random.Random, Context) → value


# ---------------------------------------------------------------- kinds with arguments
def choice(*options):
    return lambda r, c: r.choice(options)


def ints(lo, hi):
    return lambda r, c: r.randint(lo, hi)


def decimal(lo, hi, digits):
    return lambda r, c: round(r.uniform(lo, hi), digits)


def facility(*suffixes):
    """District short name + local place + kind, e.g. 柯桥华舍停车场."""
    return lambda r, c: f"{SHORT_NAMES[c.code]}{r.choice(PLACE_STEMS[c.code])}{r.choice(suffixes)}"


def company(*trades):
    def make(r, c):
        head = "绍兴市" + c.label if c.label.endswith("区") else ("绍兴" if c.code == CITY else c.label)
        return f"{head}{r.choice(PLACE_STEMS[c.code])}{r.choice(trades)}有限公司"
    return make


def code(pattern, lo, hi):
    """Codes such as permit numbers: {n} random number, {i} row number, {d} district, {y} year."""
    return lambda r, c: pattern.format(n=r.randint(lo, hi), i=c.i + 1, d=c.code, y=c.start.year)


def after_end(lo, hi):
    return lambda r, c: c.end + dt.timedelta(days=r.randint(lo, hi))


def month_start(first_year, last_year):
    return lambda r, c: dt.date(r.randint(first_year, last_year), r.randint(1, 12), 1)


def recent_year(back, floor):
    """A year up to `back` years before the time range starts, not before `floor`."""
    return lambda r, c: r.randint(max(floor, c.start.year - back), c.start.year)


# ---------------------------------------------------------------- kinds without arguments
def credit_code(r, c):
    first17 = "91" + c.code + "MA2" + "".join(r.choice(ALPHABET) for _ in range(6))
    return first17 + check_symbol(first17)


def address(r, c):
    district = c.code if c.code in ROADS else CITY_CENTRE_ROADS
    return f"{c.labels[district]}{r.choice(ROADS[district])}{r.randint(1, 899)}号"


def road(r, c):
    return r.choice(ROADS.get(c.code, ROADS[CITY_CENTRE_ROADS]))


def town(r, c):
    return r.choice(PLACE_STEMS[c.code]) + r.choice(("镇", "街道", "乡"))


def route_name(r, c):
    return r.choice(("", "", "", "BRT", "K")) + f"{r.randint(1, 399)}路"


def lon(r, c):
    return round(min(120.995, max(120.205, CENTRES[c.code][0] + r.uniform(-0.06, 0.06))), 6)


def lat(r, c):
    return round(min(30.195, max(29.505, CENTRES[c.code][1] + r.uniform(-0.05, 0.05))), 6)


def day(r, c):
    return c.start + dt.timedelta(days=r.randint(0, (c.end - c.start).days))


def stamp(r, c):
    return dt.datetime.combine(c.end, dt.time(8)) + dt.timedelta(minutes=r.randint(0, 600))


def seq_day(r, c):
    return min(c.end, c.start + dt.timedelta(days=c.i))


def month(r, c):
    return f"{c.start.year}-{c.i % 12 + 1:02d}"


def department(r, c):
    return r.choice(c.dept_titles)


def domain_label(r, c):
    return r.choice(c.domain_labels)


WITH_ARGUMENTS = {f.__name__: f for f in (choice, ints, decimal, facility, company, code, after_end, month_start,
                                          recent_year)}
PLAIN = {f.__name__: f for f in (credit_code, address, road, town, route_name, lon, lat, day, stamp, seq_day, month,
                                 department, domain_label)}


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    label: str          # 中文名称
    type: str           # 字段类型, as the workbook writes it
    make: Generator
    note: str = ""      # 说明


def _field(name: str, spec: dict) -> Field:
    kind = spec["gen"]
    make = WITH_ARGUMENTS[kind](*spec["args"]) if "args" in spec else PLAIN[kind]
    return Field(name, spec["label"], spec["type"], make, spec.get("note", ""))


with (HERE / "fields.yaml").open(encoding="utf-8") as f:
    FIELDS: dict[str, Field] = {name: _field(name, spec) for name, spec in yaml.safe_load(f).items()}
