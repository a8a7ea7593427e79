"""The bureau's calendar is Asia/Shanghai's: the clock moved (time-machine, this process only)
across a New Year's Eve that is already New Year's Day in Shaoxing."""
import datetime as dt

import pytest
import time_machine
from ckan.tests import helpers

from ckanext.shaoxing import clock
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

UTC = dt.timezone.utc


@pytest.mark.parametrize("utc,year", [(dt.datetime(2031, 12, 31, 15, 30, tzinfo=UTC), 2031),    # 23:30 in Shaoxing
                                      (dt.datetime(2031, 12, 31, 16, 30, tzinfo=UTC), 2032)])   # 00:30 next year
def test_this_year_is_shaoxings(utc, year):
    org = factories.department()
    with time_machine.travel(utc, tick=False):
        factories.entry(org, issued="")                   # counted on its creation day in Shaoxing
        assert clock.today().year == year
        result = helpers.call_action("shaoxing_target_progress")
        assert result["year"] == year and result["metrics"]["open_datasets"]["actual"] == 1
        shown = helpers.call_action("shaoxing_ranking_show", period="year")
        assert shown["start"] == f"{year}-01-01" and shown["ranking"][0]["values"]["new_datasets"] == 1
        # next year is the last one that may be asked for
        assert helpers.call_action("shaoxing_target_progress", year=year + 1)["year"] == year + 1
