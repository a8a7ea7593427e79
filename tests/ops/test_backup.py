"""Backups and the restore drill.

The drill: the company-access world (a conditional entry with a loaded DataStore table, companies,
a grant) is changed (an app key issued, a download counted and not yet flushed), backed up, and the
backup restored by the real `ckan shaoxing restore` into an empty stack (the databases
`shaoxing_drill*` that `devstack/services.sh` creates, emptied first, and an empty storage folder).
A real portal on the restored stack then answers: every table's row count, every stored file's
hash, the DataStore table, the counted download, the app key and search are as they were.
Bad input: an altered or truncated backup is refused; so are a used stack (unless forced) and a
second backup while one runs; retention keeps what it says."""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import pathlib
import subprocess

import ckan.model as model
import pytest
import requests
import sqlalchemy as sa
from ckan.common import config

from ckanext.shaoxing.ops import backup as backups
from ckanext.shaoxing.ops import restore as restores
from tests.access.conftest import key_header
from tests.conftest import PLUGINS, ROOT
from tests.ops.conftest import free_port

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]
URLS = ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL", "CKAN_DATASTORE_READ_URL")


def drill_env(storage: pathlib.Path) -> dict[str, str]:
    """The test stack's settings with the drill's databases and storage folder."""
    env = dict(os.environ)
    for name in URLS:
        url = env.get(name, "")
        if "/shaoxing_test" not in url:
            pytest.skip("the drill needs the project's own PostgreSQL (devstack/services.sh)")
        env[name] = url.replace("/shaoxing_test", "/shaoxing_drill")
    env["CKAN_STORAGE_PATH"] = str(storage)
    return env


def emptied(env: dict[str, str]) -> None:
    """Both drill databases without anything the portal's account owns: an empty stack."""
    for name in ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL"):
        engine = sa.create_engine(env[name])
        with engine.begin() as conn:
            conn.execute(sa.text("DROP OWNED BY CURRENT_USER CASCADE"))
        engine.dispose()


def row_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        tables = conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        counts = {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    engine.dispose()
    return counts


def file_hashes(root: pathlib.Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def cache_versions() -> list:
    from ckan.lib.redis import connect_to_redis
    return [connect_to_redis().get(k) for k in ("shaoxing:home:version", "shaoxing:targets:version")]


def test_restore_drill(world, tmp_path):
    from ckanext.shaoxing.usage import counters
    from devstack.serve import gunicorn
    key = world.granted_key()
    table = world.entry["table"]["id"]
    counters.count("download", table)              # still in Redis: the backup flushes it first
    folder = backups.backup(tmp_path / "backups")
    assert sorted(p.name for p in folder.iterdir()) == ["ckan.dump", "config.ini", "datastore.dump",
                                                        "manifest.json", "storage.tar.gz"]
    assert "password" not in (folder / "config.ini").read_text().lower() or "***" in (folder / "config.ini").read_text()
    with model.meta.engine.connect() as conn:
        downloads = conn.execute(sa.text("SELECT coalesce(sum(count), 0) FROM shaoxing_usage_daily "
                                         "WHERE object_id = :r AND kind = 'download'"), {"r": table}).scalar()
    assert downloads == 1

    env = drill_env(tmp_path / "drill-storage")
    emptied(env)
    versions_before = cache_versions()
    done = subprocess.run([str(ROOT / ".venv/bin/ckan"), "-c", str(ROOT / "test.ini"), "shaoxing", "restore",
                           str(folder)], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "search index rebuilt" in done.stdout
    # The restored portal shares this Redis: the figures and lists cached from before are retired.
    assert all(a != b for a, b in zip(versions_before, cache_versions()))

    assert row_counts(env["CKAN_SQLALCHEMY_URL"]) == row_counts(os.environ["CKAN_SQLALCHEMY_URL"])
    assert row_counts(env["CKAN_DATASTORE_WRITE_URL"]) == row_counts(os.environ["CKAN_DATASTORE_WRITE_URL"])
    assert file_hashes(tmp_path / "drill-storage") == file_hashes(pathlib.Path(config["ckan.storage_path"]))

    with gunicorn(free_port(), ROOT / "test.ini", ROOT / ".devstack/logs/drill-portal.log", env=env) as base:
        rows = requests.get(base + "/api/3/action/datastore_search", params={"resource_id": table},
                            headers=key_header(key), timeout=60)
        assert rows.status_code == 200, rows.text[:500]
        assert rows.json()["result"]["total"] > 0
        found = requests.get(base + "/api/3/action/package_search", params={"q": "name:" + world.entry["name"]},
                             timeout=60).json()["result"]
        assert found["count"] == 1
        refused = requests.get(base + "/api/3/action/datastore_search", params={"resource_id": table}, timeout=60)
        assert refused.status_code == 403        # the restored grant is still the only way in


def test_an_altered_or_truncated_backup_is_refused(tmp_path):
    folder = tmp_path / "shaoxing-20261204T010000Z"
    folder.mkdir()
    for name, body in (("ckan.dump", b"x" * 100), ("datastore.dump", b"y" * 100), ("storage.tar.gz", b"z")):
        (folder / name).write_bytes(body)
    manifest = {"format": 1, "created": "2026-12-04T01:00:00+00:00",
                "files": {p.name: {"bytes": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                          for p in folder.iterdir()}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert backups.verify(folder)["created"] == manifest["created"]
    (folder / "ckan.dump").write_bytes(b"x" * 99)
    with pytest.raises(backups.BackupError, match="truncated or altered: ckan.dump"):
        restores.restore(folder, force=True)
    (folder / "ckan.dump").write_bytes(b"x" * 99 + b"!")
    with pytest.raises(backups.BackupError, match="ckan.dump"):
        backups.verify(folder)
    (folder / "ckan.dump").unlink()
    with pytest.raises(backups.BackupError, match="lacks a file: ckan.dump"):
        backups.verify(folder)
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(backups.BackupError, match="manifest"):
        backups.verify(folder)


@pytest.mark.usefixtures("clean_db")
def test_a_used_stack_is_restored_over_only_when_forced(world, tmp_path):
    folder = backups.backup(tmp_path)
    before = row_counts(os.environ["CKAN_SQLALCHEMY_URL"])
    with pytest.raises(backups.BackupError, match="--force"):
        restores.restore(folder)
    assert row_counts(os.environ["CKAN_SQLALCHEMY_URL"]) == before


def test_two_backups_never_run_at_once(tmp_path):
    with backups.locked():
        with pytest.raises(backups.BackupError, match="another backup"):
            backups.backup(tmp_path)
    assert backups.backups(tmp_path) == []
    with backups.locked():      # and free again once the first one ends
        pass


def test_retention_keeps_the_newest_and_drops_the_old(tmp_path):
    now = datetime.datetime(2026, 12, 4, 3, tzinfo=datetime.timezone.utc)
    for days in (40, 20, 3, 2, 1):
        folder = tmp_path / (backups.PREFIX + (now - datetime.timedelta(days=days)).strftime(backups.STAMP))
        folder.mkdir()
        (folder / "manifest.json").write_text("{}")
    (tmp_path / ".partial-shaoxing-x").mkdir()          # an unfinished one is not a backup
    assert backups.prune(tmp_path, keep=4, max_age_days=10, now=now) == [
        backups.PREFIX + (now - datetime.timedelta(days=d)).strftime(backups.STAMP) for d in (40, 20)]
    assert len(backups.backups(tmp_path)) == 3
    assert backups.prune(tmp_path, keep=None, max_age_days=0, now=now + datetime.timedelta(days=30))[-1:] != \
        [backups.backups(tmp_path)[-1].name]
    assert len(backups.backups(tmp_path)) == 1           # the newest always stays


def test_the_configuration_is_kept_without_its_secrets():
    text = ("[app:main]\nbeaker.session.secret = s3cr3t\nSECRET_KEY=abc\n"
            "sqlalchemy.url = postgresql://ckan_default:pa55@db:5432/shaoxing\n"
            "ckanext.shaoxing.access.key_secret = hmac-key\nckan.redis.url = redis://:r3d1s@cache:6379/0\n"
            "ckan.site_title = 绍兴\n# api_token = kept comment\n")
    masked = backups.masked_config(text)
    for secret in ("s3cr3t", "abc", "pa55", "hmac-key", "r3d1s"):
        assert secret not in masked
    assert "postgresql://ckan_default:***@db:5432/shaoxing" in masked and "ckan.site_title = 绍兴" in masked
