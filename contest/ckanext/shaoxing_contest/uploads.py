"""Submission files: checked by their content (libmagic; PDFs also for active content, pdf.py),
kept in a private folder outside what CKAN serves as static files, and handed out only by the
contest's file view after its permission check (views.file).

CKAN serves <ckan.storage_path>/storage/ to anyone at /uploads/…: the files are kept in the
portal's private contest storage instead (the storage door, ckanext.shaoxing.files.api; by default
<ckan.storage_path>/contest_files/, or the bucket several web nodes share), streamed in and out."""
from __future__ import annotations

import os
import secrets

import ckan.plugins.toolkit as tk
import magic
from werkzeug.datastructures import FileStorage

from ckanext.shaoxing.files import api as files_api

from . import pdf

MB = 1024 * 1024
PROPOSAL = {"types": {"application/pdf"}, "max_bytes": 20 * MB, "label": "PDF"}
SCREENSHOT = {"types": {"image/png", "image/jpeg"}, "max_bytes": 5 * MB, "label": "PNG/JPEG"}
MAX_SCREENSHOTS = 6
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
TYPES = {ext: mime for mime, ext in EXTENSIONS.items()}
PUBLIC_DIR = ("storage", "uploads", "contest")     # where earlier versions kept them (served statically)


def files_of(value) -> list[FileStorage]:
    """Uploaded files in a parameter: one, a list, or nothing (empty form fields are skipped)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return [f for f in items if isinstance(f, FileStorage) and f.filename]


def _refuse(field: str, zh: str, en: str):
    raise tk.ValidationError({field: [f"{zh} / {en}"]})


def check(upload: FileStorage, kind: dict, field: str) -> str:
    """Refuse by content and size, whatever the file's name or declared type says; a PDF that
    carries active content, or cannot be inspected, is refused too."""
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    found = magic.from_buffer(stream.read(4096), mime=True)
    stream.seek(0)
    name = upload.filename
    if found not in kind["types"]:
        _refuse(field, f"{name}：内容不是 {kind['label']}（检测为 {found}）",
                f"{name}: the content is not {kind['label']} (found {found})")
    if size > kind["max_bytes"]:
        limit = kind["max_bytes"] // MB
        _refuse(field, f"{name}：超过 {limit} MB", f"{name}: larger than {limit} MB")
    if found == "application/pdf":
        try:
            active = pdf.active_content(stream)
        except pdf.Unreadable:
            _refuse(field, f"{name}：无法检查的 PDF（已加密或已损坏）", f"{name}: a PDF that cannot be inspected "
                    "(encrypted or damaged)")
        if active:
            kinds = ", ".join(active)
            _refuse(field, f"{name}：PDF 含有可执行内容（{kinds}），请去除后再上传",
                    f"{name}: the PDF carries active content ({kinds}); remove it and upload again")
    return found


def store(upload: FileStorage, kind: dict, field: str) -> str:
    """Save a checked file under a random name (entries' files must not be found by guessing);
    the name's extension is the content's."""
    found = check(upload, kind, field)
    filename = secrets.token_hex(16) + EXTENSIONS[found]
    upload.stream.seek(0)
    files_api.write(files_api.CONTEST, filename, files_api.upload_of(upload))
    return filename


def ours(filename) -> bool:
    """Whether this is a name we store under (no path components allowed)."""
    return isinstance(filename, str) and bool(filename) and os.path.basename(filename) == filename \
        and not filename.startswith(".") and "\x00" not in filename


def stored(filename) -> bool:
    """Whether the file is one of ours and is stored."""
    return ours(filename) and files_api.exists(files_api.CONTEST, filename)


def response(filename: str):
    """The file as an attachment of the type it was accepted as (a folder storage's answer says
    `inline` by itself)."""
    answer = files_api.response(files_api.CONTEST, filename, filename, content_type(filename))
    answer.headers.set("Content-Disposition", "attachment", filename=filename)
    return answer


def content_type(filename: str) -> str:
    """The type the file was accepted as (by its checked content), never sniffed again."""
    return TYPES.get(os.path.splitext(filename)[1], "application/octet-stream")


def remove(filename: str) -> None:
    if ours(filename):
        files_api.remove(files_api.CONTEST, filename)


def relocate() -> int:
    """Move files an earlier version left in the statically served folder into the contest storage.
    Run by the contest's migration and by `ckan shaoxing-contest files relocate`; safe to re-run."""
    storage = tk.config.get("ckan.storage_path")
    old = os.path.join(storage, *PUBLIC_DIR) if storage else None
    if not old or not os.path.isdir(old):
        return 0
    moved = 0
    for name in os.listdir(old):
        source = os.path.join(old, name)
        if os.path.isfile(source) and ours(name):
            with open(source, "rb") as f:
                files_api.write(files_api.CONTEST, name, files_api.upload_of(f))
            os.remove(source)
            moved += 1
    return moved
