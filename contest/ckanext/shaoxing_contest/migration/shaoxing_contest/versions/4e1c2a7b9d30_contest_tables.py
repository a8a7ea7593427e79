"""The contest's tables: contests, phases, teams, members, submissions, cited datasets, judges,
scores and the audit trail.

Revision ID: 4e1c2a7b9d30
Revises:
Create Date: 2026-12-01
"""
from alembic import op

revision = "4e1c2a7b9d30"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ["contest", "contest_phase", "contest_team", "contest_team_member", "contest_submission",
          "contest_submission_dataset", "contest_judge", "contest_score", "contest_audit"]


def upgrade():
    # The tables as model.py declares them, created in dependency order; this revision is their
    # first shape, later revisions alter them explicitly.
    from ckanext.shaoxing_contest import model
    bind = op.get_bind()
    for name in TABLES:
        model.meta.tables[name].create(bind)


def downgrade():
    for name in reversed(TABLES):
        op.drop_table(name)
