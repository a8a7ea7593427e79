"""`ckan shaoxing backup` and `ckan shaoxing restore` (docs/operator/backups.md)."""
from __future__ import annotations

import pathlib

import ckan.plugins.toolkit as tk
import click

from . import backup as backups
from . import restore as restores


@click.command(short_help="Back up both databases, the stored files and the configuration")
@click.option("--to", "root", default=None, help="Folder of the backups (default: ckanext.shaoxing.ops.backup_dir)")
@click.option("--keep", type=int, default=None, help="Keep the newest N backups (default: ckanext.shaoxing.ops.backup_keep)")
@click.option("--max-age-days", type=int, default=None,
              help="Delete backups older than this (default: ckanext.shaoxing.ops.backup_max_age_days)")
def backup(root: str | None, keep: int | None, max_age_days: int | None):
    """A dated, checked backup; two never run at once."""
    root = root or tk.config.get("ckanext.shaoxing.ops.backup_dir")
    if not root:
        raise click.UsageError("give --to or set ckanext.shaoxing.ops.backup_dir")
    keep = keep if keep is not None else tk.config.get("ckanext.shaoxing.ops.backup_keep")
    if max_age_days is None:
        max_age_days = tk.config.get("ckanext.shaoxing.ops.backup_max_age_days")
    try:
        folder = backups.backup(pathlib.Path(root), keep or None, max_age_days or None)
    except backups.BackupError as e:
        raise click.ClickException(str(e)) from e
    click.echo(str(folder))


@click.command(short_help="Restore a backup into this portal and rebuild the search index")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=pathlib.Path))
@click.option("--force", is_flag=True, help="Replace a portal that already holds a catalogue")
def restore(folder: pathlib.Path, force: bool):
    """Check the backup against its manifest, restore it, rebuild the search index."""
    try:
        done = restores.restore(folder, force=force)
    except backups.BackupError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"restored the backup of {done['created']}: {done['files']} stored files; search index rebuilt")
