"""An error report's attachment (a screenshot): checked by its content (libmagic), kept in a private
folder beside the contest's, under a random name, and handed out only by the report's page view
after its permission check. All of the feedback's file handling is here, so moving stored files
behind the portal's one door changes this module alone. (Hand-written: a few lines, as the
contest's uploads.py.)"""
from __future__ import annotations

import os
import secrets
import shutil

import ckan.plugins.toolkit as tk
import magic
from werkzeug.datastructures import FileStorage

from ..bilingual import message

TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}
DIRECTORY = "feedback_files"


def _directory() -> str | None:
    storage = tk.config.get("ckan.storage_path")
    return os.path.join(storage, DIRECTORY) if storage else None


def store(upload: FileStorage) -> str:
    """Check and save an upload; the stored name. Raises ValidationError (field `attachment`)."""
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size, limit = stream.tell(), tk.config.get("ckanext.shaoxing.feedback.attachment_max_bytes")
    stream.seek(0)
    found = magic.from_buffer(stream.read(4096), mime=True)
    stream.seek(0)
    if found not in TYPES:
        raise tk.ValidationError({"attachment": [message(f"附件内容应为 PNG 或 JPEG 图片（检测为 {found}）",
                                                         f"the attachment must be a PNG or JPEG image (found {found})")]})
    if size > limit:
        raise tk.ValidationError({"attachment": [message(f"附件不能超过 {limit // 1024} KB",
                                                         f"the attachment must be at most {limit // 1024} KB")]})
    directory = _directory()
    if not directory:
        raise tk.ValidationError({"attachment": [message("未配置文件存储", "no file storage is configured")]})
    os.makedirs(directory, mode=0o750, exist_ok=True)
    name = secrets.token_hex(16) + TYPES[found]
    with open(os.path.join(directory, name), "xb") as out:
        shutil.copyfileobj(stream, out)
    return name


def path(name: str | None) -> str | None:
    """The stored file of `name`, or None (no path components: names are ours alone)."""
    directory = _directory()
    if not directory or not name or os.path.basename(name) != name or name.startswith("."):
        return None
    full = os.path.join(directory, name)
    return full if os.path.isfile(full) else None


def content_type(name: str) -> str:
    return "image/png" if name.endswith(".png") else "image/jpeg"
