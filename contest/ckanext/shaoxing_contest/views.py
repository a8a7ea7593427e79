"""Contest pages (Flask blueprint)."""
from __future__ import annotations

from flask import Blueprint

contest = Blueprint("shaoxing_contest", __name__)
