"""The quality check as a job of `ckan jobs worker`. `job` never raises: a check that fails is
recorded with its reason and the worker goes on with the next job."""
from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from redis.exceptions import RedisError
from sqlalchemy.dialects.postgresql import insert

from . import run, settings
from .model import quality

log = logging.getLogger(__name__)


def enqueue(package_id: str) -> None:
    try:
        tk.enqueue_job(job, [package_id], title=f"shaoxing quality check {package_id}",
                       rq_kwargs={"timeout": settings.limit("max_seconds") * 4 + 60})
    except RedisError as e:
        # The save that asked for it must not fail with the jobs queue: the nightly
        # `ckan shaoxing quality run-all` checks the entry again.
        log.warning("quality check of %s not queued (jobs queue unavailable: %s)", package_id, type(e).__name__)


def job(package_id: str) -> None:
    try:
        run.check(package_id)
    except tk.ObjectNotFound:
        log.info("quality check of %s skipped: the dataset is gone", package_id)
    except Exception as e:
        log.exception("quality check of %s failed", package_id)
        model.Session.rollback()
        _record_failure(package_id, e)
    finally:
        model.Session.remove()


def _record_failure(package_id: str, error: Exception) -> None:
    zh, en = f"检查失败：{error}", f"the check failed: {error}"
    row = {"package_id": package_id, "score": 0.0, "passed": False, "dimensions": {}, "privacy": [],
           "errors": [{"name": None, "zh": zh, "en": en}], "checked_at": dt.datetime.utcnow()}
    try:
        model.Session.execute(insert(quality).values(**row).on_conflict_do_update(
            index_elements=["package_id"], set_={k: v for k, v in row.items() if k != "package_id"}))
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        log.exception("could not record the failed check of %s", package_id)
        return
    run.announce(package_id)
