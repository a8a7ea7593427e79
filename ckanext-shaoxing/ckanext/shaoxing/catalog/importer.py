"""Import a catalogue workbook: upsert by catalogue code, all or nothing.

Every row is validated once by the real scheming schema inside one database transaction; any
problem rolls the whole transaction back and lists every problem found. Entries new to the
portal are created in bulk (bulk.py), changed ones through package_update; search indexing
follows the database commit, with one Solr commit (indexing.py).
"""
from __future__ import annotations

import contextlib
import logging
import os
import pathlib
from dataclasses import dataclass, field
from typing import Callable, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ..targets import cache as target_cache
from . import bulk, indexing, layout, rows
from .codes import Codes
from .problems import Problem
from .reader import Workbook

log = logging.getLogger(__name__)

ENTRY_FIELDS = [c.field for c in layout.ENTRY_COLUMNS if c.field and c.field not in ("owner_org", "tag_string")]
RESOURCE_FIELDS = ("name", "interface_type", "format", "issued", "description")
ITEM_FIELDS = ("field_name", "field_label", "field_type", "description")
HEADERS = {c.field: c.header for c in layout.ENTRY_COLUMNS if c.field}
HEADERS["name"] = "信息资源代码"          # the URL name is made from the code
RESOURCE_HEADERS = {c.field: c.header for c in layout.RESOURCE_COLUMNS}
ITEM_HEADERS = {c.field: c.header for c in layout.DATA_ITEM_COLUMNS}


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Report:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        prefix = "dry run: would have " if self.dry_run else ""
        return (f"{prefix}created {len(self.created)}, updated {len(self.updated)}, "
                f"unchanged {len(self.unchanged)}")

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "summary": self.summary()}


def import_workbook(path: str | os.PathLike, dry_run: bool = False,
                    progress: Callable[[list], Iterable] = lambda items: items) -> Report:
    report, changed = _write_workbook(pathlib.Path(path), dry_run, progress)
    # The workbook's rows are gone with the function above: the indexing workers fork a small process.
    if changed:
        # The datasets' own hooks retired the cached target figures before the commit; a
        # dashboard read during a long import would have cached the old figures again.
        target_cache.changed()
    log.info("indexing %d entries", len(changed))
    indexing.index_packages(changed)
    return report


def _write_workbook(path: pathlib.Path, dry_run: bool, progress: Callable[[list], Iterable]) -> tuple[Report, list[str]]:
    """Reads, validates and (unless a dry run) commits the workbook; returns the report and the
    ids of the datasets written."""
    problems: list[Problem] = []
    codes = Codes()
    with Workbook(path, tk.config.get("ckanext.shaoxing.catalog.max_import_bytes"),
                  tk.config.get("ckanext.shaoxing.catalog.max_import_rows")) as workbook:
        entries = rows.collect(workbook, codes, problems)
    if any(p.row in (None, 1) for p in problems):   # the layout itself is wrong: rows mean nothing
        raise ImportFailed(problems)

    existing = _existing_ids([e.data["catalog_code"] for e in entries])
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    readable = [e for e in entries if e.valid]
    validate = bulk.Validator([e.data for e in readable if e.data["catalog_code"] not in existing], site_user)
    report, changed, new, names = Report(dry_run), [], [], {}
    try:
        # Rows that could not be read are already reported; the rest still go through the schema
        # so that one run lists every problem of the file.
        for entry in progress(readable):
            code = entry.data["catalog_code"]
            desired = _with_files(entry, path.parent, problems)
            if desired is None:
                continue
            package_id = existing.get(code)
            if package_id is None:    # new to the portal: validated now, created in bulk below
                data = _validated(entry, desired, validate, names, problems)
                if data is not None:
                    new.append((desired, data))
                    report.created.append(code)
                continue
            current = _show(package_id)
            if _comparable(current, codes) == _comparable(desired, codes):
                report.unchanged.append(code)
                continue
            try:
                changed.append(_write(desired, current, site_user, upload=not dry_run))
            except tk.ValidationError as e:
                problems.extend(_problems_of(entry, e.error_dict))
                continue
            finally:
                _settle_session()
            report.updated.append(code)
        if problems:
            raise ImportFailed(problems)
        if dry_run:
            model.Session.rollback()
            return report, []
        log.info("saving %d new and %d changed entries", len(new), len(changed))
        changed.extend(_create(new, site_user))
        model.repo.commit()
    except BaseException:
        model.Session.rollback()
        raise
    return report, changed


def _validated(entry: rows.Entry, desired: dict, validate: bulk.Validator, names: dict[str, int],
               problems: list[Problem]) -> dict | None:
    """A new entry validated by the schema, or None with its problems added. Its URL name must
    also differ from the other new entries' (the schema sees only the portal)."""
    data, errors = validate(_without_files(desired))
    name = data.get("name")
    if not errors and name in names:
        errors = {"name": [f"网址标识「{name}」与第{names[name]}行相同 / URL name {name} is the same as row {names[name]}'s"]}
    if errors:
        problems.extend(_problems_of(entry, errors))
        return None
    names[name] = entry.row
    return data


def _create(new: list[tuple[dict, dict]], user: str) -> list[str]:
    """Creates the validated new entries in bulk; entries with files then get their uploads
    through package_update (package_create does not store uploads)."""
    ids = bulk.save([dict(data, resources=[]) if _has_files(desired) else data for desired, data in new], user)
    for package_id, (desired, data) in zip(ids, new):
        if _has_files(desired):
            _write(desired, {"id": package_id, "name": data["name"]}, user, upload=True)
            _settle_session()
    return ids


def _has_files(desired: dict) -> bool:
    return any("_file" in r for r in desired["resources"])


def _without_files(desired: dict) -> dict:
    return dict(desired, resources=[{k: v for k, v in r.items() if k != "_file"} for r in desired["resources"]])


def _settle_session() -> None:
    """After each entry: release the SAVEPOINT that package_update opens and, with defer_commit,
    never closes (nesting would grow with the file), then drop the written rows from the session
    (they stay in the transaction) so each autoflush stays short."""
    session = model.Session()
    while (nested := session.get_nested_transaction()) is not None:
        nested.commit()
    model.Session.flush()
    model.Session.expunge_all()


def _existing_ids(catalog_codes: list[str]) -> dict[str, str]:
    rows_ = model.Session.query(model.Package.extras["catalog_code"].astext, model.Package.id).filter(
        model.Package.extras["catalog_code"].astext.in_(catalog_codes), model.Package.state != "deleted",
        model.Package.extras.has_key("catalog_code"))
    return dict(rows_.all())


def _show(package_id: str) -> dict:
    return tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})


def _with_files(entry: rows.Entry, base: pathlib.Path, problems: list[Problem]) -> dict | None:
    """The entry's package dict with local files found (links stay links); a file's resource
    carries its name as url and the path in `_file`, uploaded only if the entry is written."""
    data = dict(entry.data, resources=[dict(r) for r in entry.data["resources"]])
    ok = True
    for resource, row in zip(data["resources"], entry.resource_rows):
        url = resource.get("url", "")
        if url.startswith(("http://", "https://", "ftp://")):
            continue
        file = (base / url).resolve()
        if not file.is_file() or base.resolve() not in file.parents:
            problems.append(Problem(f"找不到文件 {url}", f"file {url} not found next to the workbook", row,
                                    "资源地址", layout.RESOURCES))
            ok = False
            continue
        resource["url"] = file.name
        resource["_file"] = file
    return data if ok else None


def _write(desired: dict, current: dict | None, user: str, upload: bool) -> str:
    resources = desired.pop("resources")
    _reuse_unchanged_files(resources, current)
    with contextlib.ExitStack() as files:
        for r in resources:
            file = r.pop("_file", None)
            if file and upload and r.get("url_type") != "upload":
                r["upload"] = FileStorage(stream=files.enter_context(file.open("rb")), filename=file.name)
        return _save(desired, resources, current, user)


def _save(desired: dict, resources: list[dict], current: dict, user: str) -> str:
    context = {"user": user, "ignore_auth": True, "defer_commit": True, "return_id_only": True}
    return tk.get_action("package_update")(dict(context), {
        **desired, "id": current["id"], "name": current.get("name") or desired.get("name"), "resources": resources})


def _reuse_unchanged_files(resources: list[dict], current: dict | None) -> None:
    """A file already in the portal under the same name is kept, not uploaded again."""
    if not current:
        return
    stored = {(r.get("name"), _url_key(r)): r for r in current.get("resources", [])}
    for r in resources:
        old = stored.get((r.get("name"), r.get("url")))
        if old is None:
            continue
        r["id"] = old["id"]
        if old.get("url_type") == "upload":
            r.update(url=_url_key(old), url_type="upload")


def _url_key(resource: dict) -> str:
    url = resource.get("url") or ""
    return url.rsplit("/", 1)[-1] if resource.get("url_type") == "upload" else url


def _comparable(pkg: dict, codes: Codes) -> dict:
    """The catalogue content of a package, equal for a workbook row and the stored dataset."""
    org = pkg.get("organization") or {}
    tags = pkg.get("tag_string")
    tag_names = sorted(tags.split(",") if tags is not None else [t["name"] for t in pkg.get("tags", [])])
    return {
        **{f: str(pkg.get(f) or "") for f in ENTRY_FIELDS},
        "owner_org": org.get("name") or pkg.get("owner_org"),
        "tags": tag_names,
        "data_items": [{f: str(i.get(f) or "") for f in ITEM_FIELDS} for i in pkg.get("data_items") or []],
        "resources": [{**{f: str(r.get(f) or "").lower() if f == "format" else str(r.get(f) or "")
                          for f in RESOURCE_FIELDS}, "url": _url_key(r) if "_file" not in r else r["url"]}
                      for r in pkg.get("resources") or []],
    }


def _problems_of(entry: rows.Entry, error_dict: dict) -> list[Problem]:
    found = []
    for key, messages in error_dict.items():
        if key in ("resources", "data_items") and isinstance(messages, list):
            sheet, numbers, headers = ((layout.RESOURCES, entry.resource_rows, RESOURCE_HEADERS)
                                       if key == "resources" else (layout.DATA_ITEMS, entry.item_rows, ITEM_HEADERS))
            for number, errors in zip(numbers, messages):
                for sub, texts in (errors or {}).items():
                    for text in texts:
                        found.append(Problem(*_bilingual(text), number, headers.get(sub, sub), sheet))
            continue
        for text in messages if isinstance(messages, list) else [messages]:
            found.append(Problem(*_bilingual(text), entry.row, HEADERS.get(key, key)))
    return found


def _bilingual(text) -> tuple[str, str]:
    """Our validators say "中文 / English"; CKAN's own messages are one language."""
    text = str(text)
    return tuple(text.split(" / ", 1)) if " / " in text else (text, text)
