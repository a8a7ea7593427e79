"""Import a catalogue workbook: upsert by catalogue code, all or nothing.

Rows are compared with what the portal holds (read in a few queries, current.py): unchanged
entries are left alone. Every new or changed row is validated by the real scheming schema
before anything is written; any problem (or a resource that would be lost without
`allow_resource_removal`) rolls the whole transaction back and lists every problem found.
Entries new to the portal are created in bulk (bulk.py), changed ones through package_update
with their resources matched row by row (matching.py), so ids, uploads and counts stay. Search
indexing follows the database commit, with one Solr commit (indexing.py).

An entry saved on the portal (a form, the API) after the import compared it is not written over:
each changed entry is saved with the version the import read as its precondition (`if_match`,
edits/), and a save in between fails the import, naming the entry; imported again, the workbook
is compared with the new content. A form opened before the import and saved after it meets the
form's own conflict page.
"""
from __future__ import annotations

import contextlib
import logging
import os
import pathlib
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ..edits.api import Conflict
from ..schemas.api import catalog_codes_in_use
from . import bulk, current, indexing, layout, matching, rows
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
# What the workbook says of an entry: an empty cell clears the field.
WORKBOOK_FIELDS = {*ENTRY_FIELDS, "owner_org", "tags", "tag_string", "data_items", "resources", "organization"}
# Sent after an import's commit with the ids of the datasets it wrote: whatever keeps figures
# about the catalogue hears of it without the importer knowing who listens.
CATALOG_CHANGED = "shaoxing_catalog_changed"
CATALOG_INDEXED = "shaoxing_catalog_indexed"


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
    # Resources the import removes, or whose upload a link replaces: {"catalog_code", "id",
    # "name", "url", "change": "removed" | "upload_to_link", "downloads"}
    removed: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        prefix = "dry run: would have " if self.dry_run else ""
        return (f"{prefix}created {len(self.created)}, updated {len(self.updated)}, "
                f"unchanged {len(self.unchanged)}, resources removed {len(self.removed)}")

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "removed": self.removed, "summary": self.summary()}


@dataclass
class _Change:
    entry: rows.Entry
    desired: dict          # the row's package dict, its resources matched (matching.plan)
    package_id: str
    version: str           # the entry's metadata_modified when the import compared it


def import_workbook(path: str | os.PathLike, dry_run: bool = False, allow_resource_removal: bool = False,
                    progress: Callable[[list], Iterable] = lambda items: items, user: str | None = None) -> Report:
    """`user`: the account the entries' history records the changes under (the sysadmin who
    confirmed the import); the site user's by default, which CKAN's activity streams hide."""
    with contextlib.closing(indexing.Documents()) as documents:
        report, written, unshown = _write_workbook(pathlib.Path(path), dry_run, allow_resource_removal, progress,
                                                   documents, user)
        # The workbook's rows are gone with the function above: the indexing workers fork a small process.
        if written:
            # The datasets' own hooks retired cached figures before the commit; a dashboard read
            # during a long import would have cached the old figures again.
            tk.signals.ckanext.signal(CATALOG_CHANGED).send("catalog", package_ids=written)
        log.info("indexing %d entries", len(written))
        indexing.index_packages(unshown, documents)
    if written:     # what reads the index (the home page's cached lists) is stale only now
        tk.signals.ckanext.signal(CATALOG_INDEXED).send("catalog", package_ids=written)
    return report


def _write_workbook(path: pathlib.Path, dry_run: bool, allow_removal: bool, progress: Callable[[list], Iterable],
                    documents: indexing.Documents, user: str | None = None) -> tuple[Report, list[str], list[str]]:
    """Reads, validates and (unless a dry run) commits the workbook; returns the report, the
    ids of the datasets written and of those whose index documents are not in `documents`."""
    problems: list[Problem] = []
    codes = Codes()
    with Workbook(path, tk.config.get("ckanext.shaoxing.catalog.max_import_bytes"),
                  tk.config.get("ckanext.shaoxing.catalog.max_import_rows")) as workbook:
        entries = rows.collect(workbook, codes, problems)
    if any(p.row in (None, 1) for p in problems):   # the layout itself is wrong: rows mean nothing
        raise ImportFailed(problems)

    existing = {code: ids[0] for code, ids in catalog_codes_in_use(e.data["catalog_code"] for e in entries).items()}
    stored = current.load(list(existing.values()))
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    readable = [e for e in entries if e.valid]
    validate = bulk.Validator([e.data for e in readable if e.data["catalog_code"] not in existing], site_user)
    report, changes, new, names = Report(dry_run), [], [], {}
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
            old = stored[package_id]
            plan = matching.plan(desired["resources"], old["resources"])
            desired["resources"] = plan.rows
            if _comparable(old) == _comparable(desired):
                report.unchanged.append(code)
                continue
            errors = bulk.validate_update(_without_files(desired), package_id, site_user)
            if errors:
                problems.extend(_problems_of(entry, errors))
                continue
            report.updated.append(code)
            report.removed.extend(_loss(code, r, "removed") for r in plan.removed)
            report.removed.extend(_loss(code, r, "upload_to_link") for r in plan.to_link)
            changes.append(_Change(entry, desired, package_id, old["metadata_modified"]))
        if not problems and report.removed and not (dry_run or allow_removal):
            problems.extend(_refusal(loss) for loss in report.removed)
        if problems:
            raise ImportFailed(problems)
        if dry_run:
            model.Session.rollback()
            return report, [], []
        log.info("saving %d new and %d changed entries", len(new), len(changes))
        actor = user or site_user
        updated = [_update(change, actor) for change in changes]
        created, with_files = _create(new, actor, documents)
        model.repo.commit()
    except BaseException:
        model.Session.rollback()
        raise
    return report, updated + created, updated + with_files


def _loss(code: str, resource: dict, change: str) -> dict:
    return {"catalog_code": code, "id": resource["id"], "name": resource.get("name") or "",
            "url": matching.url_key(resource), "change": change, "downloads": _downloads(resource["id"])}


def _downloads(resource_id: str) -> int:
    return tk.get_action("shaoxing_usage_show")({"ignore_auth": True}, {"resource_id": resource_id})["downloads"]


def _refusal(loss: dict) -> Problem:
    what_zh, what_en = (("将被删除", "would be removed") if loss["change"] == "removed"
                        else ("的上传文件将被链接替换", "would lose its uploaded file to a link"))
    return Problem(f"目录「{loss['catalog_code']}」的资源「{loss['name']}」（{loss['id']}，已下载 {loss['downloads']} 次）"
                   f"{what_zh}；确认后再导入（--allow-resource-removal）",
                   f"resource {loss['name']!r} ({loss['id']}, {loss['downloads']} downloads) of entry "
                   f"{loss['catalog_code']} {what_en}; confirm to import (--allow-resource-removal)",
                   header="资源名称", sheet=layout.RESOURCES)


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


def _create(new: list[tuple[dict, dict]], user: str, documents: indexing.Documents) -> tuple[list[str], list[str]]:
    """Creates the validated new entries in bulk; entries with files then get their uploads
    through package_update (package_create does not store uploads). Returns the ids of all,
    and of those with files (their documents in `documents` predate the uploads)."""
    ids = bulk.save([dict(data, resources=[]) if _has_files(desired) else data for desired, data in new], user,
                    documents)
    with_files = []
    for package_id, (desired, data) in zip(ids, new):
        if _has_files(desired):
            _save(desired, {"id": package_id, "name": data["name"], "resources": []}, user)
            with_files.append(package_id)
    return ids, with_files


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


_INTERFACE_PATH = re.compile(r"https?://[^/]+/api/(?:open|share)/(?P<code>[^/?#]+)/(?P<n>\d+)/?")


def own_interface_url(url: str, kind: str | None, code: str | None) -> str:
    """An interface row whose address has the REST form /api/open|share/<its code>/<n> under any
    host is served by this portal: its address becomes the portal's own (the bureau's workbook
    names the old gateway's host). Idempotent, so the portal's export imports back unchanged."""
    m = _INTERFACE_PATH.fullmatch(url)
    if not m or kind not in ("open_api", "shared_api") or m["code"] != code:
        return url
    path = "open" if kind == "open_api" else "share"
    return f"{tk.config.get('ckan.site_url').rstrip('/')}/api/{path}/{code}/{int(m['n'])}"


def _with_files(entry: rows.Entry, base: pathlib.Path, problems: list[Problem]) -> dict | None:
    """The entry's package dict with local files found (links stay links); a file's resource
    carries its name as url and the path in `_file`, uploaded only if the entry is written."""
    data = dict(entry.data, resources=[dict(r) for r in entry.data["resources"]])
    ok = True
    for resource, row in zip(data["resources"], entry.resource_rows):
        url = resource.get("url", "")
        if url.startswith(("http://", "https://", "ftp://")):
            resource["url"] = own_interface_url(url, resource.get("interface_type"), data.get("catalog_code"))
            continue
        file = (base / url).resolve()
        if not file.is_file() or base.resolve() not in file.parents:
            problems.append(Problem(f"找不到文件 {url}（须在工作簿所在文件夹内）",
                                    f"file {url} not found inside the workbook's folder", row,
                                    "资源地址", layout.RESOURCES))
            ok = False
            continue
        resource["url"] = file.name
        resource["_file"] = file
    return data if ok else None


def _update(change: _Change, user: str) -> str:
    """Writes a changed entry over what the portal holds: fields the workbook does not carry
    (the dataset's and each matched resource's: DataStore state, sizes, hashes) are kept."""
    shown = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": change.package_id})
    by_id = {r["id"]: r for r in shown.get("resources", [])}
    resources = []
    for row in change.desired["resources"]:
        kept = {k: v for k, v in by_id.get(row.get("id"), {}).items() if k not in RESOURCE_FIELDS}
        merged = {**kept, **row}
        if "_file" not in row and row.get("url_type") != "upload":
            merged["url_type"] = ""       # a link, also where an upload was
        resources.append(merged)
    # metadata_modified left out: CKAN stamps a changed entry now (package_show answers from the
    # search index while the stamp is unchanged, so the history would record the old version).
    base = {k: v for k, v in shown.items() if k not in WORKBOOK_FIELDS and k != "metadata_modified"}
    try:
        return _save({**base, **change.desired, "resources": resources}, shown, user, change.version)
    except Conflict:
        raise ImportFailed([Problem("该条目在导入期间已在平台上被修改，本次导入未写入任何内容；请重新导入",
                                    "the entry was changed on the portal while the import ran; nothing was "
                                    "imported: import the workbook again", change.entry.row,
                                    HEADERS["catalog_code"])]) from None


def _save(desired: dict, shown: dict, user: str, version: str | None = None) -> str:
    """package_update of one entry, its local files uploaded."""
    context = {"user": user, "ignore_auth": True, "defer_commit": True, "return_id_only": True}
    resources = [dict(r) for r in desired["resources"]]
    with contextlib.ExitStack() as files:
        for r in resources:
            if file := r.pop("_file", None):
                r["upload"] = FileStorage(stream=files.enter_context(file.open("rb")), filename=file.name)
        called = dict(context)
        package_id = tk.get_action("package_update")(called, {
            **desired, "id": shown["id"], "name": shown.get("name") or desired.get("name"), "resources": resources,
            **({"if_match": version} if version else {})})
    if not called.get("changed_entities"):
        _announce_update(called, package_id)
    _settle_session()
    return package_id


def _announce_update(context: dict, package_id: str) -> None:
    """What package_update tells its subscribers when it changed an entry (the activity plugin
    records the change in the entry's history), which it leaves out with `return_id_only` and
    `defer_commit`. Only entries whose catalogue content differs are written here, so each
    write is a change; the context defers the commit: the activity joins the import's transaction."""
    tk.signals.action_succeeded.send("package_update", context={**context, "changed_entities": {"packages": {package_id}}},
                                     data_dict={"id": package_id}, result=package_id)


def _comparable(pkg: dict) -> dict:
    """The catalogue content of a package, equal for a workbook row (its resources matched) and
    the stored dataset (current.load)."""
    tags = pkg.get("tag_string")
    tag_names = sorted(tags.split(",") if tags is not None else pkg.get("tags") or [])
    return {
        **{f: str(pkg.get(f) or "") for f in ENTRY_FIELDS},
        "owner_org": pkg.get("owner_org"),
        "tags": tag_names,
        "data_items": [{f: str(i.get(f) or "") for f in ITEM_FIELDS} for i in pkg.get("data_items") or []],
        "resources": [{**{f: str(r.get(f) or "").lower() if f == "format" else str(r.get(f) or "")
                          for f in RESOURCE_FIELDS},
                       # a local file not matched to the same stored file is new content
                       "url": f"file:{r['_file']}" if "_file" in r else matching.url_key(r)}
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
