"""The governance rate = passing / public active datasets: on the targets dashboard, in the
summary, and in the rankings, where a finished period uses the figures recorded for it."""
import datetime as dt

import pytest
import time_machine
from ckan.tests import helpers

from ckanext.shaoxing import clock
from ckanext.shaoxing.governance import rate, run
from ckanext.shaoxing.targets import cache
from tests import factories
from tests.conftest import PLUGINS
from tests.governance.conftest import COMPLETE, GOOD, entry_with

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
MARCH_END = dt.datetime(2026, 3, 31, 12, tzinfo=clock.TZ)
APRIL = dt.datetime(2026, 4, 28, 12, tzinfo=clock.TZ)


def test_the_rate_counts_unchecked_and_failing_datasets_as_not_passing(app, org):
    passing = entry_with(org, GOOD)
    failing = entry_with(org, GOOD + GOOD.split("\n", 1)[1])              # every row twice
    factories.entry(org, **COMPLETE)                                       # never checked
    factories.entry(org, **COMPLETE, private=True)                         # not public: not counted
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=clock.TZ)):
        assert run.check(passing["id"])["passed"] and not run.check(failing["id"])["passed"]
        cache.changed()
        summary = helpers.call_action("shaoxing_quality_summary")
        assert (summary["passing"], summary["total"], summary["rate"]) == (1, 3, 0.3333)
        assert summary["by_organization"][0]["name"] == org["name"] and summary["by_domain"][0]["domain"] == "transport"
        assert summary["history"][-1] == {"day": "2026-06-15", "passing": 1, "total": 3, "rate": 0.3333}
        metric = helpers.call_action("shaoxing_target_progress", year=2026)["metrics"]["governance_rate"]
        assert metric["actual"] == 0.3333 and metric["basis"] == "quality_checks"
        page = app.get("/targets?year=2026").get_data(as_text=True)
        assert "33%" in page.split("metric-governance_rate")[1][:300] and "governance-basis" in page
        assert "33%" in app.get("/quality").get_data(as_text=True)


def test_a_past_periods_ranking_uses_that_periods_rate(org):
    pkg = entry_with(org, GOOD, modified="2026-03-01")
    with time_machine.travel(MARCH_END):
        assert run.check(pkg["id"])["passed"]                               # on time in March
    with time_machine.travel(APRIL):
        assert not run.check(pkg["id"])["passed"]                           # four weeks late by 28 April
        cache.changed()
        march = helpers.call_action("shaoxing_ranking_show", period="month", date="2026-03-15")
        april = helpers.call_action("shaoxing_ranking_show", period="month", date="2026-04-15")
    assert march["frozen"] and march["ranking"][0]["values"]["governance_rate"] == 1.0
    assert not april["frozen"] and april["ranking"][0]["values"]["governance_rate"] == 0.0


def test_a_period_before_any_record_has_no_governed_datasets(org):
    pkg = entry_with(org, GOOD)
    with time_machine.travel(APRIL):
        run.check(pkg["id"])
        assert rate.as_of(dt.date(2026, 1, 31)) == {}
        assert rate.as_of(dt.date(2026, 4, 28))[org["id"]][1] == 1
