"""Pages of company access (filled below)."""
from __future__ import annotations

from flask import Blueprint

access = Blueprint("shaoxing_access", __name__)


@access.route("/company/applications")
def applications():
    return ""
