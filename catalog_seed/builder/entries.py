"""Catalogue entries (目录): which template, district and year each of the 336 entries takes,
its dates, abstract and catalogue code. Templates are in templates.csv, one per kind of entry."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
from collections import Counter

from .reference import CITY, CITY_PLACE, HERE, SETTINGS, SHORT_NAMES, CodeLists

LAST_ISSUE: dt.date = SETTINGS["last_issue"]
LAST_DAY: dt.date = SETTINGS["last_day"]
CONDITIONAL, NOT_OPEN = "有条件开放", "不予开放"


@dataclasses.dataclass(frozen=True)
class Template:
    """A kind of entry. `mode` "any": at most one entry per district; "year": one per district
    and data year. {p} in the title and abstract is the place, {y} the data year."""
    domain: str
    department: str
    key: str                    # names the sample files: files/<code>/<key>.<format>
    title: str
    frequency: str
    records: tuple[int, int]    # range of the entry's 数据量
    keywords: str
    abstract: str
    data_items: tuple[str, ...]  # field names in fields.yaml
    mode: str

    @property
    def yearly(self) -> bool:
        return self.mode == "year"


def _templates() -> list[Template]:
    with (HERE / "templates.csv").open(encoding="utf-8", newline="") as f:
        return [Template(domain=t["domain"], department=t["department"], key=t["key"], title=t["title"],
                         frequency=t["frequency"], records=(int(t["records_min"]), int(t["records_max"])),
                         keywords=t["keywords"], abstract=t["abstract"], data_items=tuple(t["data_items"].split()),
                         mode=t["mode"])
                for t in csv.DictReader(f)]


TEMPLATES = _templates()


@dataclasses.dataclass
class Entry:
    template: Template
    region: str                 # district code
    title: str
    domain: str
    department: dict            # row of departments.csv
    level: str                  # open level label
    issued: dt.date
    modified: dt.date
    start: dt.date
    end: dt.date
    records: int
    condition: str
    keywords: str
    abstract: str
    licence: str
    no: int = 0                 # 序号
    code: str = ""              # 信息资源代码
    has_items: bool = False


def shuffled_quota(rng: random.Random, quota: dict) -> list:
    items = [key for key, n in quota.items() for _ in range(n)]
    rng.shuffle(items)
    return items


def weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def place_name(template: Template, code: str, lists: CodeLists) -> str:
    if code == CITY:
        return CITY_PLACE.get(template.key, "绍兴市")
    return lists.district_label(code)


def pick_title(rng: random.Random, domain: str, year: int, used: set, counts: Counter,
               lists: CodeLists) -> tuple[Template, str, int, str]:
    """A template and district for an entry: (template, district code, data year, title)."""
    options = [t for t in TEMPLATES if t.domain == domain]
    # use every template of the domain once before repeating any, least used first
    options.sort(key=lambda t: (counts[t.key], rng.random()))
    data_year = year - 1
    for template in options:
        slot_year = data_year if template.yearly else None
        codes = [c for c in SHORT_NAMES if (template.key, c, slot_year) not in used]
        if not codes:
            continue
        code = rng.choices(codes, weights=[4 if c == CITY else 1 for c in codes])[0]
        used.add((template.key, code, slot_year))
        counts[template.key] += 1
        title = template.title.format(p=place_name(template, code, lists), y=data_year)
        return template, code, data_year, title
    raise RuntimeError(f"no free title left in {domain}")


def random_issue_date(rng: random.Random, year: int) -> dt.date:
    first = dt.date(year, 1, 1)
    last = LAST_ISSUE if year == LAST_ISSUE.year else dt.date(year, 12, 31)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def dates_for(rng: random.Random, template: Template, issued: dt.date, data_year: int) -> tuple[dt.date, dt.date, dt.date]:
    """(modified, time range start, time range end), consistent with the update frequency."""
    freq, staleness = template.frequency, SETTINGS["frequency_staleness"]
    if template.yearly:   # a closed year's data: published once, corrected shortly after
        modified = min(LAST_DAY, issued + dt.timedelta(days=rng.randint(0, 90)))
    elif freq == "不更新":
        modified = issued
    elif freq in staleness:
        modified = max(issued, LAST_DAY - dt.timedelta(days=rng.randint(0, staleness[freq])))
    else:
        modified = issued + dt.timedelta(days=rng.randint(0, (LAST_DAY - issued).days))
    if template.yearly:
        return modified, dt.date(data_year, 1, 1), dt.date(data_year, 12, 31)
    if freq in ("实时", "每日"):
        start = modified - dt.timedelta(days=rng.randint(1, 60))
    else:
        start = dt.date(max(2012, issued.year - rng.randint(0, 6)), rng.randint(1, 12), 1)
    return modified, min(start, modified), modified


def abstract(template: Template, place: str, data_year: int, dept_title: str, level: str) -> str:
    text = template.abstract.format(p=place, y=data_year) + "。"
    text += f"数据由{dept_title}提供，{SETTINGS['frequency_phrase'][template.frequency]}。"
    if level == CONDITIONAL:
        text += "数据经申请审核通过后开放使用。"
    elif level == NOT_OPEN:
        text += "本目录仅公开元数据，可通过数据需求提出开放申请。"
    return text


def make_entries(rng: random.Random, lists: CodeLists) -> list[Entry]:
    domain_quota, year_quota, level_quota = SETTINGS["domain_quota"], SETTINGS["year_quota"], SETTINGS["level_quota"]
    n = sum(domain_quota.values())
    assert n == sum(year_quota.values()) == sum(level_quota.values())
    domain_list = shuffled_quota(rng, domain_quota)
    year_list = shuffled_quota(rng, year_quota)
    level_list = shuffled_quota(rng, level_quota)
    # fill the domains in order of issue so older entries get the first template of each kind
    order = sorted(range(n), key=lambda k: (year_list[k], k))
    used, counts, entries = set(), Counter(), []
    for k in order:
        domain, year, level = domain_list[k], year_list[k], level_list[k]
        template, code, data_year, title = pick_title(rng, domain, year, used, counts, lists)
        issued = random_issue_date(rng, year)
        modified, start, end = dates_for(rng, template, issued, data_year)
        dept = lists.departments[template.department]
        records = rng.randint(*template.records)
        condition = rng.choice(SETTINGS["conditions"]) if level == CONDITIONAL else ""
        keywords = ",".join(template.keywords.split(",") + [SHORT_NAMES[code] if code != CITY else "绍兴"])
        entries.append(Entry(
            template=template, region=code, title=title, domain=domain, department=dept, level=level,
            issued=issued, modified=modified, start=start, end=end, records=records, condition=condition,
            keywords=keywords, abstract=abstract(template, place_name(template, code, lists), data_year, dept["title"], level),
            licence=weighted(rng, SETTINGS["licences"])))
    entries.sort(key=lambda e: (e.issued, e.title))
    serial = Counter()
    for no, e in enumerate(entries, 1):
        abbr = SETTINGS["domain_abbr"][e.domain]
        serial[(abbr, e.issued.year)] += 1
        e.no = no
        e.code = f"SX-{abbr}-{e.issued.year}-{serial[(abbr, e.issued.year)]:04d}"
    return entries


def contacts(rng: random.Random, lists: CodeLists) -> dict[str, tuple[str, str]]:
    """Each department's contact phone and e-mail."""
    return {slug: (f"0575-8{rng.randint(0, 9999999):07d}", f"opendata.{slug.removeprefix('sx-')}@sx.gov.cn")
            for slug in lists.departments}
