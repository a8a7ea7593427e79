"""`ckan shaoxing audit purge`: the retention of the audit trail (from cron, e.g. daily)."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import click

from . import model
from .trail import now, record


def retention_days() -> int:
    """The configured retention; below the legal minimum is a configuration error, not a shorter trail."""
    days = tk.config.get("ckanext.shaoxing.audit.retention_days")
    if days < model.MIN_RETENTION_DAYS:
        raise click.UsageError(f"ckanext.shaoxing.audit.retention_days = {days}: at least "
                               f"{model.MIN_RETENTION_DAYS} days are kept (网络安全法 art. 21)")
    return days


@click.group(short_help="The security audit trail")
def audit():
    """安全审计记录 / the security audit trail."""


@audit.command("purge")
def purge():
    """Delete events older than ckanext.shaoxing.audit.retention_days (at least 180)."""
    days = retention_days()
    before = now() - dt.timedelta(days=days)
    deleted = model.purge(before)
    record("audit.purge", None, "audit", None, detail={"deleted": deleted, "before": before.isoformat(),
                                                        "retention_days": days})
    click.echo(f"deleted {deleted} events older than {before.isoformat()} ({days} days)")
