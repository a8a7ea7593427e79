"""`ckan shaoxing synonyms …`: the synonym list (同义词表) from the command line."""
from __future__ import annotations

import sys

import click

from . import synonyms as store


@click.group(short_help="The search's synonym list (同义词表)")
def synonyms():
    """Pairs of equivalent terms the search widens a query with; changes apply at once."""


@synonyms.command("import")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Empty the list first (default: add to it).")
@click.option("--if-empty", is_flag=True, help="Only into an empty list (a portal's first start).")
def import_(path, replace, if_empty):
    """Load pairs from a CSV (term,synonym); without PATH, the portal's initial list."""
    if if_empty and store.pairs():
        click.echo("the list is not empty: left as it is")
        return
    result = store.import_csv(path or store.SEED, user=None, keep=not replace)
    for error in result["errors"]:
        click.echo(error, err=True)
    if result["errors"]:
        raise click.ClickException("nothing imported / 未导入")
    click.echo(f"added {result['added']}, already there {result['present']}")


@synonyms.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
def export(path):
    """Write the list as CSV (to PATH, or standard output)."""
    if path:
        with open(path, "w", encoding="utf-8", newline="") as out:
            count = store.export_csv(out)
        click.echo(f"{count} pairs written to {path}", err=True)
    else:
        store.export_csv(sys.stdout)


@synonyms.command("list")
def list_():
    """The pairs, one a line."""
    for term, other in store.pairs():
        click.echo(f"{term} ↔ {other}")
