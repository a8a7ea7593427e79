"""Backup and restore of the seeded portal of `make run` (RPO/RTO, docs/operator/backups.md).

Times `ckan shaoxing backup` of make run's stack against its bare parts in the same run (`pg_dump`
of both databases and a tar of the storage folder), then `ckan shaoxing restore` of that backup into
an empty stack (the drill's databases, `shaoxing_drill*`, emptied first) including the search
index rebuild, and reports sizes, times and ratios. Needs `make run` to have seeded its stack.

    devstack/bench.sh backup_restore [--rounds 2]"""
from __future__ import annotations

import argparse
import configparser
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
INI = ROOT / ".devstack/ckan.ini"
CKAN = str(ROOT / ".venv/bin/ckan")


def portal_env() -> dict[str, str]:
    """The environment without the bench's CKAN_* overrides: the ini of make run speaks."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(cmd[:4])} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not INI.exists():
        sys.exit("no make run stack here (.devstack/ckan.ini): run `make run` first")
    app = configparser.ConfigParser(interpolation=None, strict=False)
    app.read(INI)
    app = app["app:main"]
    urls = {"CKAN_SQLALCHEMY_URL": app["sqlalchemy.url"], "CKAN_DATASTORE_WRITE_URL": app["ckan.datastore.write_url"],
            "CKAN_DATASTORE_READ_URL": app["ckan.datastore.read_url"]}
    drill = {}
    for key, url in urls.items():
        base, db = url.rsplit("/", 1)
        if db not in ("shaoxing", "shaoxing_datastore"):
            sys.exit(f"{key} names {db}, not make run's database")
        drill[key] = f"{base}/{db.replace('shaoxing', 'shaoxing_drill', 1)}"
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url
    rows = []
    for _ in range(args.rounds):
        work = pathlib.Path(tempfile.mkdtemp(prefix="shaoxing-bench-backup-"))
        try:
            # The bare parts: what any backup has to do at least.
            bare = 0.0
            for name, key in (("ckan", "CKAN_SQLALCHEMY_URL"), ("datastore", "CKAN_DATASTORE_WRITE_URL")):
                u = make_url(urls[key])
                env = {**portal_env(), "PGPASSWORD": u.password or "", "PGHOST": u.host, "PGPORT": str(u.port),
                       "PGUSER": u.username}
                bare += timed(["pg_dump", "--format=custom", "-f", str(work / f"{name}.dump"), u.database], env)
            bare += timed(["tar", "-C", str(pathlib.Path(app["ckan.storage_path"]).parent), "-czf",
                           str(work / "storage.tar.gz"), pathlib.Path(app["ckan.storage_path"]).name], portal_env())
            ours = timed([CKAN, "-c", str(INI), "shaoxing", "backup", "--to", str(work / "backups"), "--keep", "0"],
                         portal_env())
            folder = next((work / "backups").iterdir())
            size = sum(p.stat().st_size for p in folder.iterdir())
            for key in ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL"):
                engine = sa.create_engine(drill[key])
                with engine.begin() as conn:
                    conn.execute(sa.text("DROP OWNED BY CURRENT_USER CASCADE"))
                engine.dispose()
            restore_env = {**portal_env(), **drill, "CKAN_STORAGE_PATH": str(work / "drill-storage")}
            restore = timed([CKAN, "-c", str(INI), "shaoxing", "restore", str(folder)], restore_env)
            rows.append({"backup_s": round(ours, 2), "bare_s": round(bare, 2), "ratio": round(ours / bare, 2),
                         "restore_s": round(restore, 2), "backup_mb": round(size / 2**20, 1)})
        finally:
            shutil.rmtree(work, ignore_errors=True)
    with sa.create_engine(urls["CKAN_SQLALCHEMY_URL"]).connect() as conn:
        entries = conn.execute(sa.text("SELECT count(*) FROM package WHERE state = 'active'")).scalar()
    print(json.dumps({"entries": entries, "load": os.getloadavg()[0], "rounds": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
