"""Background import for the web: the upload is checked (dry run), shown, then imported, each
step a job in the CKAN queue so a large workbook never holds a web worker."""
from __future__ import annotations

from .bundle import discard
from .importer import ImportFailed, import_workbook
from .problems import WorkbookRefused

RESULT_TTL = 7 * 24 * 3600   # seconds the report stays readable in Redis


def run_import(path: str, dry_run: bool, allow_resource_removal: bool = False, user: str | None = None) -> dict:
    """Job body. Returns {"ok": bool, "dry_run", "report" | "problems"}; the file (with the
    folder its zip was unpacked into) is removed after a real import, kept after a clean dry run
    for the confirmation. `user`: who confirmed it (the entries' history names them)."""
    try:
        report = import_workbook(path, dry_run=dry_run, allow_resource_removal=allow_resource_removal, user=user)
    except (ImportFailed, WorkbookRefused) as e:
        discard(path)
        return {"ok": False, "dry_run": dry_run, "problems": [p.as_dict() for p in e.problems]}
    if not dry_run:
        discard(path)
    return {"ok": True, "dry_run": dry_run, "report": report.as_dict()}
