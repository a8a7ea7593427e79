"""CKAN's resource uploader for configured storages (FKResourceUpload), writing through the door:
the new file replaces the old one whole or not at all, and a storage that fails is the portal's
503 (api.Unavailable), not a 500. Registered by IUploader."""
from __future__ import annotations

import contextlib

import ckan.plugins.toolkit as tk
import file_keeper as fk
from ckan.lib.uploader import FKResourceUpload

from ..params import message
from . import api


def too_large(limit: int) -> str:
    return message(f"文件超过大小上限 {human(limit)}", f"the file is larger than the limit of {human(limit)}")


def human(size: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} B"


class ResourceUpload(FKResourceUpload):
    def upload(self, id: str, max_size: int = 10) -> None:
        if not self.storage or not tk.config["ckan.uploads_enabled"]:
            return
        location = self.get_path(id)
        if self.filename:
            limit = api.limit_bytes()
            if self.upload_file.size > limit:
                raise tk.ValidationError({"upload": [too_large(limit)]})
            try:
                api.write(api.RESOURCES, location, self.upload_file)
            except fk.exc.LargeUploadError:
                raise tk.ValidationError({"upload": [too_large(limit)]})
            return
        if self.clear:     # an upload replaced by a link: its file goes
            with contextlib.suppress(api.Missing):
                api.remove(api.RESOURCES, location)


def resource_uploader(data_dict: dict):
    """Ours while the resources storage is configured (always, with settings.py); else CKAN's."""
    try:
        api.storage(api.RESOURCES)
    except api.Unavailable:
        return None
    return ResourceUpload(data_dict)
