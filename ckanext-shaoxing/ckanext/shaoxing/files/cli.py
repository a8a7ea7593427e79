"""`ckan shaoxing files …`: the stored files."""
from __future__ import annotations

import click

from . import api
from . import move as moving


@click.group(short_help="Stored files (resources, contest files)")
def files():
    """存储的文件 / Stored files."""


@files.command("move", short_help="Move files of the ckan.storage_path layout into the configured storages")
def move():
    """把 ckan.storage_path 目录中的文件移入已配置的存储（可重复运行）/ Move files kept in the
    ckan.storage_path layout into the configured storages (safe to re-run)."""
    for kind in moving.KINDS:
        done = moving.move(kind)
        click.echo(f"{kind} ({api.storage(kind).settings.name}): {done.moved} moved ({done.bytes} bytes), "
                   f"{done.in_place} already in place")
