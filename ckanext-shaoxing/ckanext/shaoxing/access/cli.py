"""`ckan shaoxing access flush`: move the app keys' call counts to PostgreSQL now (the usage
flusher does it at every interval)."""
from __future__ import annotations

import os

import click

from . import counting


@click.group(short_help="Company access (app keys' counters)")
def access():
    """Company access: companies, grants and app keys."""


@access.command()
def flush():
    """Move the app keys' call counts from Redis into PostgreSQL."""
    click.echo(f"flushed {counting.flush()} key calls")


@access.command()
def demo():
    """The demo company account `sx_company` (password DEMO_COMPANY_PASSWORD): verified, with one
    grant on a conditional entry. Safe to run again."""
    from . import demo as demo_company
    password = os.environ.get("DEMO_COMPANY_PASSWORD")
    if not password:
        raise click.ClickException("DEMO_COMPANY_PASSWORD is not set")
    done = demo_company.ensure(password)
    click.echo(f"demo company: {done['company']}, grant on {done['grant'] or 'no conditional entry'}")
