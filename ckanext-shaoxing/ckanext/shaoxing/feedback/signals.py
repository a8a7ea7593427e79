"""The CKAN signal sent after every committed change of a request or report (filed, routed,
answered) and at its deadlines (reminded, escalated): notifications subscribe to it.

Sent as `tk.signals.ckanext.signal(CHANGED).send("shaoxing_feedback", **kw)` with `feedback_id`,
`kind`, `state`, `previous` (None when filed), `event` ("state", "reminder", "escalation"),
`organization_id`, `user_id` (the requester's id) and `package_id`."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

CHANGED = "shaoxing_feedback_changed"


def changed(row: dict, previous: str | None, event: str = "state") -> None:
    tk.signals.ckanext.signal(CHANGED).send(
        "shaoxing_feedback", feedback_id=row["id"], kind=row["kind"], state=row["state"], previous=previous,
        event=event, organization_id=row["organization_id"], user_id=row["user_id"], package_id=row["package_id"])
