"""`ckan shaoxing seed`: departments and demo accounts of a fresh portal."""
from __future__ import annotations

import os
import pathlib

import ckan.plugins.toolkit as tk
import click

from . import accounts, departments, faults


def site_context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


@click.command(short_help="Load departments and demo accounts")
@click.option("--departments", "departments_csv", type=click.Path(exists=True, dir_okay=False,
              path_type=pathlib.Path), required=True, help="CSV: name,title,title_en,org_code,credit_code,description")
@click.option("--accounts/--no-accounts", "with_accounts", default=True,
              help="Create demo accounts; passwords from DEMO_SYSADMIN_PASSWORD, "
                   "DEMO_EDITOR_PASSWORD, DEMO_USER_PASSWORD")
def seed(departments_csv: pathlib.Path, with_accounts: bool):
    """Create or update the departments, then the demo accounts. Safe to run again."""
    context = site_context()
    try:
        created, updated = departments.upsert(context, departments.read(departments_csv))
    except tk.ValidationError as e:
        raise click.ClickException(f"{departments_csv}: {e.error_summary}")
    click.echo(f"departments: created {created}, updated {updated}")
    if with_accounts:
        env = {"sx_admin": "DEMO_SYSADMIN_PASSWORD", "sx_editor": "DEMO_EDITOR_PASSWORD",
               "sx_citizen": "DEMO_USER_PASSWORD"}
        names = accounts.ensure(context, {u: os.environ.get(v, "") for u, v in env.items()})
        click.echo("accounts: " + (", ".join(names) or "none (no passwords given)"))



@click.command("seed-faults", short_help="Load the seed's deliberately faulty entries")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=pathlib.Path))
def seed_faults(folder: pathlib.Path):
    """Create the entries of FOLDER/faults.json (duplicate rows, wrong types, a stale monthly
    entry, a dead link, test ID numbers), which the quality checks then flag. Safe to run again."""
    created, present = faults.load(site_context(), folder)
    click.echo(f"faulty entries: created {created}, already present {present}")
