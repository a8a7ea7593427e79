"""The contest's tables. Clocks are never stored as states: a contest's state is derived from its
phases' datetimes and the server time (see state.py); only events (results published) are stored."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from sqlalchemy.dialects.postgresql import JSONB

meta = tk.BaseModel.metadata


def _id():
    return str(uuid.uuid4())


def _now():
    return sa.func.now()


contest = sa.Table(
    "contest", meta,
    sa.Column("id", sa.Text, primary_key=True, default=_id),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("edition", sa.Integer, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("rules", sa.Text, nullable=False, server_default=""),
    sa.Column("dataset_tag", sa.Text, nullable=False, server_default=""),
    sa.Column("max_team_size", sa.Integer, nullable=False, server_default="5"),
    sa.Column("aggregation", sa.Text, nullable=False),
    sa.Column("tracks", JSONB, nullable=False),       # [{code, label}]
    sa.Column("criteria", JSONB, nullable=False),     # [{code, label, weight}], weights sum to 100
    sa.Column("admins", JSONB, nullable=False, server_default="[]"),   # user ids
    sa.Column("results_published", sa.DateTime(timezone=True)),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    extend_existing=True,
)

# Phases in order (position); [opens, closes) takes submissions, [closes, judging_closes) judging.
phase = sa.Table(
    "contest_phase", meta,
    sa.Column("contest_id", sa.Text, sa.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("code", sa.Text, primary_key=True),     # registration | preliminary | semifinal | final
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("opens", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closes", sa.DateTime(timezone=True), nullable=False),
    sa.Column("judging_closes", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)

team = sa.Table(
    "contest_team", meta,
    sa.Column("id", sa.Text, primary_key=True, default=_id),
    sa.Column("contest_id", sa.Text, sa.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("track", sa.Text, nullable=False),
    sa.Column("entrant_type", sa.Text, nullable=False),
    sa.Column("organization_name", sa.Text, nullable=False, server_default=""),
    sa.Column("leader_id", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),      # the furthest phase the team may submit to
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    sa.UniqueConstraint("contest_id", "name"),
    extend_existing=True,
)

# One row per person; status invited → accepted | declined. The leader is accepted from the start.
# An invitation by e-mail address has no account (user_id NULL) until the address's holder
# answers it: inviting never tells whether an address has an account.
member = sa.Table(
    "contest_team_member", meta,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("team_id", sa.Text, sa.ForeignKey("contest_team.id", ondelete="CASCADE"), nullable=False),
    sa.Column("user_id", sa.Text),
    sa.Column("contest_id", sa.Text, nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("invited_as", sa.Text, nullable=False, server_default=""),   # the user name or address typed
    sa.Column("role", sa.Text, nullable=False),       # leader | member
    sa.Column("status", sa.Text, nullable=False),     # invited | accepted | declined
    sa.Index("contest_team_member_account", "team_id", "user_id", unique=True,
             postgresql_where=sa.text("user_id IS NOT NULL")),
    sa.Index("contest_team_member_address", "team_id", sa.text("lower(invited_as)"), unique=True,
             postgresql_where=sa.text("user_id IS NULL")),
    extend_existing=True,
)

submission = sa.Table(
    "contest_submission", meta,
    sa.Column("id", sa.Text, primary_key=True, default=_id),
    sa.Column("contest_id", sa.Text, sa.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("team_id", sa.Text, sa.ForeignKey("contest_team.id", ondelete="CASCADE"), nullable=False),
    sa.Column("phase", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Column("track", sa.Text, nullable=False),
    sa.Column("demo_url", sa.Text, nullable=False, server_default=""),
    sa.Column("repository_url", sa.Text, nullable=False, server_default=""),
    sa.Column("proposal", sa.Text, nullable=False, server_default=""),       # stored file name
    sa.Column("screenshots", JSONB, nullable=False, server_default="[]"),    # stored file names
    sa.Column("award", sa.Text),                                             # first | second | third | merit
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    sa.UniqueConstraint("team_id", "phase"),
    extend_existing=True,
)

submission_dataset = sa.Table(
    "contest_submission_dataset", meta,
    sa.Column("submission_id", sa.Text, sa.ForeignKey("contest_submission.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("package_id", sa.Text, primary_key=True, index=True),
    extend_existing=True,
)

judge = sa.Table(
    "contest_judge", meta,
    sa.Column("contest_id", sa.Text, sa.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("phase", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("conflicts", JSONB, nullable=False, server_default="[]"),      # organisation names (回避)
    extend_existing=True,
)

score = sa.Table(
    "contest_score", meta,
    sa.Column("submission_id", sa.Text, sa.ForeignKey("contest_submission.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("judge_id", sa.Text, primary_key=True),
    sa.Column("phase", sa.Text, primary_key=True),
    sa.Column("contest_id", sa.Text, nullable=False),
    sa.Column("scores", JSONB, nullable=False),       # criterion code → 0–100
    sa.Column("total", sa.Float, nullable=False),     # Σ weight × score / 100, kept for SQL aggregation
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    sa.Index("contest_score_phase", "contest_id", "phase"),
    extend_existing=True,
)

audit = sa.Table(
    "contest_audit", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("contest_id", sa.Text, index=True),
    sa.Column("actor", sa.Text),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("object_id", sa.Text),
    sa.Column("detail", JSONB, nullable=False, server_default="{}"),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    extend_existing=True,
)
