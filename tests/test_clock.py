"""The city's one clock (ckanext.shaoxing.clock): Shaoxing's date and time whatever the server's
own zone, moved in tests with time-machine; and the only place either plugin names the zone."""
import datetime as dt
import pathlib

import pytest
import time_machine

from ckanext.shaoxing import clock

UTC = dt.timezone.utc
ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("utc,day", [(dt.datetime(2031, 12, 31, 15, 59, tzinfo=UTC), dt.date(2031, 12, 31)),
                                     (dt.datetime(2031, 12, 31, 16, 0, tzinfo=UTC), dt.date(2032, 1, 1))])
def test_today_is_shaoxings_date(utc, day):
    with time_machine.travel(utc, tick=False):
        assert clock.today() == day
        assert clock.now() == utc and clock.now().utcoffset() == dt.timedelta(hours=8)
    assert clock.day_of(utc) == day


def test_a_day_starts_at_shaoxing_midnight():
    assert clock.start_of(dt.date(2032, 1, 1)) == dt.datetime(2031, 12, 31, 16, 0, tzinfo=UTC)


def test_no_other_module_makes_the_time_zone():
    sources = [*(ROOT / "ckanext-shaoxing" / "ckanext").rglob("*.py"), *(ROOT / "contest" / "ckanext").rglob("*.py")]
    makers = [str(p.relative_to(ROOT)) for p in sources if p.name != "clock.py" and "ZoneInfo(" in p.read_text()]
    assert len(sources) > 50 and makers == []
