"""An upload for the web import: a bare workbook (.xlsx), or a zip holding the workbook and the
files its rows name, unpacked into a folder of its own as `ckan shaoxing catalog import` finds
them beside the workbook. The zip's checks are the shared ones (safezip); the rows' files are
then looked for by the importer, which names each missing one by its row.

The checked upload waits for its confirmation in the catalogue storage (the storage door): the
worker that imports it may run on another machine than the web node that received it."""
from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator

import ckan.plugins.toolkit as tk

from .. import safezip
from ..files import api as files_api

BUNDLE_SUFFIX = ".bundle"


def _workbook_in(root: pathlib.Path) -> pathlib.Path:
    """The zip's workbook: the .xlsx nearest its top (the rows' files may be workbooks too)."""
    books = sorted(root.rglob("*.xlsx"), key=lambda p: (len(p.relative_to(root).parts), str(p)))
    if not books:
        raise safezip.Refused("压缩包中没有 .xlsx 工作簿", "the zip holds no .xlsx workbook")
    top = [b for b in books if len(b.parts) == len(books[0].parts)]
    if len(top) > 1:
        names = [str(b.relative_to(root)) for b in top]
        raise safezip.Refused(f"压缩包的同一层有多个工作簿（{'、'.join(names)}），请只放一个",
                              f"the zip holds several workbooks at its top ({', '.join(names)}); put in one")
    return books[0]


def is_workbook(path: pathlib.Path) -> bool:
    """An .xlsx is a zip too: its own parts say which it is."""
    with zipfile.ZipFile(path) as z:
        return "[Content_Types].xml" in z.namelist()


def receive(upload, workdir: pathlib.Path) -> pathlib.Path:
    """Save the uploaded file; the workbook's path to import, or `safezip.Refused` (nothing kept)."""
    saved = workdir / f"{uuid.uuid4().hex}.upload"
    upload.save(str(saved))
    try:
        if saved.stat().st_size == 0:
            raise safezip.Refused("上传的文件是空的", "the uploaded file is empty")
        if not zipfile.is_zipfile(saved):
            raise safezip.Refused("文件既不是 .xlsx 工作簿也不是 .zip 压缩包",
                                  "the file is neither an .xlsx workbook nor a .zip archive")
        if is_workbook(saved):
            return saved.rename(saved.with_suffix(".xlsx"))
        folder = saved.with_suffix(BUNDLE_SUFFIX)
        try:
            safezip.extract(saved, folder, tk.config.get("ckanext.shaoxing.catalog.max_bundle_bytes"),
                            tk.config.get("ckanext.shaoxing.catalog.max_bundle_files"))
            return _workbook_in(folder)
        except safezip.Refused:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    except (safezip.Refused, zipfile.BadZipFile, OSError) as e:
        if not isinstance(e, safezip.Refused):
            e = safezip.Refused("无法读取该压缩包", f"cannot read the zip ({e})")
        raise e from None
    finally:
        saved.exists() and saved.unlink()


def discard(workbook: str) -> None:
    """Remove an import's files: the workbook, or the whole folder its zip was unpacked into."""
    path = pathlib.Path(workbook)
    for parent in path.parents:
        if parent.name.endswith(BUNDLE_SUFFIX):
            shutil.rmtree(parent, ignore_errors=True)
            return
    if os.path.exists(path):
        os.remove(path)


def keep(upload) -> str:
    """Check the upload as `receive` does (safezip.Refused: nothing kept), then store it as it came
    in the catalogue storage; its location there, for the import job."""
    with tempfile.TemporaryDirectory(prefix="shaoxing-import-") as tmp:
        workbook = receive(upload, pathlib.Path(tmp))
        bundled = any(part.endswith(BUNDLE_SUFFIX) for part in workbook.parts)
        location = f"{uuid.uuid4().hex}{'.zip' if bundled else '.xlsx'}"
        upload.stream.seek(0)
        files_api.write(files_api.CATALOG, location, files_api.upload_of(upload))
    return location


def is_stored(ref: str) -> bool:
    """Whether an import job's file is a location in the catalogue storage (not a path)."""
    return bool(ref) and "/" not in ref and os.sep not in ref


@contextlib.contextmanager
def fetched(location: str) -> Iterator[pathlib.Path]:
    """The stored upload on this machine while the block runs: the workbook's path (a zip unpacked
    beside it, checked again)."""
    with tempfile.TemporaryDirectory(prefix="shaoxing-import-") as tmp:
        local = pathlib.Path(tmp) / location
        with open(local, "wb") as out:
            files_api.copy_to(files_api.CATALOG, location, out)
        if location.endswith(".xlsx"):
            yield local
            return
        folder = local.with_suffix(BUNDLE_SUFFIX)
        safezip.extract(local, folder, tk.config.get("ckanext.shaoxing.catalog.max_bundle_bytes"),
                        tk.config.get("ckanext.shaoxing.catalog.max_bundle_files"))
        yield _workbook_in(folder)
