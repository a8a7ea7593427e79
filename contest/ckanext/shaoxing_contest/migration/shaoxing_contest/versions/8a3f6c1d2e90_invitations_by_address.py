"""Team invitations by e-mail address are kept under the address until its holder answers, so
inviting tells nothing about whether an address has an account; members' e-mail copies go.

Revision ID: 8a3f6c1d2e90
Revises: 4e1c2a7b9d30
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "8a3f6c1d2e90"
down_revision = "4e1c2a7b9d30"
branch_labels = None
depends_on = None

TABLE = "contest_team_member"


def upgrade():
    op.add_column(TABLE, sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False))
    op.add_column(TABLE, sa.Column("invited_as", sa.Text, nullable=False, server_default=""))
    op.execute(f"UPDATE {TABLE} m SET invited_as = u.name FROM \"user\" u WHERE u.id = m.user_id")
    op.drop_constraint(f"{TABLE}_pkey", TABLE, type_="primary")
    op.create_primary_key(f"{TABLE}_pkey", TABLE, ["id"])
    op.alter_column(TABLE, "user_id", nullable=True)
    op.create_index("contest_team_member_account", TABLE, ["team_id", "user_id"], unique=True,
                    postgresql_where=sa.text("user_id IS NOT NULL"))
    op.create_index("contest_team_member_address", TABLE, ["team_id", sa.text("lower(invited_as)")], unique=True,
                    postgresql_where=sa.text("user_id IS NULL"))
    op.drop_column(TABLE, "email")


def downgrade():
    op.add_column(TABLE, sa.Column("email", sa.Text, nullable=False, server_default=""))
    op.execute(f"DELETE FROM {TABLE} WHERE user_id IS NULL")
    op.drop_index("contest_team_member_address", TABLE)
    op.drop_index("contest_team_member_account", TABLE)
    op.drop_constraint(f"{TABLE}_pkey", TABLE, type_="primary")
    op.alter_column(TABLE, "user_id", nullable=False)
    op.create_primary_key(f"{TABLE}_pkey", TABLE, ["team_id", "user_id"])
    op.drop_column(TABLE, "invited_as")
    op.drop_column(TABLE, "id")
