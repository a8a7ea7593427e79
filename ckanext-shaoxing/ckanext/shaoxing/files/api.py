"""The one door to stored files. Every stored file (a resource's upload, a contest file, a
catalogue workbook waiting for its import) is written and read here, as a stream, through one of
CKAN 2.12's configured storages (`ckan.files.storage.<name>.*`, file_keeper adapters): a
filesystem folder on one machine, an S3 bucket shared by several. No caller knows where a file
lies; a storage that fails answers `Unavailable` (the portal's 503), never a 500.

Kinds and their storages:
- RESOURCES: `ckan.files.default_storages.resource` (CKAN's own; its layout is CKAN's,
  `abc/def/ghij…` by the resource id, the same as the `ckan.storage_path` layout);
- CONTEST, CATALOG: `ckanext.shaoxing.files.contest_storage`, `…catalog_storage`.
A storage that is not configured is a filesystem folder under `ckan.storage_path`
(`resources/`, `contest_files/`, `catalog-imports/`), as the portal kept them before (settings.py)."""
from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from typing import IO, Any

import ckan.plugins.toolkit as tk
import file_keeper as fk
from ckan.lib import files
from file_keeper.default.adapters import fs as fk_fs
from flask import g, has_request_context

from ..params import message

RESOURCES, CONTEST, CATALOG, FEEDBACK = "resources", "contest", "catalog", "feedback"
FOLDERS = {RESOURCES: "resources", CONTEST: "contest_files", CATALOG: "catalog-imports",
           FEEDBACK: "feedback_files"}
PART = ".part-"     # a file being written (write): never a stored file
SPOOL = ".spool"    # the folder of uploads arriving (spool_file)
SPOOL_FROM = 1 << 20
CHUNK = 1 << 20
DOWN = ("文件存储暂不可用，请稍后再试", "the file storage is unavailable; retry later")


class Unavailable(Exception):
    """The storage failed (a read-only or full disk, an object store that does not answer)."""

    def __init__(self, cause: object = None):
        super().__init__(message(*DOWN))
        self.zh, self.en = DOWN
        self.__cause__ = cause if isinstance(cause, BaseException) else None
        # CKAN's action API answers any exception as its own 500: the request remembers why
        # (hooks.py answers the 503 instead).
        if has_request_context():
            g.shaoxing_storage_failed = True


class Missing(Exception):
    """No file is stored at this location."""


def _name(kind: str) -> str:
    if kind == RESOURCES:
        return tk.config.get("ckan.files.default_storages.resource") or "resources"
    return tk.config.get(f"ckanext.shaoxing.files.{kind}_storage") or kind


def storage(kind: str) -> fk.Storage:
    """The configured storage of this kind (settings.py configures a folder when the site does not)."""
    try:
        return files.get_storage(_name(kind))
    except files.exc.UnknownStorageError as e:
        raise Unavailable(e) from e


def is_folder(kind: str) -> bool:
    """Whether this kind's storage is a folder of this machine (file_keeper's fs adapter)."""
    return isinstance(storage(kind), fk_fs.FsStorage)


@contextlib.contextmanager
def _faults() -> Iterator[None]:
    """The storage's own failures as Unavailable; the caller's (a missing file, a size or type
    refused) as they are."""
    try:
        yield
    except (fk.exc.MissingFileError, FileNotFoundError) as e:
        raise Missing(str(e)) from e
    except (fk.exc.LargeUploadError, fk.exc.WrongUploadTypeError, fk.exc.LocationError):
        raise
    except (OSError, fk.exc.FilesError) as e:
        raise Unavailable(e) from e


def resource_location(resource_id: str) -> str:
    """Where CKAN's resource uploader keeps a resource's file: `abc/def/ghij…`."""
    return os.path.join(resource_id[0:3], resource_id[3:6], resource_id[6:])


def _data(kind: str, location: str) -> fk.FileData:
    return fk.FileData(location)


def exists(kind: str, location: str) -> bool:
    with _faults():
        return storage(kind).exists(_data(kind, location))


def size(kind: str, location: str) -> int:
    with _faults():
        return storage(kind).size(location)


def stream(kind: str, location: str) -> Iterable[bytes]:
    """The file's bytes in chunks (a file object where the storage gives one)."""
    with _faults():
        return storage(kind).stream(_data(kind, location))


def read_range(kind: str, location: str, start: int, end: int | None = None) -> Iterable[bytes]:
    """Bytes `start`..`end` of the file, both included as in HTTP's Range (None: to the end)."""
    st = storage(kind)
    stop = None if end is None else end + 1      # file_keeper's end is exclusive
    with _faults():
        if st.supports(fk.Capability.RANGE):
            return st.range(_data(kind, location), start, stop)
        return st.range_synthetic(_data(kind, location), start, stop)


def copy_to(kind: str, location: str, target: IO[bytes], limit: int | None = None) -> int:
    """Write the file into `target` (an open binary file); bytes written. Over `limit`: ValueError,
    before anything is written."""
    if limit is not None and size(kind, location) > limit:
        raise ValueError(limit)
    written = 0
    with _faults():
        chunks = stream(kind, location)
        try:
            for chunk in _chunks(chunks):
                target.write(chunk)
                written += len(chunk)
        finally:
            getattr(chunks, "close", lambda: None)()
    return written


def _chunks(source) -> Iterator[bytes]:
    if hasattr(source, "read"):
        yield from iter(lambda: source.read(CHUNK), b"")
    else:
        yield from source


@contextlib.contextmanager
def local_file(kind: str, location: str, suffix: str = "") -> Iterator[str]:
    """A path of this machine holding the file while the block runs, ending in `suffix` (openpyxl
    goes by it): a link to it on a folder storage, a temporary copy from any other."""
    st = storage(kind)
    with tempfile.TemporaryDirectory(prefix="shaoxing-file-") as tmp:
        path = os.path.join(tmp, "file" + suffix)
        if is_folder(kind):
            with _faults():
                source = st.full_path(location)
                if not os.path.isfile(source):
                    raise Missing(location)
            os.symlink(source, path)
        else:
            with open(path, "wb") as out:
                copy_to(kind, location, out)
        yield path


def upload_of(source: Any, content_type: str = "") -> fk.Upload:
    """file_keeper's Upload of a werkzeug FileStorage, an open binary file or bytes."""
    return files.make_upload(source, content_type) if content_type else files.make_upload(source)


def write(kind: str, location: str, upload: fk.Upload) -> fk.FileData:
    """Store `upload` (streamed, never read whole) at `location`, whole or not at all: on a folder
    it is written beside and renamed into place, so a reader sees the old file or the new one,
    never a part, and of two writers at once one wins whole (an object store's PUT is so by
    itself). Over the storage's size limit: file_keeper's LargeUploadError."""
    return write_into(storage(kind), location, upload)


def write_into(st: fk.Storage, location: str, upload: fk.Upload) -> fk.FileData:
    """`write`, into a given storage (the move command's target)."""
    if not isinstance(st, fk_fs.FsStorage):
        with _faults():
            return st.upload(location, upload)
    part = f"{location}{PART}{uuid.uuid4().hex}"
    with _faults():
        try:
            data = _linked(st, part, upload) or st.upload(part, upload)
            os.replace(st.full_path(part), st.full_path(location))
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(st.full_path(part))
            raise
    return fk.FileData.from_object(data, location=location)


def _linked(st: fk_fs.FsStorage, part: str, upload: fk.Upload) -> fk.FileData | None:
    """A large upload arrives in a temporary file on the storage's own disk (hooks.py spools it
    there): that file is linked into the folder instead of copied, so a 1 GB upload is written
    once, not twice. None where it cannot be (kept in memory, another disk): then copied."""
    name = getattr(upload.stream, "name", None)
    if not (isinstance(name, str) and os.path.isfile(name)):
        return None
    # Only the portal's own spool files: linking any other file (a workbook's file on the
    # importing machine) would make the stored copy change whenever that file is edited.
    if os.path.dirname(os.path.realpath(name)) != os.path.realpath(os.path.join(st.settings.path, SPOOL)):
        return None
    if isinstance(st, files.Storage):
        st.validate_size(upload.size)
        st.validate_content_type(upload.content_type)
    target = st.full_path(part)
    try:
        upload.stream.flush()
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(name, target)
    except (OSError, AttributeError, ValueError):
        return None
    return fk.FileData(part, size=os.path.getsize(target), content_type=upload.content_type)


def spool_file(total_length: int | None):
    """Where a request's large file part is written as it arrives: a temporary file beside the
    resources storage, on its disk (removed when the request closes it), so `write` can link it in
    place; None (werkzeug's own temporary file) when the storage is not a folder."""
    try:
        st = storage(RESOURCES)
    except Unavailable:
        return None
    if not isinstance(st, fk_fs.FsStorage) or not total_length or total_length < SPOOL_FROM:
        return None
    folder = os.path.join(st.settings.path, SPOOL)
    try:
        os.makedirs(folder, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=folder, prefix=PART)
    except OSError:
        return None


def remove(kind: str, location: str) -> bool:
    with _faults():
        try:
            return bool(storage(kind).remove(_data(kind, location)))
        except fk.exc.MissingFileError:
            return False


def scan(kind: str) -> Iterator[str]:
    with _faults():
        yield from storage(kind).scan()


def response(kind: str, location: str, filename: str, content_type: str | None = None, **kw):
    """A Flask answer sending the file (Range requests answered 206 where the storage allows)."""
    st = storage(kind)
    with _faults():
        data = fk.FileData(location, size=st.size(location), content_type=content_type or "application/octet-stream")
        if isinstance(st, files.Storage):
            return st.as_response(data, filename, **kw)
        raise Unavailable("the storage cannot send files")


# A resource's file, by its dict.
def resource_size(resource: dict) -> int:
    return size(RESOURCES, resource_location(resource["id"]))


def resource_exists(resource: dict) -> bool:
    return exists(RESOURCES, resource_location(resource["id"]))


def copy_resource(resource: dict, target: IO[bytes], limit: int | None = None) -> int:
    return copy_to(RESOURCES, resource_location(resource["id"]), target, limit)


def resource_file(resource: dict, suffix: str = ""):
    return local_file(RESOURCES, resource_location(resource["id"]), suffix)


def same_content(resource: dict, path: str) -> bool:
    """Whether the resource's stored file holds exactly the bytes of the file at `path`."""
    location = resource_location(resource["id"])
    try:
        if size(RESOURCES, location) != os.path.getsize(path):
            return False
        with open(path, "rb") as theirs:
            chunks = stream(RESOURCES, location)
            try:
                for chunk in _chunks(chunks):
                    if theirs.read(len(chunk)) != chunk:
                        return False
            finally:
                getattr(chunks, "close", lambda: None)()
            return theirs.read(1) == b""
    except Missing:
        return False


def limit_bytes() -> int:
    """The largest resource file accepted (`ckanext.shaoxing.files.max_resource_size`)."""
    return int(tk.config.get("ckanext.shaoxing.files.max_resource_size"))


__all__ = ["RESOURCES", "CONTEST", "CATALOG", "FEEDBACK", "FOLDERS", "PART", "SPOOL", "Unavailable", "Missing", "storage",
           "is_folder", "resource_location", "exists", "size", "stream", "read_range", "copy_to", "local_file",
           "upload_of", "write", "write_into", "spool_file", "remove", "scan", "response", "resource_size",
           "resource_exists", "copy_resource", "resource_file", "same_content", "limit_bytes"]
