"""`ckan shaoxing restore`: a backup checked against its manifest, brought into an empty stack (a
used one only when forced: `pg_restore --clean` replaces what is there), its stored files put
back, then the search index rebuilt from the restored database."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import tarfile

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from .api import RESTORED
from .backup import DATABASES, STORAGE, BackupError, _run, locked, verify


def in_use() -> bool:
    """Whether the portal's database holds a catalogue already (datasets or organizations)."""
    with model.meta.engine.connect() as conn:
        if conn.execute(sa.text("SELECT to_regclass('public.package') IS NULL")).scalar():
            return False
        return bool(conn.execute(sa.text(
            'SELECT EXISTS (SELECT 1 FROM package) OR EXISTS (SELECT 1 FROM "group")')).scalar())


def _dispose_engines() -> None:
    """pg_restore drops and recreates tables: no pooled connection of this process may hold them."""
    model.Session.remove()
    model.meta.engine.dispose()
    try:
        from ckanext.datastore.backend.postgres import get_read_engine, get_write_engine
        get_read_engine().dispose()
        get_write_engine().dispose()
    except (ImportError, KeyError):
        pass


def restore(folder: pathlib.Path, force: bool = False) -> dict:
    """Restore `folder`; returns what was done. Refuses an altered backup, and a used stack unless
    `force`."""
    manifest = verify(folder)
    if in_use() and not force:
        raise BackupError("目标平台已有数据；确认要覆盖请加 --force / the portal already holds a catalogue: "
                          "restore over it only with --force")
    with locked():
        _dispose_engines()
        for name, option in DATABASES.items():
            url = tk.config.get(option)
            _run(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                  "--use-list", str(_without_extensions(folder / name)), "--dbname", make_url(url).database,
                  str(folder / name)], url, "pg_restore " + name)
        files = _restore_storage(folder / STORAGE)
    _dispose_engines()
    from ckan.lib.search import rebuild
    rebuild(defer_commit=False)
    tk.signals.ckanext.signal(RESTORED).send("ops")      # cached figures and lists are stale
    return {"created": manifest["created"], "files": files}


def _without_extensions(dump: pathlib.Path) -> pathlib.Path:
    """The dump's table of contents without its extensions (pg_trgm in the DataStore): they belong
    to the stack (devstack/services.sh creates them as the superuser), and the portal's account
    may neither drop nor create them."""
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
    if listing.returncode:
        raise BackupError(f"备份文件无法读取 / a backup file cannot be read: {dump.name}")
    kept = [line for line in listing.stdout.splitlines() if " EXTENSION " not in line]
    path = dump.with_suffix(".list")
    path.write_text("\n".join(kept) + "\n", "utf-8")
    return path


def _plain_members(tar: tarfile.TarFile, into: pathlib.Path):
    """Only files, folders and hard links between them that land inside `into`: no symbolic
    links, devices, absolute paths or `..`
    (Debian 12's Python 3.11.2 predates tarfile's extraction filters)."""
    root = into.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        # A hard link (one stored file under two names) is fine when both names are inside.
        linked = member.islnk() and (root / member.linkname).resolve().is_relative_to(root)
        if not (member.isfile() or member.isdir() or linked) or not target.is_relative_to(root):
            raise BackupError(f"备份中的存储文件不安全 / an unsafe entry in the stored files: {member.name[:200]}")
        yield member


def _restore_storage(archive: pathlib.Path) -> int:
    target = pathlib.Path(tk.config.get("ckan.storage_path"))
    target.mkdir(parents=True, exist_ok=True)
    staging = target.parent / (".restore-" + target.name)
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(staging, members=_plain_members(tar, staging))
    restored = staging / "storage"
    count = sum(1 for p in restored.rglob("*") if p.is_file()) if restored.is_dir() else 0
    if restored.is_dir():
        for item in restored.iterdir():
            dest = target / item.name
            if dest.is_dir():
                shutil.rmtree(dest)
            elif dest.exists():
                dest.unlink()
            item.rename(dest)
    shutil.rmtree(staging, ignore_errors=True)
    return count
