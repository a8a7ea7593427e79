"""Company membership by invitation: a state on the membership row (invited → accepted |
declined); an account may hold invitations from several companies but is an accepted member of
at most one. Members enrolled before this revision never consented: they become invitations.

Revision ID: c7d1e9f2a345
Revises: c7d1e3f5a902
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "c7d1e9f2a345"
down_revision = "c7d1e3f5a902"
branch_labels = None
depends_on = None

TABLE = "shaoxing_company_member"
TS = sa.DateTime(timezone=True)


def upgrade():
    op.add_column(TABLE, sa.Column("state", sa.String(16), nullable=False, server_default="accepted"))
    op.add_column(TABLE, sa.Column("invited_by", sa.Text))
    op.add_column(TABLE, sa.Column("answered_at", TS))
    op.execute(f"UPDATE {TABLE} SET state = 'invited' WHERE role <> 'owner'")
    op.drop_constraint(f"{TABLE}_pkey", TABLE, type_="primary")
    op.create_primary_key(f"{TABLE}_pkey", TABLE, ["user_id", "company_id"])
    op.create_index("shaoxing_company_member_one_company", TABLE, ["user_id"], unique=True,
                    postgresql_where=sa.text("state = 'accepted'"))


def downgrade():
    op.execute(f"DELETE FROM {TABLE} WHERE state <> 'accepted'")
    op.drop_index("shaoxing_company_member_one_company", TABLE)
    op.drop_constraint(f"{TABLE}_pkey", TABLE, type_="primary")
    op.create_primary_key(f"{TABLE}_pkey", TABLE, ["user_id"])
    op.drop_column(TABLE, "answered_at")
    op.drop_column(TABLE, "invited_by")
    op.drop_column(TABLE, "state")
