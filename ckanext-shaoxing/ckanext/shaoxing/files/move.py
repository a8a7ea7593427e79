"""`ckan shaoxing files move`: files stored in the `ckan.storage_path` layout (the folders the
portal used before its storages: resources/abc/def/ghij…, contest_files/) into the configured
storages. Each file is written through the door, checked by its size, then removed from the
folder; a file already in place (the storage is that very folder) stays. Safe to re-run: what was
moved is no longer in the folder."""
from __future__ import annotations

import dataclasses
import os

import ckan.plugins.toolkit as tk
import file_keeper as fk
from file_keeper.default.adapters import fs as fk_fs

from . import api

KINDS = (api.RESOURCES, api.CONTEST, api.FEEDBACK)


@dataclasses.dataclass
class Moved:
    moved: int = 0
    in_place: int = 0
    bytes: int = 0


def _files(root: str):
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            if api.PART not in name:
                path = os.path.join(folder, name)
                yield path, os.path.relpath(path, root).replace(os.sep, "/")


def move(kind: str, target: fk.Storage | None = None, root: str | None = None) -> Moved:
    """Move one kind's files from `root` (its folder under ckan.storage_path) into `target` (its
    configured storage)."""
    target = target or api.storage(kind)
    root = root or os.path.join(tk.config.get("ckan.storage_path") or "", api.FOLDERS[kind])
    done = Moved()
    if not os.path.isdir(root):
        return done
    for path, location in _files(root):
        if isinstance(target, fk_fs.FsStorage) and os.path.realpath(target.full_path(location)) == os.path.realpath(path):
            done.in_place += 1
            continue
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            data = api.write_into(target, location, api.upload_of(f))
        if target.size(data.location) != size:
            raise RuntimeError(f"{location}: {target.size(data.location)} bytes stored, {size} in the folder")
        os.remove(path)
        done.moved += 1
        done.bytes += size
    return done
