"""`ckan shaoxing catalog import|export`."""
from __future__ import annotations

import pathlib
import sys

import ckan.model as model
import click

from . import export as exporter
from .importer import ImportFailed, import_workbook
from .problems import WorkbookRefused


@click.group(short_help="Import or export the catalogue workbook (.xlsx)")
def catalog():
    """绍兴市公共数据开放目录 workbook: import (upsert by 信息资源代码) and export."""


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing")
@click.option("--allow-resource-removal", is_flag=True,
              help="Let the import remove resources no row names, and replace uploads by links")
@click.option("--user", "user", default=None, metavar="NAME",
              help="The account the entries' history records the changes under (default: the site user)")
def import_(file: pathlib.Path, dry_run: bool, allow_resource_removal: bool, user: str | None):
    """Create new entries, update changed ones, leave unchanged ones alone. All or nothing.
    A resource is removed (or its upload replaced by a link) only with --allow-resource-removal;
    the dry run lists them."""
    def progress(entries):
        if not sys.stdout.isatty():
            return entries
        return click.progressbar(entries, label="导入 importing", show_pos=True)

    if user and model.User.get(user) is None:
        raise click.BadParameter(f"没有账号 {user} / no account {user}", param_hint="--user")
    try:
        report = import_workbook(file, dry_run=dry_run, allow_resource_removal=allow_resource_removal,
                                 progress=_consume(progress), user=user)
    except (ImportFailed, WorkbookRefused) as e:
        for problem in e.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(e.problems)} 个问题，未写入任何数据 / "
                                   f"{len(e.problems)} problem(s), nothing was written")
    for loss in report.removed:
        click.echo(f"  {loss['catalog_code']}: {loss['name']} ({loss['id']}, {loss['downloads']} downloads) "
                   f"{'removed' if loss['change'] == 'removed' else 'upload replaced by a link'}")
    click.echo(report.summary())


@catalog.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=pathlib.Path))
def export(file: pathlib.Path):
    """Write the published catalogue (public entries) in the import layout."""
    count = exporter.write(str(file))
    click.echo(f"exported {count} entries to {file}")


def _consume(progress):
    """click.progressbar is a context manager; the importer wants a plain iterable."""
    def wrap(entries):
        bar = progress(entries)
        if bar is entries:
            yield from entries
            return
        with bar as items:
            yield from items
    return wrap
