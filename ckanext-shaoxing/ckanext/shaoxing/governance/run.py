"""Checking one dataset: every resource probed, every CSV/XLSX/JSON file read once (streamed,
through the reader the DataStore loader uses too: tabular.py), the eight dimensions scored,
the privacy findings quarantining their resources, and the result stored."""
from __future__ import annotations

import csv
import datetime as dt
import logging
import time
import zipfile

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from .. import clock, tabular
from ..history import api as history
from ..schemas.api import codes
from . import files, quarantine, rate, settings, verdict
from .checks import dimensions as dims
from .checks import privacy
from .checks.table import Profiler, Stopped, first_row
from .model import quality

log = logging.getLogger(__name__)
# Region codes a file may hold: the province, the city and its districts (GB/T 2260).
PROVINCE_AND_CITY = {"330000", "330600"}
# Sent (package_ids=[id]) once a dataset's check result is stored, failed checks included: what
# other features keep of the result (the targets' governance rate) is refreshed by it.
CHECKED = "shaoxing_quality_checked"


def announce(package_id: str) -> None:
    tk.signals.ckanext.signal(CHECKED).send("governance", package_ids=[package_id])


def _site_context() -> dict:
    return {"ignore_auth": True, "user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]}


def read_table(path: str, fmt: str, pkg: dict, day: dt.date) -> tuple:
    """(profile, notes) of one file; raises files.Unavailable with the reason it cannot be read."""
    items = {i.get("field_name"): i for i in pkg.get("data_items") or [] if i.get("field_name")}
    notes = []
    if fmt == "xlsx":
        try:
            sheets = tabular.sheet_count(path)
        except tabular.Unreadable as e:
            raise files.Unavailable(e.zh, e.en)
        if sheets > 1:
            notes.append(dims.item("sheets", f"工作簿有 {sheets} 个工作表，只检查第一个（与数据存储载入的一致）",
                                   f"the workbook has {sheets} sheets; the first is checked (the one the DataStore loads)"))
    deadline = time.monotonic() + settings.limit("max_seconds")
    try:
        rows = tabular.rows_of(path, fmt, settings.limit("max_unpacked_bytes"))
        header = first_row(rows)
        if not header:
            raise files.Unavailable("文件为空", "the file is empty")
        regions = codes("region_code") | PROVINCE_AND_CITY
        profiler = Profiler(header, items, day, regions, settings.limit("unique_rows"))
        profile = profiler.run(rows, deadline=deadline, max_rows=settings.limit("max_rows"))
    except tabular.Unreadable as e:
        raise files.Unavailable(e.zh, e.en)
    except Stopped as e:
        raise files.Unavailable(e.zh, e.en)
    except csv.Error as e:
        raise files.Unavailable(f"CSV 格式错误：{e}", f"malformed CSV: {e}")
    except (UnicodeDecodeError, ValueError, KeyError, OSError, zipfile.BadZipFile) as e:
        raise files.Unavailable(f"无法读取文件：{e}", f"cannot read the file: {e}")
    return profile, notes


def _findings(profile) -> list[dict]:
    return [{"column": c.name, "kind": kind, "count": c.privacy[kind]}
            for c in profile.columns for kind in privacy.KINDS if c.privacy[kind]]


def _masked(profile) -> list[dict]:
    return [{"column": c.name, "count": c.privacy["masked"]} for c in profile.columns if c.privacy["masked"]]


def check(package_id: str, day: dt.date | None = None) -> dict:
    """Check the dataset now and store the result; returns it (as shaoxing_quality_show does)."""
    day = day or clock.today()
    context = _site_context()
    pkg = tk.get_action("package_show")(context, {"id": package_id})
    timeout = float(tk.config.get("ckanext.shaoxing.quality.link_timeout"))
    has_table = any(r.get("datastore_active") for r in pkg.get("resources", []))
    tables, unreadable, probes, privacy_rows, notes = [], [], [], [], []
    for res in pkg.get("resources", []):
        probe = files.probe(res, timeout)
        if res.get("interface_type", "file") != "file" and not has_table:
            probe = {"name": probe["name"], "ok": False, "zh": "接口的数据表未载入",
                     "en": "the interface's table is not loaded"}
        probes.append(probe)
        fmt = tabular.file_format(res.get("format"), res.get("url"))
        if res.get("interface_type", "file") != "file" or fmt is None:
            continue
        if not probe["ok"]:
            unreadable.append({"name": res.get("name"), "zh": probe["zh"], "en": probe["en"]})
            continue
        try:
            with files.local_copy(res, "." + fmt, settings.limit("max_bytes"), timeout) as path:
                profile, more = read_table(path, fmt, pkg, day)
        except files.Unavailable as e:
            unreadable.append({"name": res.get("name"), "zh": e.zh, "en": e.en})
            privacy_rows.append({"resource_id": res["id"], "name": res.get("name"), "findings": [], "complete": False})
            continue
        notes.extend(dict(n, resource=res.get("name")) for n in more)
        tables.append((res, profile))
        privacy_rows.append({"resource_id": res["id"], "name": res.get("name"), "findings": _findings(profile),
                             "masked": _masked(profile), "complete": True,
                             "digest": f"{res.get('url')}|{res.get('last_modified')}|{res.get('size')}"})
    result = score(pkg, tables, unreadable, probes, day)
    result["dimensions"]["consistency"]["evidence"].extend(notes)
    held = {p["resource_id"]: (quarantine.state(p["resource_id"]) or {}).get("state") for p in privacy_rows}
    states = quarantine.apply(pkg, privacy_rows)
    _record_in_history(pkg["id"], privacy_rows, held, states)
    quarantined = [p for p in privacy_rows if states.get(p["resource_id"]) == "quarantined"]
    if quarantined:
        result["passed"] = False
    row = {"package_id": pkg["id"], "score": result["score"], "passed": result["passed"],
           "dimensions": result["dimensions"], "errors": unreadable,
           "privacy": [{k: v for k, v in p.items() if k != "digest"} | {"state": states.get(p["resource_id"])}
                       for p in privacy_rows],
           "checked_at": dt.datetime.utcnow()}
    model.Session.execute(insert(quality).values(**row).on_conflict_do_update(
        index_elements=["package_id"], set_={k: v for k, v in row.items() if k != "package_id"}))
    model.Session.commit()
    rate.record(day)
    announce(pkg["id"])
    return row


def _record_in_history(package_id: str, rows: list[dict], held: dict, states: dict) -> None:
    """A resource the check quarantined or released enters the entry's history (by the site
    user: the check did it)."""
    for row in rows:
        before, after = held.get(row["resource_id"]), states.get(row["resource_id"])
        if before == after or (after is not None and after != "quarantined"):
            continue
        history.quarantine_changed(package_id, {"id": row["resource_id"], "name": row.get("name")},
                                   "quarantined" if after else "released", None)


def score(pkg: dict, tables: list, unreadable: list, probes: list, day: dt.date) -> dict:
    """The dimensions, the weighted total and whether the dataset passes: at the threshold, with
    no dimension under the floor (a dataset full of duplicates does not pass on its other merits)."""
    d = {}
    d["completeness"] = dims.completeness(pkg, tables)
    d["accuracy"] = dims.accuracy(tables)
    d["standardization"] = dims.standardization(pkg, tables)
    d["consistency"] = dims.consistency(pkg, tables, unreadable)
    d["uniqueness"] = dims.uniqueness(tables)
    d["relatedness"] = dims.relatedness(pkg, tables, codes("domain"), codes("region_code"))
    d["timeliness"] = dims.timeliness(pkg, day)
    d["accessibility"] = dims.accessibility(probes)
    weights = settings.weights()
    total = round(sum(weights[k] * s for k, (s, _) in d.items()), 1)
    passed = not verdict.failures(total, {k: s for k, (s, _) in d.items()}, settings.threshold(), settings.floor())
    return {"score": total, "passed": passed,
            "dimensions": {k: {"score": s, "weight": round(weights[k], 4), "evidence": ev} for k, (s, ev) in d.items()}}


def check_all(day: dt.date | None = None, log_each=None, missing: bool = False) -> dict:
    """Every active dataset (`missing`: those never checked), one after another; one failing
    does not stop the rest."""
    q = model.Session.query(model.Package.id).filter(model.Package.state == "active", model.Package.type == "dataset")
    if missing:
        q = q.filter(~sa.exists().where(quality.c.package_id == model.Package.id))
    ids = [r[0] for r in q.order_by(model.Package.name)]
    done = failed = 0
    for package_id in ids:
        try:
            check(package_id, day)
            done += 1
        except Exception as e:        # recorded in the log; the next dataset is checked
            model.Session.rollback()
            failed += 1
            log.exception("quality check of %s failed", package_id)
            if log_each:
                log_each(f"{package_id}: {e}")
    rate.record(day or clock.today())
    return {"checked": done, "failed": failed}



