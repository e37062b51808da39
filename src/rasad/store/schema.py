"""The database tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

The Alembic revisions under ``migrations/versions`` create exactly these tables; a test
checks that the migrated schema and this metadata agree.

- ``articles``: one row per distinct article (unique URL, unique content hash of the
  normalized text), with the fingerprint of the extractor that coded it.
- ``events``: the per-article events (every Event field, evidence spans and rule ids as
  JSON); ``article_pk`` is the article -> events link.
- ``fused_events``: one row per incident across articles, with the fused values, the
  corroboration count, the date window and a folded search text; ``fused_sources``
  links it to every report (per-article event) behind it, with outlet, URL and evidence.
- ``runs``: the run log (what each ``rasad ingest`` read, stored, skipped).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# The Event fields stored as plain columns, in model order (evidence/rules/date_window are JSON).
EVENT_COLUMNS: tuple[tuple[str, sa.types.TypeEngine], ...] = (
    ("event_date", sa.String(10)),
    ("time_precision", sa.Integer()),
    ("disorder_type", sa.String(100)),
    ("event_type", sa.String(100)),
    ("sub_event_type", sa.String(100)),
    ("actor1", sa.String(300)),
    ("actor1_ar", sa.String(300)),
    ("inter1", sa.Integer()),
    ("actor2", sa.String(300)),
    ("actor2_ar", sa.String(300)),
    ("inter2", sa.Integer()),
    ("interaction", sa.Integer()),
    ("civilian_targeting", sa.String(100)),
    ("country", sa.String(100)),
    ("iso", sa.Integer()),
    ("location", sa.String(300)),
    ("location_ar", sa.String(300)),
    ("admin1", sa.String(200)),
    ("admin2", sa.String(200)),
    ("latitude", sa.Float()),
    ("longitude", sa.Float()),
    ("geo_precision", sa.Integer()),
    ("fatalities", sa.Integer()),
    ("captured", sa.Integer()),
    ("wounded", sa.Integer()),
    ("source", sa.Text()),
    ("source_url", sa.Text()),
)


def _event_columns() -> list[sa.Column]:
    return [sa.Column(name, type_, nullable=name not in ("event_type", "sub_event_type",
                                                          "disorder_type", "fatalities"))
            for name, type_ in EVENT_COLUMNS] + [
        sa.Column("date_window", sa.JSON(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
    ]


runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("command", sa.String(50), nullable=False),
    sa.Column("args", sa.JSON(), nullable=True),
    sa.Column("started_at", sa.DateTime(), nullable=False),
    sa.Column("finished_at", sa.DateTime(), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),  # running | done | failed
    sa.Column("n_read", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("n_new", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("n_duplicate", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("n_skipped", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("n_events", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("problems", sa.JSON(), nullable=True),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Text(), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("url", sa.Text(), nullable=True),
    sa.Column("url_key", sa.String(64), nullable=True, unique=True),
    sa.Column("outlet", sa.Text(), nullable=True),
    sa.Column("published", sa.Date(), nullable=True),
    sa.Column("title", sa.Text(), nullable=True),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("path", sa.Text(), nullable=True),
    sa.Column("extractor", sa.String(40), nullable=False),
    sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    sa.Column("ingested_at", sa.DateTime(), nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(40), nullable=False, unique=True),
    sa.Column("article_pk", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("article_id", sa.Text(), nullable=False),
    *_event_columns(),
)

fused_events = sa.Table(
    "fused_events", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(40), nullable=False, unique=True),
    sa.Column("n_sources", sa.Integer(), nullable=False),
    sa.Column("date_lo", sa.String(10), nullable=True),
    sa.Column("date_hi", sa.String(10), nullable=True),
    *_event_columns(),
    # every source's evidence, the actors and the place, folded by search_key: what the
    # API's text search looks in
    sa.Column("search_text", sa.Text(), nullable=True),
    sa.Index("ix_fused_type_dates", "event_type", "date_lo", "date_hi"),
    # the API's filters: by date, by type and date (with the columns the statistics
    # count, so they read the index, not the wide rows), by governorate and date
    sa.Index("ix_fused_event_date", "event_date"),
    sa.Index("ix_fused_type_date", "event_type", "event_date", "sub_event_type", "admin1",
             "fatalities"),
    sa.Index("ix_fused_admin1_date", "admin1", "event_date"),
)

fused_sources = sa.Table(
    "fused_sources", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("fused_pk", sa.Integer(), sa.ForeignKey("fused_events.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("event_pk", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("article_pk", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False, index=True),
)
