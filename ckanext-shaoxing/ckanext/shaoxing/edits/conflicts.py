"""The refusal of a save over a newer version.

A ValidationError, so the action API answers 409 as it does for every refused save, with the
error under `if_match` and the current version beside it. A save made by one of the portal's
edit forms also leaves the refusal on `flask.g` for the form's wrapper (forms.py), which shows
the conflict page in place of CKAN's form (the form catches ValidationErrors itself).
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import flask

MESSAGE = ("此对象在您打开之后已被他人修改（当前版本 {current}，您的版本 {sent}），未保存 / "
           "Changed by someone else since you opened it (now version {current}, yours {sent}): not saved")


class Conflict(tk.ValidationError):
    def __init__(self, kind: str, object_id: str, current: str | None, sent: str):
        super().__init__({"if_match": [MESSAGE.format(current=current, sent=sent)],
                          "current_version": [current or ""]})
        self.kind, self.object_id, self.current, self.sent = kind, object_id, current, sent


def refuse(kind: str, object_id: str, current: str | None, sent: str) -> None:
    # Release the row lock now: nothing of this save is kept.
    model.Session.rollback()
    conflict = Conflict(kind, object_id, current, sent)
    if flask.has_request_context() and flask.g.get("shaoxing_edit_form"):
        flask.g.shaoxing_edit_conflict = conflict
    raise conflict
