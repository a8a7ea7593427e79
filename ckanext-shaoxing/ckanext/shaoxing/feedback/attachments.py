"""An error report's attachment (a screenshot): checked by its content (libmagic), kept through the
portal's one door to stored files (its own private storage, `files.api.FEEDBACK`) under a random
name, and handed out only by the report's page view after its permission check."""
from __future__ import annotations

import os
import secrets

import ckan.plugins.toolkit as tk
import magic
from werkzeug.datastructures import FileStorage

from ..bilingual import message
from ..files import api as files_api

TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}


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
    name = secrets.token_hex(16) + TYPES[found]
    files_api.write(files_api.FEEDBACK, name, files_api.upload_of(stream, found))
    return name


def stored(name: str | None) -> bool:
    """Whether `name` is a stored attachment (no path components: names are ours alone)."""
    if not name or os.path.basename(name) != name or name.startswith("."):
        return False
    return files_api.exists(files_api.FEEDBACK, name)


def response(name: str):
    """The attachment sent to the browser."""
    return files_api.response(files_api.FEEDBACK, name, name, content_type(name))


def content_type(name: str) -> str:
    return "image/png" if name.endswith(".png") else "image/jpeg"
