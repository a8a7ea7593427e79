"""Submission files leave <ckan.storage_path>/storage/uploads/contest/, which CKAN serves to
anyone at /uploads/contest/…, for a private folder served only through the permission check.

Revision ID: b2d4e6f8a013
Revises: 8a3f6c1d2e90
Create Date: 2026-12-03
"""
revision = "b2d4e6f8a013"
down_revision = "8a3f6c1d2e90"
branch_labels = None
depends_on = None


def upgrade():
    from ckanext.shaoxing_contest import uploads
    uploads.relocate()


def downgrade():
    pass     # files are not put back where anyone could read them
