"""The initial schema: articles, events, fused events and their sources, the run log.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_REQUIRED = {"event_type", "sub_event_type", "disorder_type", "fatalities"}


def _event_columns() -> list[sa.Column]:
    """The Event fields as they were in revision 0001 (a frozen copy, not the live schema)."""
    s = sa.String
    typed = [
        ("event_date", s(10)), ("time_precision", sa.Integer()),
        ("disorder_type", s(100)), ("event_type", s(100)), ("sub_event_type", s(100)),
        ("actor1", s(300)), ("actor1_ar", s(300)), ("inter1", sa.Integer()),
        ("actor2", s(300)), ("actor2_ar", s(300)), ("inter2", sa.Integer()),
        ("interaction", sa.Integer()), ("civilian_targeting", s(100)),
        ("country", s(100)), ("iso", sa.Integer()), ("location", s(300)),
        ("location_ar", s(300)), ("admin1", s(200)), ("admin2", s(200)),
        ("latitude", sa.Float()), ("longitude", sa.Float()), ("geo_precision", sa.Integer()),
        ("fatalities", sa.Integer()), ("captured", sa.Integer()), ("wounded", sa.Integer()),
        ("source", sa.Text()), ("source_url", sa.Text()),
    ]
    return [sa.Column(n, t, nullable=n not in _REQUIRED) for n, t in typed] + [
        sa.Column("date_window", sa.JSON(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("command", sa.String(50), nullable=False),
        sa.Column("args", sa.JSON(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("n_read", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_new", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_duplicate", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_skipped", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_events", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("problems", sa.JSON(), nullable=True),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(300), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("url_key", sa.String(64), nullable=True, unique=True),
        sa.Column("outlet", sa.String(300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("extractor", sa.String(40), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(40), nullable=False, unique=True),
        sa.Column("article_pk", sa.Integer(),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.String(300), nullable=False),
        *_event_columns(),
    )
    op.create_index("ix_events_article_pk", "events", ["article_pk"])
    op.create_table(
        "fused_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(40), nullable=False, unique=True),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("date_lo", sa.String(10), nullable=True),
        sa.Column("date_hi", sa.String(10), nullable=True),
        *_event_columns(),
    )
    op.create_index("ix_fused_type_dates", "fused_events", ["event_type", "date_lo", "date_hi"])
    op.create_table(
        "fused_sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("fused_pk", sa.Integer(),
                  sa.ForeignKey("fused_events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_pk", sa.Integer(),
                  sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("article_pk", sa.Integer(),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_fused_sources_fused_pk", "fused_sources", ["fused_pk"])
    op.create_index("ix_fused_sources_article_pk", "fused_sources", ["article_pk"])


def downgrade() -> None:
    for table in ("fused_sources", "fused_events", "events", "articles", "runs"):
        op.drop_table(table)
