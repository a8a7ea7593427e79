"""One rule of "on time" (update_frequency.py): the quality check's timeliness and the ranking's
timeliness part agree on every entry at the edges of its due days, with the clock moved to a
fixed day in Shaoxing (time-machine)."""
import datetime as dt

import pytest
import time_machine
from ckan.tests import helpers

from ckanext.shaoxing import update_frequency
from ckanext.shaoxing.governance import run
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

DAY = dt.date(2031, 6, 18)                                             # a Wednesday
NOON_IN_SHAOXING = dt.datetime(2031, 6, 18, 4, 0, tzinfo=dt.timezone.utc)


def ago(days: int) -> str:
    return (DAY - dt.timedelta(days=days)).isoformat()


# (frequency, modified, issued, on time on DAY)
ENTRIES = [
    ("daily", ago(2), ago(400), True), ("daily", ago(3), ago(400), False),
    ("monthly", ago(31), ago(400), True), ("monthly", ago(32), ago(400), False),
    ("annual", ago(366), ago(800), True), ("annual", ago(367), ago(800), False),
    ("quarterly", "", ago(92), True), ("quarterly", "", ago(93), False),     # no update yet: issued counts
    ("monthly", "", "", False),                                               # no date at all
    ("irregular", ago(3000), ago(3000), True), ("static", "", "", True),      # never late
    ("weekly", ago(-1), ago(10), False), ("irregular", ago(-1), ago(10), False),   # a date ahead of the day
    ("weekly", ago(0), ago(0), True),
]


def test_the_rule_at_its_edges():
    for frequency, modified, issued, expected in ENTRIES:
        assert update_frequency.on_time(frequency, modified, issued, DAY) is expected, (frequency, modified, issued)


def test_the_quality_check_and_the_ranking_agree_entry_by_entry():
    names = {}
    for n, (frequency, modified, issued, expected) in enumerate(ENTRIES):
        org = factories.department(name=f"dept-{n}")        # one entry per department: its share is 0 or 1
        pkg = factories.entry(org, update_frequency=frequency, modified=modified, issued=issued)
        names[f"dept-{n}"] = (pkg["id"], expected)
    with time_machine.travel(NOON_IN_SHAOXING, tick=False):
        ranking = {r["name"]: r["values"]["timeliness"]
                   for r in helpers.call_action("shaoxing_ranking_show", period="week")["ranking"]}
        for name, (package_id, expected) in names.items():
            governance = run.check(package_id)["dimensions"]["timeliness"]["score"]
            assert (governance == 100) is expected and ranking[name] == (1.0 if expected else 0.0), \
                (ENTRIES[int(name.split("-")[1])], governance, ranking[name])
