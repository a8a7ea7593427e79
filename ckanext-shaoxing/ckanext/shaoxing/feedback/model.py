"""The tables: requests and reports (one table, `kind` tells them apart), their public history,
the upvotes and the holiday calendar the working days follow."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from sqlalchemy.dialects.postgresql import JSONB

KINDS = ("request", "report")
STATES = ("submitted", "routed", "accepted", "declined", "duplicate", "fulfilled")
OPEN = ("submitted", "routed", "accepted")
# An answer ends the wait the deadlines measure: accepted (with a plan) counts as answered.
ANSWERED = ("accepted", "declined", "duplicate", "fulfilled")
CLOSED = ("declined", "duplicate", "fulfilled")
DAY_KINDS = ("holiday", "workday")

item = sa.Table(
    "shaoxing_feedback", tk.BaseModel.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("domain", sa.Text),
    sa.Column("organization_id", sa.Text),          # wanted, then routed department
    sa.Column("intended_use", sa.Text),
    sa.Column("contact", sa.Text),                  # contact preference: portal | email | phone
    sa.Column("package_id", sa.Text),               # the entry a request names, or a report is on
    sa.Column("resource_id", sa.Text),
    sa.Column("field", sa.Text),                    # a report: which field is wrong
    sa.Column("should_be", sa.Text),                # a report: what it should be
    sa.Column("attachment", sa.Text),               # stored file name (attachments.py)
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("due", sa.Date, nullable=False),        # reply due (working days)
    sa.Column("overdue", sa.Date, nullable=False),    # past this day: overdue, escalated
    sa.Column("answered", sa.DateTime(timezone=True)),
    sa.Column("planned", sa.Date),
    sa.Column("duplicate_of", sa.Text),
    sa.Column("fulfilled_by", sa.Text),             # the dataset that answers it
    sa.Column("reminded", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("escalated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("votes", sa.Integer, nullable=False, server_default="0"),
    extend_existing=True,
)

# The public history: every change of state with its reply and date.
event = sa.Table(
    "shaoxing_feedback_event", tk.BaseModel.metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("feedback_id", sa.Text, sa.ForeignKey("shaoxing_feedback.id", ondelete="CASCADE"), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reply", sa.Text),
    sa.Column("detail", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    extend_existing=True,
)

vote = sa.Table(
    "shaoxing_feedback_vote", tk.BaseModel.metadata,
    sa.Column("feedback_id", sa.Text, sa.ForeignKey("shaoxing_feedback.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    extend_existing=True,
)

# Days that differ from the Monday–Friday week: public holidays and 调休 make-up working days.
holiday = sa.Table(
    "shaoxing_holiday", tk.BaseModel.metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("source", sa.Text),
    extend_existing=True,
)
