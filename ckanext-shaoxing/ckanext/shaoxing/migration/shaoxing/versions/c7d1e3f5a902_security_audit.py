"""The security audit trail: one append-only table.

A trigger refuses UPDATE, DELETE and TRUNCATE of its rows. Deletes pass only inside a transaction
that set `shaoxing.audit_purge` (SET LOCAL / set_config(..., true)):
  "retention" (ckan shaoxing audit purge): rows older than 180 days by the database's clock only;
  "reset" (the test suite's database reset): any row.
The application's code sets these in those two places only (audit/model.py).

Revision ID: c7d1e3f5a902
Revises: b4e8d2a6c913
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "c7d1e3f5a902"
down_revision = "b4e8d2a6c913"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("remote_addr", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("object_type", sa.Text),
        sa.Column("object_id", sa.Text),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("detail", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.CheckConstraint("result IN ('success', 'failure', 'denied')", name="shaoxing_audit_result"))
    op.create_index("shaoxing_audit_at", "shaoxing_audit", ["at"])
    op.create_index("shaoxing_audit_actor_at", "shaoxing_audit", ["actor", "at"])
    op.create_index("shaoxing_audit_action_at", "shaoxing_audit", ["action", "at"])
    op.execute("""
        CREATE OR REPLACE FUNCTION shaoxing_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF current_setting('shaoxing.audit_purge', true) = 'reset' THEN
              RETURN OLD;
            END IF;
            IF current_setting('shaoxing.audit_purge', true) = 'retention'
               AND OLD.at < now() - interval '180 days' THEN
              RETURN OLD;
            END IF;
          END IF;
          RAISE EXCEPTION 'shaoxing_audit is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END $$""")
    op.execute("""CREATE TRIGGER shaoxing_audit_no_change BEFORE UPDATE OR DELETE ON shaoxing_audit
                  FOR EACH ROW EXECUTE FUNCTION shaoxing_audit_append_only()""")
    op.execute("""CREATE TRIGGER shaoxing_audit_no_truncate BEFORE TRUNCATE ON shaoxing_audit
                  FOR EACH STATEMENT EXECUTE FUNCTION shaoxing_audit_append_only()""")


def downgrade():
    op.drop_table("shaoxing_audit")
    op.execute("DROP FUNCTION IF EXISTS shaoxing_audit_append_only()")
