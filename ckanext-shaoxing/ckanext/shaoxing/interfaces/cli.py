"""`ckan shaoxing datastore load RESOURCE_ID` and `ckan shaoxing datastore load-all`: loads
run now, in this process (and its forks), the same checked load the worker runs."""
from __future__ import annotations

import gc
import multiprocessing
import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import click
import sqlalchemy as sa

from . import jobs, prepare


@click.group(short_help="DataStore loading of tabular resources")
def datastore():
    """Tabular files (CSV, XLSX, JSON) into CKAN's DataStore."""


@datastore.command()
@click.argument("resource_id")
@click.option("--force", is_flag=True, help="Load even if the file and its columns are unchanged")
def load(resource_id: str, force: bool):
    """Load one resource now and print its state."""
    state = jobs.load(resource_id, force=force)
    click.echo(f"{resource_id}: {state.get('state')} {(state.get('error') or {}).get('message', '')}".rstrip())


def _tabular_resources(missing: bool) -> list[str]:
    rows = model.Session.execute(sa.text(
        "SELECT r.id, r.format, r.url, (r.extras::jsonb)->>'datastore_active' AS active, t.state AS last, "
        # a load pending or running for longer than a job may run was lost (a killed process)
        "t.state IN ('pending', 'running') AND t.last_updated < now() at time zone 'utc' - make_interval(secs => :timeout) "
        "AS lost FROM resource r JOIN package p ON p.id = r.package_id "
        "LEFT JOIN task_status t ON t.entity_id = r.id AND t.task_type = 'xloader' AND t.key = 'xloader' "
        "WHERE r.state = 'active' AND p.state = 'active' "
        "AND COALESCE((r.extras::jsonb)->>'interface_type', 'file') = 'file' ORDER BY r.id"),
        {"timeout": int(tk.config.get("ckanext.xloader.job_timeout"))}).all()
    return [r.id for r in rows if prepare.file_format(r.format, r.url)
            and not (missing and (r.active == "true" or r.last == "error") and not r.lost)]


def _own_connections() -> None:
    # A forked child opens its own connections, never using (or closing) the parent's.
    model.meta.engine.dispose(close=False)
    from ckanext.datastore.backend import postgres
    for engine in postgres._engines.values():
        engine.dispose(close=False)


def _load_quietly(resource_id: str) -> tuple[str, str]:
    try:
        state = jobs.load(resource_id)
    except Exception as e:   # one bad resource must not stop the others
        model.Session.rollback()
        return resource_id, f"error {e}"
    finally:
        model.Session.remove()
    return resource_id, state.get("state", "?")


@datastore.command()
def resume():
    """Queue again the loads a killed worker left running, or the jobs queue's outage left
    unqueued (run before `ckan jobs worker` starts)."""
    lost = jobs.resume()
    click.echo(f"queued again {len(lost)} abandoned loads" + "".join(f"\n  {r}" for r in lost))


@datastore.command("load-all")
@click.option("--missing", is_flag=True, help="Only resources not loaded yet (and not failed), or whose load was lost")
@click.option("--workers", type=int, default=None,
              help="Processes (default: ckanext.shaoxing.datastore.load_workers)")
def load_all(missing: bool, workers: int | None):
    """Load every tabular file resource now, with a few processes."""
    ids = _tabular_resources(missing)
    workers = max(1, workers or tk.config.get("ckanext.shaoxing.datastore.load_workers"))
    started = time.monotonic()
    results: dict[str, int] = {}
    if ids:
        model.Session.close()
        gc.collect()
        with multiprocessing.get_context("fork").Pool(min(workers, len(ids)), initializer=_own_connections) as pool:
            for _, state in pool.imap_unordered(_load_quietly, ids, chunksize=4):
                key = state.split()[0]
                results[key] = results.get(key, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(results.items())) or "nothing to load"
    click.echo(f"loaded {len(ids)} resources in {time.monotonic() - started:.1f}s: {summary}")
