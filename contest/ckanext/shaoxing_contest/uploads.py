"""Submission files: checked by their content (libmagic; PDFs also for active content, pdf.py),
kept in a private folder outside what CKAN serves as static files, and handed out only by the
contest's file view after its permission check (views.file).

CKAN serves <ckan.storage_path>/storage/ to anyone at /uploads/…, which is where CKAN's uploader
writes; the files are therefore written here directly, to <ckan.storage_path>/contest_files/.
(Hand-written: a few lines; CKAN 2.12's file storages would replace them when the project moves
all stored files there, as ARCHITECTURE.md plans.)"""
from __future__ import annotations

import os
import secrets
import shutil

import ckan.plugins.toolkit as tk
import magic
from werkzeug.datastructures import FileStorage

from . import pdf

MB = 1024 * 1024
PROPOSAL = {"types": {"application/pdf"}, "max_bytes": 20 * MB, "label": "PDF"}
SCREENSHOT = {"types": {"image/png", "image/jpeg"}, "max_bytes": 5 * MB, "label": "PNG/JPEG"}
MAX_SCREENSHOTS = 6
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
TYPES = {ext: mime for mime, ext in EXTENSIONS.items()}
PRIVATE_DIR = "contest_files"
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


def _directory() -> str | None:
    storage = tk.config.get("ckan.storage_path")
    return os.path.join(storage, PRIVATE_DIR) if storage else None


def store(upload: FileStorage, kind: dict, field: str) -> str:
    """Save a checked file under a random name (entries' files must not be found by guessing);
    the name's extension is the content's."""
    found = check(upload, kind, field)
    directory = _directory()
    if not directory:
        raise tk.ValidationError({field: ["未配置文件存储 / no file storage is configured"]})
    os.makedirs(directory, mode=0o750, exist_ok=True)
    filename = secrets.token_hex(16) + EXTENSIONS[found]
    upload.stream.seek(0)
    with open(os.path.join(directory, filename), "xb") as out:
        shutil.copyfileobj(upload.stream, out)
    return filename


def path(filename: str) -> str | None:
    """The stored file, or None for names that are not ours (no path components allowed)."""
    directory = _directory()
    if not directory or not isinstance(filename, str) or os.path.basename(filename) != filename \
            or filename.startswith("."):
        return None
    full = os.path.join(directory, filename)
    return full if os.path.isfile(full) else None


def content_type(filename: str) -> str:
    """The type the file was accepted as (by its checked content), never sniffed again."""
    return TYPES.get(os.path.splitext(filename)[1], "application/octet-stream")


def remove(filename: str) -> None:
    full = path(filename) if filename else None
    if full:
        os.remove(full)


def relocate() -> int:
    """Move files an earlier version left in the statically served folder into the private one.
    Run by the contest's migration and by `ckan shaoxing-contest files relocate`; safe to re-run."""
    storage = tk.config.get("ckan.storage_path")
    old = os.path.join(storage, *PUBLIC_DIR) if storage else None
    if not old or not os.path.isdir(old):
        return 0
    new = _directory()
    os.makedirs(new, mode=0o750, exist_ok=True)
    moved = 0
    for name in os.listdir(old):
        source = os.path.join(old, name)
        if os.path.isfile(source):
            shutil.move(source, os.path.join(new, name))
            moved += 1
    return moved
