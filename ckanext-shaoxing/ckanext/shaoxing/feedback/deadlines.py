"""The deadlines' run: a reminder on the day a reply is due, escalation to the bureau once
overdue. Run by `ckan shaoxing feedback remind` (with `--loop` in `make run`); each row is marked
as it is told, so runs may repeat or overlap without telling twice."""
from __future__ import annotations

import ckan.model as model

from .. import clock
from . import signals, store
from .model import item


def run() -> dict[str, int]:
    today = clock.today()
    waiting = item.c.state.in_(store.WAITING)
    told = {"reminded": 0, "escalated": 0}
    for flag, event, when in (("reminded", "reminder", item.c.due <= today),
                              ("escalated", "escalation", item.c.overdue < today)):
        ids = model.Session.execute(item.update().where(waiting, when, item.c[flag].is_(False))
                                    .values({flag: True}).returning(item.c.id)).scalars().all()
        model.Session.commit()
        for feedback_id in ids:
            signals.changed(store.get(feedback_id), None, event)
        told[flag] = len(ids)
    return told
