"""`ckan shaoxing access flush`: move the app keys' call counts to PostgreSQL now (the usage
flusher does it at every interval)."""
from __future__ import annotations

import click

from . import counting


@click.group(short_help="Company access (app keys' counters)")
def access():
    """Company access: companies, grants and app keys."""


@access.command()
def flush():
    """Move the app keys' call counts from Redis into PostgreSQL."""
    click.echo(f"flushed {counting.flush()} key calls")
