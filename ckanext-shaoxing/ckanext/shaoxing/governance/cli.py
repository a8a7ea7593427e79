"""`ckan shaoxing quality run-all` (nightly, from cron) and `ckan shaoxing quality run DATASET`:
checks run now, in this process; `rate` prints the governance rate."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from . import run as checks


@click.group(short_help="Data quality checks and the governance rate")
def quality():
    """Quality checks (eight dimensions, privacy scan) and the governance rate."""


@quality.command("run-all")
@click.option("--missing", is_flag=True, help="Only datasets never checked (make run on a warm portal)")
def run_all(missing: bool):
    """Check every active dataset now (the nightly run) and print the governance rate."""
    result = checks.check_all(log_each=lambda line: click.echo(line, err=True), missing=missing)
    click.echo(f"checked {result['checked']} datasets, {result['failed']} failed")
    _print_rate()


@quality.command("run")
@click.argument("dataset")
def run_one(dataset: str):
    """Check one dataset now and print its score."""
    row = checks.check(dataset)
    click.echo(f"{dataset}: {row['score']} {'passed' if row['passed'] else 'failed'}")


@quality.command("rate")
def rate():
    """Print the governance rate (passing / public active datasets)."""
    _print_rate()


def _print_rate():
    s = tk.get_action("shaoxing_quality_summary")({"ignore_auth": True}, {})
    click.echo(f"governance rate: {s['passing']}/{s['total']} = {100 * s['rate']:.1f}% "
               f"(threshold {s['threshold']:g}; {s['quarantined']} resources quarantined)")
