"""A save made while another transaction holds the row it must lock: the driver of the
"second save waits for the first and is refused" tests (tests/edits, tests/access)."""
from __future__ import annotations

import threading

import sqlalchemy as sa
from ckan import model

from ckanext.shaoxing.edits.api import Conflict


def waiting_for_a_lock() -> bool:
    """Whether a session of the test database waits on a lock now."""
    with model.meta.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                    "AND datname = current_database()")).scalar() > 0


def second_save(save, first) -> dict:
    """Runs `save()` in a thread until it waits on a lock (the caller's session holds the row),
    then `first()` in this thread (whose commit releases it); the second save's outcome:
    {"saved": True} or {"refused": the version it was told}."""
    outcome = {}

    def second():
        try:
            save()
            outcome["saved"] = True
        except Conflict as e:
            outcome["refused"] = e.current
        finally:
            model.Session.remove()

    thread = threading.Thread(target=second)
    thread.start()
    while not waiting_for_a_lock():
        thread.join(0.05)
        assert thread.is_alive(), outcome
    first()
    thread.join()
    return outcome
