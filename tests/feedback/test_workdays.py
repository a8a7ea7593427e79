"""Working-day deadlines over the seeded calendar (2026, from the State Council's notice): a
weekend, a public holiday and a 调休 working Saturday/Sunday; the clock moved with time-machine."""
import datetime as dt

import pytest
import time_machine

from ckanext.shaoxing import clock
from ckanext.shaoxing.feedback import deadlines, workdays
from tests.feedback.conftest import call

D = dt.date


@pytest.mark.usefixtures("world")
def test_the_calendar_counts_weekends_holidays_and_make_up_days():
    assert workdays.add(D(2026, 12, 4), 5) == D(2026, 12, 11)          # a plain weekend
    # National Day (1–7 October off), Saturday 10 October worked
    assert workdays.add(D(2026, 9, 30), 5) == D(2026, 10, 13)
    # Sunday 20 September worked
    assert workdays.add(D(2026, 9, 18), 1) == D(2026, 9, 20)
    assert workdays.between(D(2026, 2, 13), D(2026, 2, 28)) == 6        # Sat 14 worked, 15–23 off, 24–27, Sat 28 worked
    assert len(workdays.days(2026)) == 39


def test_deadlines_remind_and_escalate_with_the_clock_moved(world):
    told = []
    from ckan.plugins import toolkit as tk

    from ckanext.shaoxing.feedback.api import CHANGED

    def hear(sender, **kw):
        told.append((kw["event"], kw["state"]))
    tk.signals.ckanext.signal(CHANGED).connect(hear)
    try:
        with time_machine.travel(dt.datetime(2026, 9, 30, 10, tzinfo=clock.TZ), tick=False):
            made = call("shaoxing_feedback_create", world["citizen"], title="节日前的需求", description="x")
            assert (made["due"], made["overdue"]) == ("2026-10-13", "2026-10-20")
            call("shaoxing_feedback_route", world["bureau"], id=made["id"], organization_id=world["dept_a"]["id"])
        with time_machine.travel(dt.datetime(2026, 10, 12, 9, tzinfo=clock.TZ), tick=False):
            assert deadlines.run() == {"reminded": 0, "escalated": 0}
        with time_machine.travel(dt.datetime(2026, 10, 13, 9, tzinfo=clock.TZ), tick=False):
            assert deadlines.run() == {"reminded": 1, "escalated": 0}
            assert deadlines.run() == {"reminded": 0, "escalated": 0}       # told once
            shown = call("shaoxing_feedback_show", "", id=made["id"])
            assert shown["is_due"] and not shown["is_overdue"]
        with time_machine.travel(dt.datetime(2026, 10, 21, 9, tzinfo=clock.TZ), tick=False):
            assert deadlines.run() == {"reminded": 0, "escalated": 1}
            assert call("shaoxing_feedback_show", "", id=made["id"])["is_overdue"]
            bureau = call("shaoxing_feedback_list", world["bureau"], scope="bureau", state="open")
            assert bureau["results"][0]["is_overdue"]
    finally:
        tk.signals.ckanext.signal(CHANGED).disconnect(hear)
    assert ("reminder", "routed") in told and ("escalation", "routed") in told


def test_a_calendar_change_moves_the_running_deadlines(world):
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=clock.TZ), tick=False):
        made = call("shaoxing_feedback_create", world["citizen"], title="t", description="d")
        assert made["due"] == "2026-12-11"
        call("shaoxing_holiday_update", world["bureau"], day="2026-12-08", kind="holiday", name="测试假日")
        assert call("shaoxing_feedback_show", "", id=made["id"])["due"] == "2026-12-14"
        call("shaoxing_holiday_delete", world["bureau"], day="2026-12-08")
        assert call("shaoxing_feedback_show", "", id=made["id"])["due"] == "2026-12-11"
