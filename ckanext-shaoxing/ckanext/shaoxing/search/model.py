"""The synonym list (同义词表): pairs of equivalent terms, each stored once (the smaller first)."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk

synonym = sa.Table(
    "shaoxing_synonym", tk.BaseModel.metadata,
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("synonym", sa.Text, primary_key=True),
    sa.Column("added_by", sa.Text),
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("term < synonym", name="shaoxing_synonym_ordered"),
    extend_existing=True,
)
