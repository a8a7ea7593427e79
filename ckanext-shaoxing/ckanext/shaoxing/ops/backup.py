"""`ckan shaoxing backup`: a consistent, dated, checked copy of everything the portal keeps.

A backup is a folder `shaoxing-<UTC time>` holding: both PostgreSQL databases (`pg_dump`'s custom
format; each dump is one consistent snapshot of its database), the stored files (a tar of
`ckan.storage_path`), the configuration with its secrets masked, and `manifest.json` with every
file's size and SHA-256. It is written under a temporary name and renamed when complete, so a
folder with that name is always whole. Counts still in Redis are flushed to PostgreSQL first. A
PostgreSQL advisory lock keeps two backups from running at once, on one machine or several.
Retention: the newest `keep` backups, and none older than `max_age_days`."""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import os
import pathlib
import re
import shutil
import subprocess
import tarfile

import ckan
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from ..usage import api as usage_api

log = logging.getLogger(__name__)

PREFIX = "shaoxing-"
STAMP = "%Y%m%dT%H%M%SZ"
LOCK = 0x5358_4241_434B        # the advisory lock's key ("SXBACK")
DATABASES = {"ckan.dump": "sqlalchemy.url", "datastore.dump": "ckan.datastore.write_url"}
STORAGE = "storage.tar.gz"
SECRET_OPTION = re.compile(r"(secret|password|passwd|token|key)$", re.I)
URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]+@")     # redis://:secret@host too


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in both languages."""


def _pg_env(url: str) -> dict[str, str]:
    """libpq's variables for `url`: the password never appears on a command line."""
    u = make_url(url)
    env = {"PGHOST": u.host or "", "PGPORT": str(u.port or 5432), "PGUSER": u.username or "",
           "PGDATABASE": u.database or ""}
    if u.password:
        env["PGPASSWORD"] = u.password
    return {**os.environ, **{k: v for k, v in env.items() if v}}


def _sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def masked_config(text: str) -> str:
    """The ini with every secret's value replaced and passwords taken out of URLs."""
    out = []
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith(("#", ";")) and SECRET_OPTION.search(key.strip()):
            line = f"{key}= ***"
        out.append(URL_PASSWORD.sub(r"\1***@", line))
    return "\n".join(out) + "\n"


def _run(cmd: list[str], url: str, what: str) -> None:
    done = subprocess.run(cmd, env=_pg_env(url), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{what}失败 / {what} failed: {done.stderr.strip()[-500:]}")


@contextlib.contextmanager
def locked():
    """Held while a backup or a restore runs, by any process on any machine of the portal."""
    conn = model.meta.engine.connect()
    try:
        if not conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK}).scalar():
            raise BackupError("另一个备份或恢复正在进行 / another backup or restore is running")
        try:
            yield
        finally:        # the connection goes back to the pool: the lock must not go with it
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK})
    finally:
        conn.close()


def backup(root: pathlib.Path, keep: int | None = None, max_age_days: int | None = None,
           now: datetime.datetime | None = None) -> pathlib.Path:
    """Write a backup under `root`; returns its folder."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    root.mkdir(parents=True, exist_ok=True)
    with locked():
        usage_api.flush_all()
        final = root / (PREFIX + now.strftime(STAMP))
        if final.exists():
            raise BackupError(f"备份已存在 / the backup already exists: {final.name}")
        partial = root / (".partial-" + final.name)
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        for name, option in DATABASES.items():
            url = tk.config.get(option)
            _run(["pg_dump", "--format=custom", "--file", str(partial / name)], url, "pg_dump " + name)
        storage = tk.config.get("ckan.storage_path")
        with tarfile.open(partial / STORAGE, "w:gz") as tar:
            if storage and pathlib.Path(storage).is_dir():
                tar.add(storage, arcname="storage")
        ini = tk.config.get("__file__")
        if ini and pathlib.Path(ini).is_file():
            (partial / "config.ini").write_text(masked_config(pathlib.Path(ini).read_text("utf-8")), "utf-8")
        manifest = {"format": 1, "created": now.isoformat(), "ckan": ckan.__version__,
                    "files": {p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)}
                              for p in sorted(partial.iterdir())}}
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        partial.rename(final)
        prune(root, keep, max_age_days, now)
        return final


def backups(root: pathlib.Path) -> list[pathlib.Path]:
    """The complete backups under `root`, oldest first."""
    return sorted(p for p in root.glob(PREFIX + "*") if p.is_dir() and (p / "manifest.json").is_file())


def _taken_at(folder: pathlib.Path) -> datetime.datetime:
    return datetime.datetime.strptime(folder.name[len(PREFIX):], STAMP).replace(tzinfo=datetime.timezone.utc)


def prune(root: pathlib.Path, keep: int | None, max_age_days: int | None, now: datetime.datetime) -> list[str]:
    """Delete the backups beyond the newest `keep` and those older than `max_age_days`; the
    newest one always stays."""
    found = backups(root)
    gone = set(found[:-keep]) if keep else set()
    if max_age_days is not None:
        limit = now - datetime.timedelta(days=max_age_days)
        gone |= {p for p in found[:-1] if _taken_at(p) < limit}
    for path in sorted(gone):
        shutil.rmtree(path)
    return sorted(p.name for p in gone)


def verify(folder: pathlib.Path) -> dict:
    """The backup's manifest, after every file in it is checked: a missing, truncated or altered
    file refuses the whole backup."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BackupError(f"备份清单无法读取 / the backup's manifest cannot be read: {e}") from e
    for name, want in files.items():
        path = folder / name
        if "/" in name or not path.is_file():
            raise BackupError(f"备份缺少文件 / the backup lacks a file: {name}")
        if path.stat().st_size != want["bytes"] or _sha256(path) != want["sha256"]:
            raise BackupError(f"备份文件已损坏或被改动 / a backup file is truncated or altered: {name}")
    for name in DATABASES:
        if name not in files:
            raise BackupError(f"备份缺少文件 / the backup lacks a file: {name}")
    return manifest
