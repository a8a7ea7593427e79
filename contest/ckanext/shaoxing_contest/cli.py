"""`ckan shaoxing-contest …`."""
from __future__ import annotations

import click

__all__ = ["shaoxing_contest"]


@click.group(name="shaoxing-contest", short_help="Open-data innovation contest commands")
def shaoxing_contest():
    """开放数据创新应用大赛 / the open-data innovation contest."""


@shaoxing_contest.command(short_help="Create the seed contests (edition 3 live, 1–2 archived); safe to re-run")
def seed():
    from . import seed as seed_module
    for line in seed_module.run():
        click.echo(line)



@shaoxing_contest.group(short_help="Submission files")
def files():
    """作品文件 / submission files."""


@files.command(short_help="Move files of earlier versions out of the statically served folder; safe to re-run")
def relocate():
    from . import uploads
    click.echo(f"moved {uploads.relocate()} file(s) to the private folder")
