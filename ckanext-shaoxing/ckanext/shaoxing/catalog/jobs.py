"""Background import for the web: the upload is checked (dry run), shown, then imported, each
step a job in the CKAN queue so a large workbook never holds a web worker."""
from __future__ import annotations

import contextlib

from ..files import api as files_api
from .bundle import discard, fetched, is_stored
from .importer import ImportFailed, import_workbook
from .problems import WorkbookRefused

RESULT_TTL = 7 * 24 * 3600   # seconds the report stays readable in Redis


def run_import(path: str, dry_run: bool, allow_resource_removal: bool = False, user: str | None = None) -> dict:
    """Job body. Returns {"ok": bool, "dry_run", "report" | "problems"}; the file is removed after
    a real import, kept after a clean dry run for the confirmation. `path`: a location in the
    catalogue storage (the web import), or a file of this machine (with the folder its zip was
    unpacked into). `user`: who confirmed it (the entries' history names them)."""
    if is_stored(path):
        return _run_stored(path, dry_run, allow_resource_removal, user)
    try:
        report = import_workbook(path, dry_run=dry_run, allow_resource_removal=allow_resource_removal, user=user)
    except (ImportFailed, WorkbookRefused) as e:
        discard(path)
        return {"ok": False, "dry_run": dry_run, "problems": [p.as_dict() for p in e.problems]}
    if not dry_run:
        discard(path)
    return {"ok": True, "dry_run": dry_run, "report": report.as_dict()}


def _run_stored(location: str, dry_run: bool, allow_resource_removal: bool, user: str | None) -> dict:
    try:
        with fetched(location) as workbook:
            report = import_workbook(str(workbook), dry_run=dry_run, allow_resource_removal=allow_resource_removal,
                                     user=user)
    except (ImportFailed, WorkbookRefused) as e:
        with contextlib.suppress(files_api.Unavailable):
            files_api.remove(files_api.CATALOG, location)
        return {"ok": False, "dry_run": dry_run, "problems": [p.as_dict() for p in e.problems]}
    if not dry_run:
        files_api.remove(files_api.CATALOG, location)
    return {"ok": True, "dry_run": dry_run, "report": report.as_dict()}


def kept(ref: str) -> bool:
    """Whether an import job's file is still there to be confirmed."""
    import os
    return files_api.exists(files_api.CATALOG, ref) if is_stored(ref) else os.path.exists(ref)
