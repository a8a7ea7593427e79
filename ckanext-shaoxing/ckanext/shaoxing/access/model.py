"""Companies, their members, applications with their audit trail, grants, app keys and the
daily calls of each key (flushed from Redis)."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk

metadata = tk.BaseModel.metadata
NOW = sa.func.now()

company = sa.Table(
    "shaoxing_company", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("uscc", sa.String(18), nullable=False, unique=True),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("contact_phone", sa.Text, nullable=False),
    sa.Column("contact_email", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),      # pending | verified | rejected | suspended
    sa.Column("reason", sa.Text),                           # of the last rejection or suspension
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=NOW),
    sa.Column("decided_by", sa.Text),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    extend_existing=True,
)

# What the company's members may change of its profile: the name and code are its verified
# identity. The profile's version (store.version) is a digest of these.
EDITABLE = ("contact_name", "contact_phone", "contact_email")

# Membership is an invitation the invited account accepts; only accepted rows make a member
# (store.company_of). One company per account: a key, a grant or an application belongs to the
# member's company, so an account has at most one accepted row (a partial unique index).
company_member = sa.Table(
    "shaoxing_company_member", metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),       # owner | member
    sa.Column("state", sa.String(16), nullable=False, server_default="accepted"),   # invited | accepted | declined
    sa.Column("invited_by", sa.Text),                       # user id of the owner who invited
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=NOW),
    sa.Column("answered_at", sa.DateTime(timezone=True)),
    sa.Index("shaoxing_company_member_one_company", "user_id", unique=True,
             postgresql_where=sa.text("state = 'accepted'")),
    extend_existing=True,
)

access_request = sa.Table(
    "shaoxing_access_request", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("purpose", sa.Text, nullable=False),
    sa.Column("scenario", sa.Text, nullable=False),
    sa.Column("app_name", sa.Text, nullable=False),
    sa.Column("security_measures", sa.Text, nullable=False),
    sa.Column("period_days", sa.Integer, nullable=False),
    sa.Column("renews", sa.Text),                           # the grant a renewal extends
    sa.Column("state", sa.String(16), nullable=False),      # pending | approved | rejected
    sa.Column("reason", sa.Text),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("decided_by", sa.Text),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column("grant_id", sa.Text),
    extend_existing=True,
)

# Who did what, when and why — to an application, a grant or a company; shown to both sides.
access_event = sa.Table(
    "shaoxing_access_event", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("company_id", sa.Text, nullable=False),
    sa.Column("request_id", sa.Text),
    sa.Column("grant_id", sa.Text),
    sa.Column("user_id", sa.Text),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)

grant = sa.Table(
    "shaoxing_grant", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("request_id", sa.Text),
    sa.Column("starts", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
    sa.Column("daily_quota", sa.Integer),                   # None: the configured default
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.Text),
    sa.Column("reason", sa.Text),
    extend_existing=True,
)

app_key = sa.Table(
    "shaoxing_app_key", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("company_id", sa.Text, sa.ForeignKey("shaoxing_company.id", ondelete="CASCADE"), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False, unique=True),
    sa.Column("digest", sa.String(64), nullable=False),    # HMAC-SHA256 of the key, hex
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text),
    sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("replaced_by", sa.Text),
    extend_existing=True,
)

key_calls = sa.Table(
    "shaoxing_key_calls_daily", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("key_id", sa.Text, primary_key=True),
    sa.Column("resource_id", sa.Text, primary_key=True),
    sa.Column("company_id", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("calls", sa.BigInteger, nullable=False),
    sa.Column("last_used", sa.DateTime(timezone=True)),
    extend_existing=True,
)

key_calls_flush = sa.Table(
    "shaoxing_key_calls_flush", metadata,
    sa.Column("batch_id", sa.Text, primary_key=True),
    sa.Column("flushed_at", sa.DateTime, nullable=False, server_default=NOW),
    extend_existing=True,
)

# Calls counted while Redis did not answer, merged into key_calls by the flusher and deleted in
# the same transaction.
key_calls_spool = sa.Table(
    "shaoxing_key_calls_spool", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("key_id", sa.Text, primary_key=True),
    sa.Column("resource_id", sa.Text, primary_key=True),
    sa.Column("company_id", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("calls", sa.BigInteger, nullable=False),
    extend_existing=True,
)
