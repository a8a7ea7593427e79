"""Data requests and error reports, their history and upvotes, and the holiday calendar (seeded
from feedback/holidays.csv: the State Council's notice, as data).

Revision ID: d8f2a4c6e013
Revises: a6c8e0b2d4f1
Create Date: 2026-12-04
"""
import csv
import datetime as dt
import pathlib

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "d8f2a4c6e013"
down_revision = "a6c8e0b2d4f1"
branch_labels = None
depends_on = None

CSV = pathlib.Path(__file__).resolve().parents[3] / "feedback" / "holidays.csv"


def upgrade():
    op.create_table(
        "shaoxing_feedback",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("domain", sa.Text),
        sa.Column("organization_id", sa.Text),
        sa.Column("intended_use", sa.Text),
        sa.Column("contact", sa.Text),
        sa.Column("package_id", sa.Text),
        sa.Column("resource_id", sa.Text),
        sa.Column("field", sa.Text),
        sa.Column("should_be", sa.Text),
        sa.Column("attachment", sa.Text),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("overdue", sa.Date, nullable=False),
        sa.Column("answered", sa.DateTime(timezone=True)),
        sa.Column("planned", sa.Date),
        sa.Column("duplicate_of", sa.Text),
        sa.Column("fulfilled_by", sa.Text),
        sa.Column("reminded", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("escalated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("votes", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("kind IN ('request', 'report')", name="shaoxing_feedback_kind"),
        sa.CheckConstraint("state IN ('submitted', 'routed', 'accepted', 'declined', 'duplicate', 'fulfilled')",
                           name="shaoxing_feedback_state"),
        sa.CheckConstraint("duplicate_of IS NULL OR duplicate_of <> id", name="shaoxing_feedback_not_itself"))
    # The public list: the first page walks this index (most wanted first); the counts by state
    # read the second alone.
    op.create_index("shaoxing_feedback_list", "shaoxing_feedback",
                    [sa.text("votes DESC"), sa.text("created DESC"), "id"])
    op.create_index("shaoxing_feedback_state", "shaoxing_feedback", ["state", "package_id"])
    op.create_index("shaoxing_feedback_org", "shaoxing_feedback", ["organization_id", "state"])
    op.create_index("shaoxing_feedback_user", "shaoxing_feedback", ["user_id", "created"])
    op.create_index("shaoxing_feedback_fulfilled", "shaoxing_feedback", ["fulfilled_by"])
    op.create_table(
        "shaoxing_feedback_event",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("feedback_id", sa.Text, sa.ForeignKey("shaoxing_feedback.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reply", sa.Text),
        sa.Column("detail", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")))
    op.create_index("shaoxing_feedback_event_of", "shaoxing_feedback_event", ["feedback_id", "at"])
    op.create_table(
        "shaoxing_feedback_vote",
        sa.Column("feedback_id", sa.Text, sa.ForeignKey("shaoxing_feedback.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True))
    holiday = op.create_table(
        "shaoxing_holiday",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.CheckConstraint("kind IN ('holiday', 'workday')", name="shaoxing_holiday_kind"))
    with CSV.open(encoding="utf-8") as f:
        op.bulk_insert(holiday, [{**row, "day": dt.date.fromisoformat(row["day"])}
                                 for row in csv.DictReader(f)])


def downgrade():
    op.drop_table("shaoxing_holiday")
    op.drop_table("shaoxing_feedback_vote")
    op.drop_table("shaoxing_feedback_event")
    op.drop_table("shaoxing_feedback")
