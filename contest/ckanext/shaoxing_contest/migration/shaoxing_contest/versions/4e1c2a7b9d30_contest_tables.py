"""The contest's tables: contests, phases, teams, members, submissions, cited datasets, judges,
scores and the audit trail.

Revision ID: 4e1c2a7b9d30
Revises:
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "4e1c2a7b9d30"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk(table: str, ondelete: str = "CASCADE"):
    return sa.ForeignKey(f"{table}.id", ondelete=ondelete)


def upgrade():
    op.create_table(
        "contest",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("edition", sa.Integer, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("rules", sa.Text, nullable=False, server_default=""),
        sa.Column("dataset_tag", sa.Text, nullable=False, server_default=""),
        sa.Column("max_team_size", sa.Integer, nullable=False, server_default="5"),
        sa.Column("aggregation", sa.Text, nullable=False),
        sa.Column("tracks", JSONB, nullable=False),
        sa.Column("criteria", JSONB, nullable=False),
        sa.Column("admins", JSONB, nullable=False, server_default="[]"),
        sa.Column("results_published", TZ),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()))
    op.create_table(
        "contest_phase",
        sa.Column("contest_id", sa.Text, _fk("contest"), primary_key=True),
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("opens", TZ, nullable=False),
        sa.Column("closes", TZ, nullable=False),
        sa.Column("judging_closes", TZ, nullable=False))
    op.create_table(
        "contest_team",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("contest_id", sa.Text, _fk("contest"), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("track", sa.Text, nullable=False),
        sa.Column("entrant_type", sa.Text, nullable=False),
        sa.Column("organization_name", sa.Text, nullable=False, server_default=""),
        sa.Column("leader_id", sa.Text, nullable=False),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("contest_id", "name"))
    op.create_table(
        "contest_team_member",
        sa.Column("team_id", sa.Text, _fk("contest_team"), primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("contest_id", sa.Text, nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("email", sa.Text, nullable=False, server_default=""),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False))
    op.create_table(
        "contest_submission",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("contest_id", sa.Text, _fk("contest"), nullable=False, index=True),
        sa.Column("team_id", sa.Text, _fk("contest_team"), nullable=False),
        sa.Column("phase", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("track", sa.Text, nullable=False),
        sa.Column("demo_url", sa.Text, nullable=False, server_default=""),
        sa.Column("repository_url", sa.Text, nullable=False, server_default=""),
        sa.Column("proposal", sa.Text, nullable=False, server_default=""),
        sa.Column("screenshots", JSONB, nullable=False, server_default="[]"),
        sa.Column("award", sa.Text),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("modified", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("team_id", "phase"))
    op.create_table(
        "contest_submission_dataset",
        sa.Column("submission_id", sa.Text, _fk("contest_submission"), primary_key=True),
        sa.Column("package_id", sa.Text, primary_key=True, index=True))
    op.create_table(
        "contest_judge",
        sa.Column("contest_id", sa.Text, _fk("contest"), primary_key=True),
        sa.Column("phase", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("conflicts", JSONB, nullable=False, server_default="[]"))
    op.create_table(
        "contest_score",
        sa.Column("submission_id", sa.Text, _fk("contest_submission"), primary_key=True),
        sa.Column("judge_id", sa.Text, primary_key=True),
        sa.Column("phase", sa.Text, primary_key=True),
        sa.Column("contest_id", sa.Text, nullable=False),
        sa.Column("scores", JSONB, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("modified", TZ, nullable=False, server_default=sa.func.now()))
    op.create_index("contest_score_phase", "contest_score", ["contest_id", "phase"])
    op.create_table(
        "contest_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("contest_id", sa.Text, index=True),
        sa.Column("actor", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("object_id", sa.Text),
        sa.Column("detail", JSONB, nullable=False, server_default="{}"),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()))


def downgrade():
    for name in ["contest_audit", "contest_score", "contest_judge", "contest_submission_dataset", "contest_submission",
                 "contest_team_member", "contest_team", "contest_phase", "contest"]:
        op.drop_table(name)
