"""`ckan shaoxing targets rebuild`: the targets' kept figures recomputed from every dataset (the
repair after anything that changed datasets behind the plugin's hooks, e.g. SQL by hand)."""
from __future__ import annotations

import click

from . import cache, figures


@click.group(short_help="The yearly targets' figures")
def targets():
    """Figures of the yearly targets (open datasets, open APIs, shared interfaces)."""


@targets.command("rebuild")
def rebuild():
    """Recompute the kept figures and values of every dataset from scratch and retire the cached results."""
    figure_rows, dataset_rows = figures.rebuild()
    cache.changed()
    click.echo(f"{figure_rows} figure rows and {dataset_rows} dataset rows rebuilt")
