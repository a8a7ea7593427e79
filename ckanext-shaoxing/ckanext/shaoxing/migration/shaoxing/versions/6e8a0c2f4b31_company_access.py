"""Company access: companies, members, applications, audit events, grants, app keys, key calls.

Revision ID: 6e8a0c2f4b31
Revises: 5a7c9e1b3d20
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "6e8a0c2f4b31"
down_revision = "5a7c9e1b3d20"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "shaoxing_company",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False, unique=True),
        sa.Column("contact_name", sa.Text, nullable=False),
        sa.Column("contact_phone", sa.Text, nullable=False),
        sa.Column("contact_email", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("created", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", TS))
    op.create_table(
        "shaoxing_company_member",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created", TS, nullable=False, server_default=sa.func.now()))
    op.create_table(
        "shaoxing_access_request",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("scenario", sa.Text, nullable=False),
        sa.Column("app_name", sa.Text, nullable=False),
        sa.Column("security_measures", sa.Text, nullable=False),
        sa.Column("period_days", sa.Integer, nullable=False),
        sa.Column("renews", sa.Text),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("created", TS, nullable=False),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", TS),
        sa.Column("grant_id", sa.Text))
    op.create_index("shaoxing_access_request_package", "shaoxing_access_request", ["package_id", "state"])
    # One pending application per company and entry, whatever the race.
    op.create_index("shaoxing_access_request_one_pending", "shaoxing_access_request", ["company_id", "package_id"],
                    unique=True, postgresql_where=sa.text("state = 'pending'"))
    op.create_table(
        "shaoxing_access_event",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("company_id", sa.Text, nullable=False),
        sa.Column("request_id", sa.Text),
        sa.Column("grant_id", sa.Text),
        sa.Column("user_id", sa.Text),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("at", TS, nullable=False))
    op.create_index("shaoxing_access_event_company", "shaoxing_access_event", ["company_id"])
    op.create_table(
        "shaoxing_grant",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("request_id", sa.Text),
        sa.Column("starts", TS, nullable=False),
        sa.Column("expires", TS, nullable=False),
        sa.Column("daily_quota", sa.Integer),
        sa.Column("revoked_at", TS),
        sa.Column("revoked_by", sa.Text),
        sa.Column("reason", sa.Text))
    op.create_index("shaoxing_grant_company_package", "shaoxing_grant", ["company_id", "package_id"])
    op.create_table(
        "shaoxing_app_key",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False, unique=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("created_by", sa.Text),
        sa.Column("expires", TS, nullable=False),
        sa.Column("revoked_at", TS),
        sa.Column("replaced_by", sa.Text))
    op.create_table(
        "shaoxing_key_calls_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("key_id", sa.Text, primary_key=True),
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("calls", sa.BigInteger, nullable=False),
        sa.Column("last_used", TS))
    op.create_index("shaoxing_key_calls_company", "shaoxing_key_calls_daily", ["company_id", "day"])
    op.create_table(
        "shaoxing_key_calls_flush",
        sa.Column("batch_id", sa.Text, primary_key=True),
        sa.Column("flushed_at", sa.DateTime, nullable=False, server_default=sa.func.now()))


def downgrade():
    for table in ("shaoxing_key_calls_flush", "shaoxing_key_calls_daily", "shaoxing_app_key", "shaoxing_grant",
                  "shaoxing_access_event", "shaoxing_access_request", "shaoxing_company_member", "shaoxing_company"):
        op.drop_table(table)
