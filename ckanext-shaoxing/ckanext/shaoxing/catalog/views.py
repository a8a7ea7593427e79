"""Catalogue workbook pages: the public export, and the sysadmin's upload → check → import."""
from __future__ import annotations

import os
import tempfile

import ckan.authz as authz
import ckan.lib.jobs as jobs
import ckan.plugins.toolkit as tk
from flask import Blueprint, after_this_request, send_file

from .. import clock, safezip
from ..web import login_or_forbid
from . import bundle, report
from . import export as exporter
from . import jobs as import_jobs

catalog = Blueprint("shaoxing_catalog", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@catalog.route("/catalog/export.xlsx")
def export_xlsx():
    """The published catalogue, public entries only, in the import layout."""
    handle, name = tempfile.mkstemp(suffix=".xlsx", prefix="shaoxing-export-")
    os.close(handle)
    exporter.write(name, hide_conditional_links=not authz.is_sysadmin(tk.current_user.name if tk.current_user.is_authenticated
                                                                         else None))

    @after_this_request
    def remove(response):
        os.remove(name)
        return response

    today = clock.today().strftime("%Y%m%d")   # the city's date, not the server's
    return send_file(name, mimetype=XLSX, as_attachment=True,
                     download_name=f"绍兴市公共数据开放目录-{today}.xlsx", max_age=0)


def _require_sysadmin():
    return login_or_forbid("shaoxing_catalog_import", tk._("Only sysadmins may import the catalogue"))


def _enqueue(path: str, dry_run: bool, allow_removal: bool = False) -> str:
    # the confirming sysadmin: the entries' history records the import as theirs
    job = tk.enqueue_job(import_jobs.run_import, [path, dry_run, allow_removal, tk.current_user.name],
                         title=f"catalogue import{' (dry run)' if dry_run else ''}: {os.path.basename(path)}",
                         rq_kwargs={"result_ttl": import_jobs.RESULT_TTL, "timeout": 3600})
    return job.id


@catalog.route("/ckan-admin/catalog/import", methods=["GET", "POST"])
def import_form():
    if (redirect := _require_sysadmin()) is not None:
        return redirect
    if tk.request.method == "GET":
        return _form()
    upload = tk.request.files.get("workbook")
    if not upload or not upload.filename:
        return _refused(tk._("Choose a workbook (.xlsx) or a zip of the workbook and its files to import"))
    try:
        location = bundle.keep(upload)     # checked, then kept in the catalogue storage
    except safezip.Refused as e:      # nothing kept, nothing queued
        return _refused(e.zh if str(tk.h.lang() or "").startswith("zh") else e.en)
    return tk.redirect_to("shaoxing_catalog.import_status", job_id=_enqueue(location, dry_run=True))


def _form(error: str | None = None):
    limits = {"files": tk.config.get("ckanext.shaoxing.catalog.max_bundle_files"),
              "mb": tk.config.get("ckanext.shaoxing.catalog.max_bundle_bytes") // 1048576}
    return tk.render("shaoxing/catalog_import.html", {"error": error, "limits": limits})


def _refused(error: str):
    return _form(error), 400


@catalog.route("/ckan-admin/catalog/import/<job_id>", methods=["GET", "POST"])
def import_status(job_id: str):
    if (redirect := _require_sysadmin()) is not None:
        return redirect
    try:
        job = jobs.job_from_id(job_id)
    except (KeyError, ValueError):    # rq refuses ids it could never have made
        tk.abort(404, tk._("No such import"))
    if tk.request.method == "POST":   # confirmation of a clean dry run
        path = job.args[0]
        result = job.return_value()
        if not (result and result["ok"] and result["dry_run"] and import_jobs.kept(path)):
            tk.abort(409, tk._("This check cannot be confirmed"))
        # Resources the check listed as removed go only when the sysadmin ticked the box naming them.
        allow = tk.request.form.get("allow_resource_removal") == "yes"
        if result["report"].get("removed") and not allow:
            tk.abort(409, tk._("Confirm the removal of the listed resources to import this workbook"))
        new_job = _enqueue(path, False, allow)
        tk.signals.ckanext.signal("shaoxing_security_event").send(
            "catalog.import", actor=tk.current_user.name, object_type="import_job", object_id=new_job,
            result="success", detail={"checked_by_job": job_id, "allow_resource_removal": allow,
                                      **{k: len(v) for k, v in result["report"].items() if isinstance(v, list)}})
        return tk.redirect_to("shaoxing_catalog.import_status", job_id=new_job)
    status = job.get_status()
    result = job.return_value() if job.is_finished else None
    page = tk.h.get_page_number(tk.request.args)
    return tk.render("shaoxing/catalog_import_status.html",
                     {"job_id": job_id, "status": str(getattr(status, "value", status)), "result": result,
                      "failed": job.is_failed,
                      "problems": report.problem_rows(result["problems"], page) if result and not result["ok"] else None})
