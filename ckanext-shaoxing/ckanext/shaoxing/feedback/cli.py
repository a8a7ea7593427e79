"""`ckan shaoxing feedback ...`: the deadlines' run and the holiday calendar."""
from __future__ import annotations

import datetime as dt
import pathlib
import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import click

from . import deadlines, workdays


@click.group(name="feedback", short_help="Data requests and error reports: deadlines, holiday calendar.")
def feedback():
    pass


@feedback.command()
@click.option("--loop", is_flag=True, help="Run every ckanext.shaoxing.feedback.remind_interval seconds.")
def remind(loop: bool):
    """Remind departments of replies due today; escalate the overdue to the bureau."""
    while True:
        told = deadlines.run()
        click.echo(f"reminded {told['reminded']}, escalated {told['escalated']}")
        if not loop:
            return
        time.sleep(tk.config.get("ckanext.shaoxing.feedback.remind_interval"))


@feedback.group()
def holidays():
    """The holiday calendar the working days follow."""


@holidays.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
def holidays_load(path: pathlib.Path | None):
    """Put the days of a calendar CSV (day,kind,name,source); the seeded one by default."""
    n = workdays.load(path or workdays.SEED)
    model.Session.commit()
    click.echo(f"{n} days")


@holidays.command("list")
@click.option("--year", type=int)
def holidays_list(year: int | None):
    for d in workdays.days(year):
        click.echo(f"{d['day'].isoformat()}\t{d['kind']}\t{d['name']}")


@holidays.command("set")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("kind", type=click.Choice(["holiday", "workday"]))
@click.argument("name")
def holidays_set(day: dt.datetime, kind: str, name: str):
    """Mark DAY a holiday or a 调休 working day."""
    tk.get_action("shaoxing_holiday_update")({"ignore_auth": True}, {"day": day.date().isoformat(), "kind": kind,
                                                                      "name": name})
    click.echo("ok")


@holidays.command("remove")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
def holidays_remove(day: dt.datetime):
    tk.get_action("shaoxing_holiday_delete")({"ignore_auth": True}, {"day": day.date().isoformat()})
    click.echo("ok")


@feedback.command()
def demo():
    """Demo requests and a report in different states, for `make run` (idempotent)."""
    from . import demo as demo_data
    click.echo(f"{demo_data.ensure()} demo requests and reports")
