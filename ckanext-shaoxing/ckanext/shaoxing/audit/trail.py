"""`record`: write one security event to the audit trail."""
from __future__ import annotations

import datetime as dt
import json
import logging

import flask

from . import model

log = logging.getLogger(__name__)

MAX_DETAIL = 4000   # characters of JSON; the trail holds facts, not payloads


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _text(value) -> str | None:
    return None if value in (None, "") else str(value)[:200]


def record(event: str, actor: str | None = None, object_type: str | None = None, object_id: str | None = None,
           result: str = "success", detail: dict | None = None) -> None:
    """Write an event: `event` "<area>.<what>", `actor` the user name (None: anonymous or the
    system), the object acted on, `result` success | failure | denied, `detail` a small
    JSON-serialisable dict (never secrets). Time and the request's source address are filled in.

    A failed write is logged with the whole event and does not fail the caller's request."""
    if not event or result not in model.RESULTS:
        raise ValueError(f"audit: bad event {event!r} or result {result!r}")
    body = json.dumps(detail or {}, ensure_ascii=False, default=str)
    if len(body) > MAX_DETAIL:
        body = json.dumps({"truncated": body[:MAX_DETAIL]}, ensure_ascii=False)
    row = {"at": now(), "actor": _text(actor), "action": event[:100], "object_type": _text(object_type),
           "object_id": _text(object_id), "result": result, "detail": json.loads(body),
           "remote_addr": flask.request.remote_addr if flask.has_request_context() else None}
    try:
        model.insert(row)
    except Exception:
        log.exception("audit event not written: %r", row)
