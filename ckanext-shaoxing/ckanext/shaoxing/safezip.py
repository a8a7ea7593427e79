"""Opening an uploaded zip safely: every check runs on its directory, before a byte is unpacked.
One definition for every reader of zips: the XLSX reader (tabular) and the catalogue bundle
(a workbook and the files its rows name, catalog/bundle.py).

Shared module (see the package's docstring). Public API: `Refused`, `check`, `extract`."""
from __future__ import annotations

import os
import pathlib
import stat
import zipfile

from .bilingual import message

__all__ = ["Refused", "check", "extract"]

# Deflate packs at most ~1032:1; real workbooks and CSVs stay far below 100:1, a bomb far above.
MAX_RATIO = 100
# The ratio says little of small archives (an empty sheet deflates 50:1): judged from this size.
RATIO_FROM_BYTES = 1 << 20


class Refused(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(message(zh, en))
        self.zh, self.en = zh, en


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def check(archive: zipfile.ZipFile, max_bytes: int, *, max_members: int | None = None,
          max_ratio: int | None = None, paths: bool = False,
          what: tuple[str, str] = ("压缩包", "the zip")) -> list[zipfile.ZipInfo]:
    """The archive's members, or `Refused` naming the first problem: more than `max_bytes`
    unpacked (a zip bomb); and when asked: more than `max_members` members, a packing ratio over
    `max_ratio`, and (`paths`) a member named outside the archive (`../`, an absolute path) or
    a symbolic link — what would write or read outside the folder it is unpacked into.
    `what`: the archive's name in the messages (Chinese, English)."""
    members = archive.infolist()
    if max_members is not None and len(members) > max_members:
        raise Refused(f"压缩包有 {len(members)} 个文件，上限为 {max_members} 个",
                      f"the zip holds {len(members)} files, the limit is {max_members}")
    if paths:
        for info in members:
            if _unsafe_name(info.filename):
                raise Refused(f"压缩包中的路径 {info.filename} 指向压缩包以外",
                              f"the path {info.filename} in the zip points outside it")
            if _is_link(info):
                raise Refused(f"压缩包中的 {info.filename} 是符号链接，不予接受",
                              f"{info.filename} in the zip is a symbolic link, which is not accepted")
    unpacked = sum(i.file_size for i in members)
    if unpacked > max_bytes:
        zh, en = what
        raise Refused(f"{zh}解压后有 {unpacked} 字节，超过上限 {max_bytes}（疑似压缩炸弹）",
                      f"{en} unpacks to {unpacked} bytes, over the limit of {max_bytes} (a zip bomb?)")
    packed = sum(i.compress_size for i in members)
    if max_ratio is not None and unpacked >= RATIO_FROM_BYTES and unpacked > max_ratio * max(packed, 1):
        raise Refused(f"压缩包压缩比为 {unpacked // max(packed, 1)}:1，超过上限 {max_ratio}:1（疑似压缩炸弹）",
                      f"the zip is packed {unpacked // max(packed, 1)}:1, over the limit of {max_ratio}:1 "
                      "(a zip bomb?)")
    return members


def extract(path: str | os.PathLike, into: pathlib.Path, max_bytes: int, max_members: int) -> None:
    """Unpack the zip at `path` into the folder `into` after every check of `check`; each file is
    written at most its declared size (a lying directory cannot unpack more)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise Refused("文件不是有效的 zip 压缩包", "the file is not a valid zip archive")
    with archive:
        members = check(archive, max_bytes, max_members=max_members, max_ratio=MAX_RATIO, paths=True)
        root = into.resolve()
        for info in members:
            target = (root / info.filename).resolve()
            if root != target and root not in target.parents:     # what the name check missed
                raise Refused(f"压缩包中的路径 {info.filename} 指向压缩包以外",
                              f"the path {info.filename} in the zip points outside it")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(target, "wb") as out:
                    left = info.file_size
                    while chunk := source.read(min(1 << 20, left + 1)):
                        left -= len(chunk)
                        if left < 0:
                            raise Refused("压缩包内容与其目录不符", "the zip's contents do not match its directory")
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as e:   # RuntimeError: encrypted
                raise Refused(f"无法解压 {info.filename}", f"cannot unpack {info.filename} ({e})")
