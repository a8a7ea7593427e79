"""`ckan shaoxing …` commands; each feature adds its own group below."""
import click

from .access.cli import access
from .audit.cli import audit
from .catalog.cli import catalog
from .feedback.cli import feedback
from .files.cli import files
from .governance.cli import quality
from .interfaces.cli import datastore
from .ops.cli import backup, restore
from .search.cli import synonyms
from .seed.cli import seed, seed_faults
from .targets.cli import targets
from .usage.cli import usage

__all__ = ["shaoxing"]


@click.group(short_help="Shaoxing open data platform commands")
def shaoxing():
    """绍兴市公共数据开放平台 / Shaoxing open data platform."""


shaoxing.add_command(seed)
shaoxing.add_command(seed_faults)
shaoxing.add_command(catalog)
shaoxing.add_command(usage)
shaoxing.add_command(datastore)
shaoxing.add_command(access)
shaoxing.add_command(quality)
shaoxing.add_command(audit)
shaoxing.add_command(targets)
shaoxing.add_command(backup)
shaoxing.add_command(restore)
shaoxing.add_command(files)
shaoxing.add_command(feedback)
shaoxing.add_command(synonyms)
