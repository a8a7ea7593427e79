"""Submission files, checked by their content (libmagic), stored through CKAN's uploader under
ckan.storage_path (storage/uploads/contest/), served by the contest's own view after its
permission check."""
from __future__ import annotations

import os
import secrets

import ckan.plugins.toolkit as tk
import magic
from ckan.lib.uploader import get_uploader
from werkzeug.datastructures import FileStorage

UPLOAD_TO = "contest"
MB = 1024 * 1024
PROPOSAL = {"types": {"application/pdf"}, "max_bytes": 20 * MB, "label": "PDF"}
SCREENSHOT = {"types": {"image/png", "image/jpeg"}, "max_bytes": 5 * MB, "label": "PNG/JPEG"}
MAX_SCREENSHOTS = 6


def files_of(value) -> list[FileStorage]:
    """Uploaded files in a parameter: one, a list, or nothing (empty form fields are skipped)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return [f for f in items if isinstance(f, FileStorage) and f.filename]


EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def check(upload: FileStorage, kind: dict, field: str) -> str:
    """Refuse by content and size, whatever the file's name or declared type says."""
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    found = magic.from_buffer(stream.read(4096), mime=True)
    stream.seek(0)
    if found not in kind["types"]:
        raise tk.ValidationError({field: [f"{upload.filename}：内容不是 {kind['label']}（检测为 {found}）/ "
                                          f"{upload.filename}: the content is not {kind['label']} (found {found})"]})
    if size > kind["max_bytes"]:
        limit = kind["max_bytes"] // MB
        raise tk.ValidationError({field: [f"{upload.filename}：超过 {limit} MB / {upload.filename}: larger than {limit} MB"]})
    return found


def store(upload: FileStorage, kind: dict, field: str) -> str:
    """Save through CKAN's uploader; the stored file name (CKAN adds a timestamp and the
    extension that matches the content)."""
    found = check(upload, kind, field)
    # CKAN's uploader also compares the declared type and the name's extension with the content:
    # hand it the ones the content has (a browser may declare application/octet-stream). CKAN
    # serves <storage_path>/storage/ as static files, so the name is random: an entry's files must
    # not be found by guessing before the results are public.
    upload = FileStorage(stream=upload.stream, filename=secrets.token_hex(16) + EXTENSIONS[found], content_type=found)
    uploader = get_uploader(UPLOAD_TO)
    data = {"url": "", "upload": upload}
    uploader.update_data_dict(data, "url", "upload", "clear")
    try:
        uploader.upload(max_size=kind["max_bytes"] // MB)
    except tk.ValidationError:
        raise tk.ValidationError({field: [f"{upload.filename}：文件过大 / {upload.filename}: file too large"]})
    return uploader.filename


def path(filename: str) -> str | None:
    """The stored file, or None for names that are not ours (no path components allowed)."""
    directory = get_uploader(UPLOAD_TO).storage_path
    if not directory or os.path.basename(filename) != filename:
        return None
    full = os.path.join(directory, filename)
    return full if os.path.isfile(full) else None


def remove(filename: str) -> None:
    full = path(filename) if filename else None
    if full:
        os.remove(full)
