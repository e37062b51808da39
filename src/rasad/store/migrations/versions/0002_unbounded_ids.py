"""Article ids and outlet names of any length (they come from the input: a JSONL record's
id, often its URL; a page's site name). PostgreSQL enforced VARCHAR(300) where SQLite
stores any length, so such an article was stored by one and refused by the other.

SQLite ignores declared lengths, so there is nothing to change there (and rebuilding the
tables in batch mode would run ON DELETE CASCADE from articles to events).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = (("articles", "article_id", False), ("articles", "outlet", True),
            ("events", "article_id", False))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in _COLUMNS:
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(300),
                        existing_nullable=nullable)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in _COLUMNS:
        op.alter_column(table, column, type_=sa.String(300), existing_type=sa.Text(),
                        existing_nullable=nullable)
