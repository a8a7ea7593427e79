"""`ckan shaoxing usage flush [--loop] [--every SECONDS]`."""
from __future__ import annotations

import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import click

from .flush import flush_all


@click.group(short_help="Usage counters (views, downloads, API calls)")
def usage():
    """Usage counters kept in Redis and flushed to PostgreSQL."""


@usage.command()
@click.option("--loop", is_flag=True, help="Keep running, flushing at every interval")
@click.option("--every", type=int, default=None,
              help="Seconds between flushes (default: ckanext.shaoxing.usage.flush_interval)")
def flush(loop: bool, every: int | None):
    """Move counts from Redis into PostgreSQL's daily rows."""
    if not loop:
        click.echo(f"flushed {flush_all()} events")
        return
    every = every or tk.config.get("ckanext.shaoxing.usage.flush_interval")
    while True:
        started = time.monotonic()
        try:
            flush_all()
        except Exception as e:   # a Redis/PostgreSQL hiccup must not stop the flusher
            model.Session.rollback()   # or the session stays unusable after a lost connection
            click.echo(f"flush failed, retrying: {e}", err=True)
        time.sleep(max(1.0, every - (time.monotonic() - started)))
